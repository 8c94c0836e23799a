//! CORS for browser clients (MCP Inspector in a browser, web apps). Preflight is
//! answered before any auth check, because browsers never send credentials on it.
//! Only an Origin that passed `origin::check` is ever echoed, and never `*`.

use crate::config::ConfigError;
use crate::http::Response;

const ALLOW_HEADERS: &str =
    "Content-Type, Accept, Authorization, MCP-Protocol-Version, Mcp-Method, Mcp-Name, Mcp-Session-Id, Last-Event-ID";
const EXPOSE_HEADERS: &str = "Mcp-Session-Id, WWW-Authenticate";

pub fn preflight() -> Result<Response, ConfigError> {
    Ok(Response::new(204)
        .header("access-control-allow-methods", "POST, GET, DELETE, OPTIONS")
        .header("access-control-allow-headers", ALLOW_HEADERS)
        .header("access-control-max-age", "86400"))
}

/// Adds the CORS response headers for an allowed cross-origin request.
pub fn decorate(response: Response, origin: Option<&str>) -> Response {
    match origin {
        Some(o) => response
            .header("access-control-allow-origin", o)
            .header("access-control-expose-headers", EXPOSE_HEADERS)
            .header("vary", "Origin"),
        None => response,
    }
}
