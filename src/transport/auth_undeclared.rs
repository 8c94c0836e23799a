//! Auth in a build whose catalog does not declare it (no `catalog/auth.json`).
//!
//! Such a module carries no bearer check and no metadata document, so it must not
//! look like it has them: if the operator set `MCP_BEARER_TOKEN` anyway, every
//! request is a 500 naming the secret, never an open endpoint the operator believes
//! closed. The metadata path is an ordinary unknown path (404). Same interface as
//! `auth.rs`, so the transport reads the same either way.

use crate::config::{self, ConfigError};
use crate::env::Host;
use alloc::string::String;

use crate::http::{Request, Response};

pub fn is_metadata_path(_path: &str) -> bool {
    false
}

/// `Ok(())` unless a token is configured that this build cannot check.
pub fn check(_req: &Request, env: &Host) -> Result<(), Result<String, ConfigError>> {
    if !config::bearer_token_set(env) {
        return Ok(());
    }
    Err(Err(ConfigError { key: config::BEARER_TOKEN, why: ": set, but built without catalog/auth.json\n" }))
}

/// Never called: [`check`] returns no challenge.
pub fn unauthorized(_challenge: String) -> Response {
    Response::text(404, crate::transport::NOT_FOUND)
}

/// Never called: [`is_metadata_path`] is always false.
pub fn metadata_not_allowed() -> Response {
    Response::text(404, crate::transport::NOT_FOUND)
}

/// Never called: [`is_metadata_path`] is always false.
pub fn metadata(_req: &Request, _env: &Host) -> Result<Response, ConfigError> {
    Ok(Response::text(404, crate::transport::NOT_FOUND))
}
