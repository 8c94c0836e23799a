//! Bearer-token authentication (MCP's resource-server model, 2025-06-18+).
//!
//! With the secret `MCP_BEARER_TOKEN` set, every request but CORS preflight and
//! the metadata document needs `Authorization: Bearer <token>`, compared in
//! constant time. With `MCP_AUTH_SERVER` set, RFC 9728 metadata is served and the
//! 401 points at it, so OAuth-capable clients can discover where to log in.
//! With no token configured the endpoint is open: the README says so plainly.

use alloc::string::String;

use crate::bytes;
use crate::config::{self, ConfigError};
use crate::env::Host;
use crate::http::{Header, Request, Response};
use crate::json::Out;

const UNAUTHORIZED: &str = "Unauthorized: Bearer token required\n";
/// An `Authorization` header's scheme with the space that ends it (compared without
/// case, so borrowed from the 401's text: `bytes::within`).
const BEARER: &str = bytes::within(UNAUTHORIZED, "Bearer ");

/// Where the metadata of `/mcp` is served (RFC 9728 §3), also served without `/mcp`.
const METADATA_PATH_MCP: &str = "/.well-known/oauth-protected-resource/mcp";
const METADATA_PATH: &str = bytes::within(METADATA_PATH_MCP, "/.well-known/oauth-protected-resource");

/// Whether `path` is [`METADATA_PATH_MCP`] or [`METADATA_PATH`]: both start the first,
/// so one length test and one compare of bytes (not `strip_prefix`, then a match of
/// the rest).
pub fn is_metadata_path(path: &str) -> bool {
    let n = path.len();
    // SAFETY: `n` is one of the two lengths, neither more than the first's.
    (n == METADATA_PATH_MCP.len() || n == METADATA_PATH.len())
        && *unsafe { METADATA_PATH_MCP.as_bytes().get_unchecked(..n) } == *path.as_bytes()
}

/// `Ok(())` when the request may proceed, else the 401's challenge (or a config error):
/// the caller builds the 401 ([`unauthorized`]) where it keeps it, not here to be
/// copied out through this `Result`.
pub fn check(req: &Request, env: &Host) -> Result<(), Result<String, ConfigError>> {
    let token = config::bearer_token(env);
    if token.is_empty() {
        return Ok(());
    }
    // The scheme is all before the first space, and `bearer` has none: so the header is
    // `bearer ` in any case, then the token (compared as one prefix, not split first).
    // (On bytes, whose `get` is `None` only when the header is shorter: a `str` cut
    // would test for a character boundary too, which a match makes certain. Not
    // `bytes::sub`: its `&str` comes back through memory.)
    let presented = req.header("authorization").and_then(|h| {
        // SAFETY: when the first seven bytes match they are ASCII (`Bearer `), so 7 is
        // in bounds and a character boundary.
        h.as_bytes()
            .get(..BEARER.len())
            .is_some_and(|scheme| crate::http::eq_caseless(scheme, BEARER.as_bytes()))
            .then(|| bytes::trim_ows(unsafe { h.get_unchecked(BEARER.len()..) }))
    });
    if let Some(p) = presented {
        if constant_time_eq(p.as_bytes(), token.as_bytes()) {
            return Ok(());
        }
    }
    // One constant serves both challenges: without a token presented, its first part.
    const CHALLENGE: &str = "Bearer realm=\"mcp\", error=\"invalid_token\"";
    let head = if presented.is_some() { CHALLENGE } else { const { bytes::within(CHALLENGE, "Bearer realm=\"mcp\"") } };
    let mut challenge = crate::buf::string(head);
    if config::auth_server(env).map_err(Err)?.is_some() {
        // SAFETY: `resource_url` returns `Some`, an `https://` or `http://` URL.
        unsafe { push_metadata_url(&mut challenge, &resource_url(req, env).map_err(Err)?.unwrap_unchecked()) };
    }
    Err(Ok(challenge))
}

/// The 401 for a `www-authenticate` challenge from [`check`]. Inlined into the
/// transport's `handle`, its one caller, so the response is built where it is kept.
#[inline(always)]
pub fn unauthorized(challenge: String) -> Response {
    let mut r = Response::text(401, UNAUTHORIZED);
    r.add_owned("www-authenticate", challenge);
    r
}

