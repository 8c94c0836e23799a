//! `catalog/auth.json`: whether the server has bearer-token auth at all.
//!
//! Auth is a capability like any other, so a catalog pays for it only by declaring
//! it: with the file, the module carries `src/transport/auth.rs` (the bearer check and
//! the RFC 9728 metadata document, about 2.5 KB); without it, a build that finds the
//! `MCP_BEARER_TOKEN` secret set refuses every request rather than serve openly what
//! its operator meant to protect (`src/transport/auth_undeclared.rs`).
//!
//! ```json
//! { "scheme": "bearer" }
//! ```
//! `"bearer"` is the one scheme there is (MCP's resource-server model); the token and
//! the metadata stay operator settings (`MCP_BEARER_TOKEN`, `MCP_AUTH_SERVER`,
//! `MCP_RESOURCE_URL`), read per request, so one build serves open and closed deployments.

use miniserde::json::Value;
use std::path::Path;

use super::files::read_object;
use super::Result;

/// Whether the catalog declares auth; an error naming the file if it does so wrongly.
pub fn declared(catalog: &Path) -> Result<bool> {
    let path = catalog.join("auth.json");
    if !path.exists() {
        return Ok(false);
    }
    let o = read_object(&path)?;
    let file = path.display();
    for key in o.keys() {
        if key != "scheme" {
            return Err(format!("{file}: {key:?} is not an auth field (only \"scheme\")"));
        }
    }
    match o.get("scheme") {
        Some(Value::String(s)) if s == "bearer" => Ok(true),
        _ => Err(format!("{file}: \"scheme\" must be \"bearer\"")),
    }
}
