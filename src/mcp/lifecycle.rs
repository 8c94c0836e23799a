//! `initialize` (session era), `server/discover` (both eras) and `logging/setLevel`.

use super::version::{self, Version, NEWEST_SESSION_ERA};
use super::{Ctx, Params};
use crate::catalog;
use crate::json::Out;
use crate::jsonrpc::RpcError;

/// Echoes the client's version when the session era has it, else offers the newest.
/// (`initialize` does not exist in the stateless era, so 2026-07-28 is not offered.)
pub fn initialize(params: &Params, out: &mut Out) -> Result<(), RpcError> {
    let requested = params.required_str(const { crate::bytes::within(crate::era::META_PROTOCOL_VERSION, "protocolVersion") })?;
    let version = match Version::parse(requested) {
        Some(v) if !v.stateless() => v,
        _ => NEWEST_SESSION_ERA,
    };
    // The rest (capabilities, server info, instructions) is one build-time text.
    out.raw(b"{\"protocolVersion\":\"").raw(version.as_str().as_bytes()).raw(catalog::INITIALIZE_TAIL.as_bytes());
    Ok(())
}

/// Lists every version served, so a probing client can pick an era. In the
/// stateless era the server's identity moves from a body field to `_meta`.
pub fn discover(cx: &Ctx, out: &mut Out) -> Result<(), RpcError> {
    out.raw(b"{\"supportedVersions\":").raw(version::SUPPORTED_JSON.as_bytes());
    out.raw(catalog::CAPABILITIES_MEMBER.as_bytes());
    instructions(out);
    super::cache_hint(cx, out, catalog::TTL_MS);
    out.raw(b",\"_meta\":{\"io.modelcontextprotocol/serverInfo\":").raw(catalog::SERVER_INFO.as_bytes());
    out.raw(b"}}");
    Ok(())
}

fn instructions(out: &mut Out) {
    if !catalog::INSTRUCTIONS_MEMBER.is_empty() {
        out.raw(catalog::INSTRUCTIONS_MEMBER.as_bytes());
    }
}

pub const LEVELS: [&str; 8] = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

/// Accepts a valid level. A stateless server cannot remember it, so log
/// notifications are filtered by nothing; the spec lets servers send what they like.
pub fn set_level(params: &Params, out: &mut Out) -> Result<(), RpcError> {
    let level = params.required_str("level")?;
    if !LEVELS.contains(&level) {
        return Err(RpcError::invalid_params("Invalid params: unknown logging level"));
    }
    out.raw(b"{}");
    Ok(())
}
