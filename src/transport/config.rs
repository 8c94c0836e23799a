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
use crate::env::Env;

pub const ALLOWED_ORIGINS: &str = "MCP_ALLOWED_ORIGINS";
pub const RESOURCE_URL: &str = "MCP_RESOURCE_URL";
pub const AUTH_SERVER: &str = "MCP_AUTH_SERVER";
pub const BEARER_TOKEN: &str = "MCP_BEARER_TOKEN";

/// A configuration value that does not parse: `<KEY>: <why>`.
pub struct ConfigError(pub String);

fn error(key: &str, why: &str) -> ConfigError {
    let mut m = String::from(key);
    m.push_str(": ");
    m.push_str(why);
    ConfigError(m)
}

/// Whether `origin` is listed in `MCP_ALLOWED_ORIGINS`.
pub fn origin_listed(env: &dyn Env, origin: &str) -> Result<bool, ConfigError> {
    let list = match env.config(ALLOWED_ORIGINS) {
        Some(list) => list,
        None => return Ok(false),
    };
    let mut listed = false;
    for entry in bytes::split(&list, b',').filter(|e| !e.is_empty()) {
        if entry != "*" && !is_origin(entry) {
            return Err(error(ALLOWED_ORIGINS, "entries must be scheme://host[:port] or *"));
        }
        listed |= entry == "*" || entry.eq_ignore_ascii_case(origin);
    }
    Ok(listed)
}

/// `scheme://host[:port]` with nothing after the authority.
pub fn is_origin(s: &str) -> bool {
    match bytes::split_once(s, "://") {
        Some((scheme, authority)) => {
            !scheme.is_empty()
                && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
                && !authority.is_empty()
                && bytes::pos_any(authority, b"/?#@ ").is_none()
        }
        None => false,
    }
}

/// An `https://` URL (or `http://` for loopback hosts), validated.
fn url(env: &dyn Env, key: &str) -> Result<Option<String>, ConfigError> {
    let value = match env.config(key) {
        Some(v) if !bytes::trim_ows(&v).is_empty() => String::from(bytes::trim_ows(&v)),
        _ => return Ok(None),
    };
    let authority = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://").filter(|rest| is_loopback(host_of(rest))))
        .ok_or_else(|| error(key, "must be https:// (http:// for localhost only)"))?;
    if host_of(authority).is_empty() || bytes::pos_any(&value, b" ").is_some() {
        return Err(error(key, "URL needs a host"));
    }
    Ok(Some(value))
}

pub fn resource_url(env: &dyn Env) -> Result<Option<String>, ConfigError> {
    url(env, RESOURCE_URL)
}

pub fn auth_server(env: &dyn Env) -> Result<Option<String>, ConfigError> {
    url(env, AUTH_SERVER)
}

/// The bearer token, if one is configured (an empty secret counts as none).
pub fn bearer_token(env: &dyn Env) -> Option<String> {
    env.secret(BEARER_TOKEN).filter(|t| !t.is_empty())
}

/// The host part of `authority[/path...]`, without port or brackets.
pub fn host_of(after_scheme: &str) -> &str {
    let authority = bytes::before_any(after_scheme, b"/?#");
    if let Some(v6) = authority.strip_prefix('[') {
        return bytes::before_any(v6, b"]");
    }
    bytes::sub(authority, 0, bytes::rpos_any(authority, b":").unwrap_or(authority.len()))
}

/// Whether `host` can only mean this machine: `localhost` and every name under
/// `.localhost` (RFC 6761 reserves them for loopback, and browsers resolve them there
/// without asking DNS, so no attacker can rebind one), `::1`, and 127.0.0.0/8 literals.
/// Gcore's own runtime serves apps as `server_name: test.localhost`.
pub fn is_loopback(host: &str) -> bool {
    let name = host.strip_suffix('.').unwrap_or(host);
    let under_localhost = name.len() > LOCALHOST.len() + 1 && {
        let tail = bytes::from(name, name.len() - LOCALHOST.len() - 1);
        tail.starts_with('.') && bytes::from(tail, 1).eq_ignore_ascii_case(LOCALHOST)
    };
    under_localhost || name.eq_ignore_ascii_case(LOCALHOST) || host == "::1" || is_ipv4_loopback(host)
}

const LOCALHOST: &str = "localhost";

/// A dotted-quad literal in 127.0.0.0/8. Only the literal: a *name* such as
/// `127.evil.example` resolves wherever its owner likes, and treating it as
/// loopback would let a DNS-rebinding page pass the Origin check.
fn is_ipv4_loopback(host: &str) -> bool {
    let (mut octets, mut digits, mut value) = (0u32, 0u32, 0u32);
    for b in host.bytes().chain(core::iter::once(b'.')) {
        match b {
            b'0'..=b'9' if digits < 3 => {
                value = value * 10 + (b - b'0') as u32;
                digits += 1;
            }
            b'.' if digits > 0 && value <= 255 && (octets > 0 || value == 127) => {
                octets += 1;
                digits = 0;
                value = 0;
            }
            _ => return false,
        }
    }
    octets == 4
}
