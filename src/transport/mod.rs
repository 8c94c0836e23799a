//! Streamable HTTP, the rules before any JSON is read.
//!
//! Order matters and follows the path of a request:
//! path -> Origin (403) -> CORS preflight (before auth, so browsers can ask) ->
//! auth metadata -> bearer token (401; auth exists only where the catalog declares
//! it, see `auth_undeclared.rs`) -> method (405) -> Content-Type (415) ->
//! Accept (406) -> size (413) -> [`crate::post`] for the JSON-RPC body.

use crate::env::Host;
use crate::http::{Method, Request, Response, JSON};
use crate::limits::MAX_BODY_BYTES;
use crate::{post, reply};

/// Bearer auth and its metadata, in builds whose catalog declares it (`catalog/auth.json`);
/// otherwise a stand-in that refuses to serve if a token is configured.
#[cfg(edge_auth)]
pub mod auth;
#[cfg(not(edge_auth))]
#[path = "auth_undeclared.rs"]
pub mod auth;
pub mod config;
pub mod cors;
pub mod origin;

// Texts that other constants are borrowed from (see `bytes::within`: the module then
// carries the shorter ones' bytes once, inside these).
/// The 404 of every path but `/mcp` (and the metadata's, in builds with auth).
pub const NOT_FOUND: &str = "Not Found: use /mcp\n";
/// The 403 of an Origin that is not allowed.
pub const FORBIDDEN: &str = "Forbidden: Origin not allowed\n";

/// The 406 of an `Accept` that allows neither reply; it lists the two media types as
/// the SDKs send them, which `reply` borrows.
pub const NOT_ACCEPTABLE: &str = "Accept must allow one of application/json, text/event-stream\n";

pub const MCP_PATH: &str = crate::bytes::within(NOT_FOUND, "/mcp");

pub fn handle(req: &Request, env: &Host) -> Response {
    // `/mcp` exactly is what clients send: settled by one compare, without parsing the
    // URI for a scheme, query or fragment (several hundred Wasm instructions). As one
    // 32-bit compare: `!=` calls `memcmp`, whose byte loop takes about a hundred
    // instructions for four bytes.
    let mut metadata = false;
    let is_mcp = match req.uri.as_bytes() {
        &[a, b, c, d] => u32::from_le_bytes([a, b, c, d]) == u32::from_le_bytes(*b"/mcp"),
        _ => false,
    };
    if !is_mcp {
        let path = req.path();
        metadata = auth::is_metadata_path(path);
        if *path != *MCP_PATH && !metadata {
            return Response::text(404, NOT_FOUND);
        }
    }
    // Every answer returns from inside this block; a configuration error leaves it, to
    // the one place that builds the 500 (so `config_error` is written once, inlined).
    let error = 'misconfigured: {
        let origin = req.header(cors::ORIGIN);
        match origin::check(req, origin, env) {
            Ok(true) => {}
            Ok(false) => return Response::text(403, FORBIDDEN),
            Err(config::BadOriginList) => break 'misconfigured config::ORIGINS_ERROR,
        }
        // A configuration error leaves at once: its 500 carries no CORS headers. Only the
        // auth rules can meet one, so the other answers are plain `Response`s, not moved
        // through a `Result`.
        let mut response = if req.method == Method::Options {
            cors::preflight()
        } else if metadata && !matches!(req.method, Method::Get | Method::Head) {
            auth::metadata_not_allowed()
        } else if metadata {
            match auth::metadata(req, env) {
                Ok(r) => r,
                Err(e) => break 'misconfigured e,
            }
        } else {
            match auth::check(req, env) {
                Ok(()) => mcp_endpoint(req, env),
                Err(Ok(challenge)) => auth::unauthorized(challenge),
                Err(Err(e)) => break 'misconfigured e,
            }
        };
        cors::decorate(&mut response, origin);
        return response;
    };
    config_error(error)
}

fn config_error(e: config::ConfigError) -> Response {
    let mut message = crate::buf::string("Server misconfigured: ");
    crate::buf::push_str(&mut message, e.key);
    crate::buf::push_str(&mut message, e.why);
    // The message moved in as the body, not copied as `Response::text` would.
    Response::typed(500, &crate::http::CONTENT_TEXT, message.into_bytes())
}

fn mcp_endpoint(req: &Request, env: &Host) -> Response {
    if req.method != Method::Post {
        // No GET stream (a stateless server has nothing to push) and no session to
        // DELETE. 405 is what clients expect; they then carry on with POST only.
        let mut r = Response::text(405, "Method Not Allowed: use POST\n");
        r.add_all(&cors::ALLOW_POST);
        return r;
    }
    if !is_json(req.header("content-type")) {
        return Response::text(415, "Content-Type must be application/json\n");
    }
    let accept = reply::Accept::parse(req.header("accept"));
    if !accept.json && !accept.sse {
        return Response::text(406, NOT_ACCEPTABLE);
    }
    if req.body.len() > MAX_BODY_BYTES {
        return Response::text(413, "Payload Too Large: over 1048576 bytes\n");
    }
    post::handle(req, env, accept)
}

/// `application/json`, with or without parameters such as `charset=utf-8`.
fn is_json(content_type: Option<&str>) -> bool {
    if content_type.is_some_and(|c| crate::bytes::same(c, JSON)) {
        return true; // what every client sends
    }
    let media = content_type.map_or("", |c| crate::bytes::trim_ows(crate::bytes::before_any(c, b";")));
    crate::http::eq_caseless(media.as_bytes(), JSON.as_bytes())
}