/// Compares every byte whatever the contents, so timing reveals at most the lengths:
/// the loop runs over `a` (the presented token), against itself when the lengths differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = (a.len() != b.len()) as u8;
    let other = if diff == 0 { b } else { a };
    for (x, y) in a.iter().zip(other) {
        diff |= x ^ y;
    }
    // Keep the optimiser from short-circuiting the loop.
    core::hint::black_box(diff) == 0
}

/// The public URL of `/mcp`: `MCP_RESOURCE_URL`, else built from the Host header.
/// Always `https://` or `http://` then more (which [`push_metadata_url`] relies on).
/// `Some` whenever `Ok` (callers unwrap it unchecked): the configured answer, or its
/// error, is passed on as `config` wrote it, in the caller's slot, not unpacked and
/// packed again into a narrower type (23 bytes).
fn resource_url(req: &Request, env: &Host) -> Result<Option<String>, ConfigError> {
    // One answer, replaced when nothing is configured: config's is written where the
    // caller keeps it, not into a slot of this frame and then copied there.
    let mut answer = config::resource_url(env);
    if let Ok(url @ None) = &mut answer {
        let host = req.header(config::HOST).or_else(|| req.header("server_name")).unwrap_or("localhost");
        let built = url.insert(crate::buf::string(if config::loopback_authority(host) { "http://" } else { "https://" }));
        crate::buf::push_str(built, host);
        crate::buf::push_str(built, crate::transport::MCP_PATH);
    }
    answer
}

/// Appends the challenge's `resource_metadata` parameter for `resource`: RFC 9728 §3
/// puts the metadata for `https://h/mcp` at
/// `https://h/.well-known/oauth-protected-resource/mcp`. Written into the challenge in
/// pieces, not built as a URL of its own and then copied in.
///
/// # Safety
/// `resource` starts `https://` or `http://` (what [`resource_url`] returns: config::url
/// checks the configured one, the built one is written so), so the scheme is not
/// searched for and the URL is cut unchecked.
unsafe fn push_metadata_url(challenge: &mut String, resource: &str) {
    // SAFETY (for each cut): byte 4 (`s` or `:`) is in bounds; `after_scheme` is the
    // prefix's length; the authority is cut from the rest at an ASCII `/` or its end. All
    // are in bounds and character boundaries, so no checked cut is needed.
    let after_scheme = if *resource.as_bytes().get_unchecked(4) == b's' { 8 } else { 7 };
    let path_start = after_scheme + bytes::before_any(resource.get_unchecked(after_scheme..), b"/").len();
    crate::buf::push_str(challenge, ", resource_metadata=\"");
    crate::buf::push_str(challenge, resource.get_unchecked(..path_start));
    crate::buf::push_str(challenge, METADATA_PATH);
    crate::buf::push_str(challenge, resource.get_unchecked(path_start..));
    crate::buf::push_str(challenge, "\"");
}

/// The metadata document's 405, for any method but GET and HEAD ([`metadata`] is asked
/// only those). Inlined into the transport's `handle`, so the response is built where
/// it is kept, not copied out of `metadata`'s `Result`.
#[inline(always)]
pub fn metadata_not_allowed() -> Response {
    static ALLOW_GET: [Header<'static>; 1] = [Header::new(crate::transport::cors::ALLOW, "GET, OPTIONS")];
    let mut r = Response::text(405, "Method Not Allowed\n");
    r.add_all(&ALLOW_GET);
    r
}

/// The protected-resource metadata document (404 when no auth server is set), for GET
/// and HEAD (other methods get [`metadata_not_allowed`]).
pub fn metadata(req: &Request, env: &Host) -> Result<Response, ConfigError> {
    // Both settings read before one `?`: one error exit, not two.
    let settings = match config::auth_server(env) {
        Ok(Some(server)) => resource_url(req, env).map(|resource| Some((server, resource))),
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    };
    let Some((server, resource)) = settings? else {
        return Ok(Response::text(404, config::NO_AUTH_SERVER));
    };
    let mut out = Out::new();
    // SAFETY: `resource_url` returns `Some` whenever it returns `Ok`.
    out.raw(b"{\"resource\":").str(unsafe { &resource.unwrap_unchecked() });
    out.raw(b",\"authorization_servers\":[").str(&server);
    out.raw(b"],\"bearer_methods_supported\":[\"header\"]}");
    Ok(Response::json(200, out.buf))
}
