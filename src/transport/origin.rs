//! The Origin rule (a MUST since 2025-11-25): browsers send `Origin`, SDK clients
//! do not. Absent is allowed; same-origin is allowed; an origin listed in
//! `MCP_ALLOWED_ORIGINS` is allowed; everything else is 403.
//!
//! "Same origin" compares the Origin's authority with the host the request was
//! addressed to. For a loopback origin (a page on localhost), the Host header must
//! be loopback too: that is the DNS-rebinding defence, because a rebound attacker
//! page has Origin and Host both set to the attacker's name, and is only
//! same-origin with itself.

use crate::config::{self, loopback_authority, BadOriginList};
use crate::env::Host;
use crate::http::{eq_caseless, Request};

/// `origin` is the request's `Origin` header, which the caller has already looked up.
pub fn check(req: &Request, origin: Option<&str>, env: &Host) -> Result<bool, BadOriginList> {
    let origin = match origin {
        None => return Ok(true),
        Some(o) => o,
    };
    // "null" (sandboxed frames, file:// pages) and garbage are refused even under
    // `*`: any page can make itself opaque, so allowing "null" allows everyone.
    let start = config::origin_authority_start(origin);
    if start == 0 {
        return Ok(false);
    }
    // SAFETY: a non-zero start is where the authority starts, right after an ASCII
    // `://`: in bounds and a character boundary.
    let origin_authority = unsafe { origin.get_unchecked(start..) };
    if config::origin_listed(env, origin)? {
        return Ok(true);
    }
    // The host the platform says this app is (FastEdge sets it), else Host.
    let server_name = req.header("server_name");
    let host = match req.header(config::HOST).or(server_name) {
        Some(h) => h,
        None => return Ok(false),
    };
    if !same_authority(origin, origin_authority, host) {
        return Ok(false);
    }
    // Same-origin with a non-loopback name is only trustworthy when the request did
    // not arrive on loopback: locally, a rebound name must not pass.
    let served_locally = server_name.is_none_or(|s| loopback_authority(s));
    Ok(loopback_authority(host) || !served_locally)
}

/// `https://example.com` is the same authority as Host `example.com` and
/// `example.com:443`.
fn same_authority(origin: &str, origin_authority: &str, host: &str) -> bool {
    if eq_caseless(origin_authority.as_bytes(), host.as_bytes()) {
        return true;
    }
    // On bytes (`str`'s `starts_with` and `strip_suffix` go through its pattern code).
    let default_port: &[u8] = if origin.as_bytes().starts_with(config::HTTPS.as_bytes()) { b":443" } else { b":80" };
    // SAFETY: the host ends with the ASCII port, so the cut before it is in bounds and
    // a character boundary.
    host.as_bytes().ends_with(default_port)
        && eq_caseless(origin_authority.as_bytes(), unsafe { host.as_bytes().get_unchecked(..host.len() - default_port.len()) })
}
