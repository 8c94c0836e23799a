//! CORS for browser clients (MCP Inspector in a browser, web apps). Preflight is
//! answered before any auth check, because browsers never send credentials on it.
//! Only an Origin that passed `origin::check` is ever echoed, and never `*`.

use crate::bytes::within;
use crate::http::{Header, Response};

const ALLOW_ORIGIN: &str = "access-control-allow-origin";
/// The request header's name, borrowed from the response header's (`bytes::within`).
pub const ORIGIN: &str = within(ALLOW_ORIGIN, "origin");
/// The `Allow` header's name (a 405's), borrowed the same way.
pub const ALLOW: &str = within(ALLOW_ORIGIN, "allow");

/// The `/mcp` endpoint's 405 header (`Response::add_all`).
pub static ALLOW_POST: [Header<'static>; 1] = [Header::new(ALLOW, "POST, OPTIONS")];

/// Also where the stateless era's error texts borrow the header names from.
pub const ALLOW_HEADERS: &str =
    "Content-Type, Accept, Authorization, MCP-Protocol-Version, Mcp-Method, Mcp-Name, Mcp-Session-Id, Last-Event-ID";
const EXPOSE_HEADERS: &str = "Mcp-Session-Id, WWW-Authenticate";

/// The preflight's headers, one static table (`Response::add_all`).
static PREFLIGHT: [Header<'static>; 3] = [
    Header::new("access-control-allow-methods", "POST, GET, DELETE, OPTIONS"),
    Header::new("access-control-allow-headers", ALLOW_HEADERS),
    Header::new("access-control-max-age", "86400"),
];

/// The headers of an allowed cross-origin answer besides the echoed origin.
static EXPOSE: [Header<'static>; 2] = [
    Header::new("access-control-expose-headers", EXPOSE_HEADERS),
    Header::new("vary", const { within(crate::transport::FORBIDDEN, "Origin") }),
];

pub fn preflight() -> Response {
    let mut r = Response::new(204);
    r.add_all(&PREFLIGHT);
    r
}

/// Adds the CORS response headers for an allowed cross-origin request.
pub fn decorate(response: &mut Response, origin: Option<&str>) {
    if let Some(o) = origin {
        response.add_owned(ALLOW_ORIGIN, crate::buf::string(o));
        response.add_all(&EXPOSE);
    }
}
