//! Operator configuration, read per request (each FastEdge instance lives for one
//! request, so there is nothing to cache) and validated as it is read: a value
//! that does not parse is a 500 naming the key, never a silent default.
//!
//! | key (dictionary / env)  | meaning |
//! |-------------------------|---------|
//! | `MCP_ALLOWED_ORIGINS`   | comma-separated origins allowed besides same-origin; `*` allows any |
//! | `MCP_RESOURCE_URL`      | public URL of this `/mcp` endpoint (for auth metadata) |
//! | `MCP_AUTH_SERVER`       | OAuth authorization server URL; enables RFC 9728 metadata |
//! | `PUBLIC_*`              | values the `app_config` tool may reveal |
//!
//! | secret                  | meaning |
//! |-------------------------|---------|
//! | `MCP_BEARER_TOKEN`      | when set, every request needs `Authorization: Bearer <token>` |

use alloc::string::String;

use crate::bytes;
use crate::env::Host;

pub const ALLOWED_ORIGINS: &str = "MCP_ALLOWED_ORIGINS";
pub const RESOURCE_URL: &str = "MCP_RESOURCE_URL";
pub const AUTH_SERVER: &str = "MCP_AUTH_SERVER";
pub const BEARER_TOKEN: &str = "MCP_BEARER_TOKEN";

/// A configuration value that does not parse: the key and why, both constants, so
/// nothing is built until the one 500 that reports it.
pub struct ConfigError {
    pub key: &'static str,
    pub why: &'static str,
}

fn error(key: &'static str, why: &'static str) -> ConfigError {
    ConfigError { key, why }
}

/// `MCP_ALLOWED_ORIGINS` has an entry that is not an origin: the one error its reading
/// can meet, so [`origin_listed`] reports it as this marker (a `Result` of one byte, in a
/// register, not a `ConfigError` through memory) and the caller makes [`ORIGINS_ERROR`].
pub struct BadOriginList;

/// The error [`BadOriginList`] stands for.
pub const ORIGINS_ERROR: ConfigError = ConfigError { key: ALLOWED_ORIGINS, why: "entries must be scheme://host[:port] or *" };

/// Whether `origin` is listed in `MCP_ALLOWED_ORIGINS`.
pub fn origin_listed(env: &Host, origin: &str) -> Result<bool, BadOriginList> {
    let list = match env.config(ALLOWED_ORIGINS) {
        Some(list) => list,
        None => return Ok(false),
    };
    let mut listed = false;
    for entry in bytes::split(&list, b',').filter(|e| !e.is_empty()) {
        // A slice pattern, not `==`: comparing two `&str` goes through a shared helper
        // that passes both through the stack.
        let wildcard = matches!(entry.as_bytes(), b"*");
        if !wildcard && origin_authority(entry).is_none() {
            return Err(BadOriginList);
        }
        listed |= wildcard || entry.eq_ignore_ascii_case(origin);
    }
    Ok(listed)
}

/// `scheme://host[:port]` with nothing after the authority.
// Inlined (a call and a test): `origin_authority`'s answer lands in the caller's frame,
// not in a frame of its own.
#[inline(always)]
pub fn is_origin(s: &str) -> bool {
    origin_authority(s).is_some()
}

/// The authority of `s` if it is `scheme://host[:port]` with nothing after it: the
/// Origin check needs the authority too, so it is split out once.
pub fn origin_authority(s: &str) -> Option<&str> {
    // The scheme is all before the first "://" (`:` is no scheme character, so no other
    // split could pass), then an authority without any of `/?#@ `.
    let (scheme, authority) = bytes::split_once(s, "://")?;
    let mut i = 0;
    while let Some(&c) = scheme.as_bytes().get(i) {
        if !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-')) {
            return None;
        }
        i += 1;
    }
    let valid = i > 0 && !authority.is_empty() && bytes::pos_any(authority, b"/?#@ ").is_none();
    valid.then_some(authority)
}

/// An `https://` URL (or `http://` for loopback hosts), validated.
fn url(env: &Host, key: &'static str) -> Result<Option<String>, ConfigError> {
    let Some(raw) = env.config(key) else { return Ok(None) };
    let value = bytes::trim_ows(&raw);
    if value.is_empty() {
        return Ok(None);
    }
    let authority = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://").filter(|rest| loopback_authority(rest)))
        .ok_or(error(key, "must be https:// (http:// for localhost only)"))?;
    let (host_start, host_end) = host_range(authority.as_bytes());
    if host_start == host_end || bytes::contains(value.as_bytes(), b' ') {
        return Err(error(key, "URL needs a host"));
    }
    Ok(Some(crate::buf::string(value)))
}

