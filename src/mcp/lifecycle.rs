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
    // Through `era::supported` (its refusal dropped: an unknown version is answered
    // with the newest), so that `Version::parse` has one caller and is inlined there.
    let mut version = NEWEST_SESSION_ERA;
    let _ = crate::era::supported(Some(requested), Version::V2024_11_05, Some(&mut version));
    if version.stateless() {
        version = NEWEST_SESSION_ERA;
    }
    // The rest (capabilities, server info, instructions) is one build-time text.
    out.raw(b"{\"protocolVersion\":\"").raw(version.as_str().as_bytes()).raw(catalog::INITIALIZE_TAIL.as_bytes());
    Ok(())
}

/// Lists every version served, so a probing client can pick an era. In the
/// stateless era the server's identity moves from a body field to `_meta`.
pub fn discover(cx: &Ctx, out: &mut Out) -> Result<(), RpcError> {
    // One loop over the result's pieces, not an append call each; the cache hints go
    // in where the pieces up to the instructions end. (Joined at compile time into two
    // texts, the pieces saved 31 code bytes for 377 of data: not taken.)
    for (i, piece) in DISCOVER.iter().enumerate() {
        if i == HINTS_AT {
            super::cache_hint(cx, out, catalog::CACHE_HINT);
        }
        out.raw(piece.as_bytes());
    }
    Ok(())
}

/// The `server/discover` result around its cache hints (an absent instructions member
/// is an empty piece).
const DISCOVER: [&str; 7] = [
    "{\"supportedVersions\":",
    version::SUPPORTED_JSON,
    catalog::CAPABILITIES_MEMBER,
    catalog::INSTRUCTIONS_MEMBER,
    ",\"_meta\":{\"io.modelcontextprotocol/serverInfo\":",
    catalog::SERVER_INFO,
    "}}",
];

/// The piece of [`DISCOVER`] the cache hints go before.
const HINTS_AT: usize = 4;

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