pub fn resource_url(env: &Host) -> Result<Option<String>, ConfigError> {
    url(env, RESOURCE_URL)
}

pub fn auth_server(env: &Host) -> Result<Option<String>, ConfigError> {
    url(env, AUTH_SERVER)
}

/// The bearer token, if one is configured (an empty secret counts as none).
#[cfg(edge_auth)]
pub fn bearer_token(env: &Host) -> Option<String> {
    env.secret(BEARER_TOKEN).filter(|t| !t.is_empty())
}

/// Whether a bearer token is configured (an empty secret counts as none), without
/// taking the value: for builds that have no auth to check it with.
#[cfg(not(edge_auth))]
pub fn bearer_token_set(env: &Host) -> bool {
    env.secret_set(BEARER_TOKEN)
}

/// Where the host part of `authority[/path...]` (without port or brackets) starts and
/// ends, as byte offsets (`start <= end <= len`): offsets, not a sub-`&str`, which would
/// come back through the stack. Builds without auth have one caller
/// ([`loopback_authority`]; `url` is for auth), which it is inlined into.
#[cfg_attr(not(edge_auth), inline(always))]
fn host_range(b: &[u8]) -> (usize, usize) {
    // One pass to the end of the authority (`/?#`, or `]` inside brackets), remembering
    // the last `:`, which starts the port outside brackets.
    let bracketed = matches!(b.first(), Some(b'['));
    let (mut i, mut end) = (bracketed as usize, b.len());
    while let Some(&c) = b.get(i) {
        if matches!(c, b'/' | b'?' | b'#') || (bracketed && c == b']') {
            end = i;
            break;
        }
        if c == b':' && !bracketed {
            end = i;
        }
        i += 1;
    }
    (bracketed as usize, end)
}

/// Whether the host of `authority[/path...]` is loopback: one function for the four
/// callers that ask it of an authority.
pub fn loopback_authority(authority: &str) -> bool {
    let b = authority.as_bytes();
    let (start, end) = host_range(b);
    // SAFETY: `host_range` promises `start <= end <= b.len()` (start is 0 or 1 after a
    // `[`, end is the length or the index of a byte it read), so the range is in
    // bounds; unchecked, the never-taken empty fallback and its bounds tests go.
    is_loopback_host(unsafe { b.get_unchecked(start..end) })
}

/// Whether `host` can only mean this machine: `localhost` and every name under
/// `.localhost` (RFC 6761 reserves them for loopback, and browsers resolve them there
/// without asking DNS, so no attacker can rebind one), `::1`, and 127.0.0.0/8 literals.
/// Gcore's own runtime serves apps as `server_name: test.localhost`.
pub fn is_loopback(host: &str) -> bool {
    is_loopback_host(host.as_bytes())
}

fn is_loopback_host(b: &[u8]) -> bool {
    // On bytes, with patterns and checked-then-unchecked slices: no sub-slice is
    // returned through memory, so the function needs no stack frame.
    let n = b.len() - matches!(b.last(), Some(b'.')) as usize;
    // `localhost` itself, or a non-empty label then `.localhost`.
    let cut = n.wrapping_sub(LOCALHOST.len());
    // SAFETY: `cut <= n` is tested first, and `n <= b.len()` (the length, less one for a
    // last byte that is there), so the slice, and the byte before it when `cut > 1`,
    // are in bounds without `get`'s tests.
    let under_localhost = cut <= n
        && unsafe { b.get_unchecked(cut..n) }.eq_ignore_ascii_case(LOCALHOST.as_bytes())
        && (cut == 0 || (cut > 1 && unsafe { *b.get_unchecked(cut - 1) } == b'.'));
    under_localhost || matches!(b, b"::1") || is_ipv4_loopback(b)
}

const LOCALHOST: &str = "localhost";

/// A dotted-quad literal in 127.0.0.0/8. Only the literal: a *name* such as
/// `127.evil.example` resolves wherever its owner likes, and treating it as
/// loopback would let a DNS-rebinding page pass the Origin check.
fn is_ipv4_loopback(host: &[u8]) -> bool {
    let (mut octets, mut digits, mut value) = (0u32, 0u32, 0u32);
    // The end counts as one more dot, closing the last octet.
    for i in 0..=host.len() {
        let b = host.get(i).copied().unwrap_or(b'.');
        if b == b'.' {
            if digits == 0 || value > 255 || (octets == 0 && value != 127) {
                return false;
            }
            octets += 1;
            digits = 0;
            value = 0;
        } else {
            let digit = b.wrapping_sub(b'0');
            if digit > 9 || digits == 3 {
                return false;
            }
            value = value * 10 + digit as u32;
            digits += 1;
        }
    }
    octets == 4
}
