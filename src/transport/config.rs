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
/// Borrowed from the metadata document's 404, which names it (see `bytes::within`).
pub const AUTH_SERVER: &str = bytes::within(NO_AUTH_SERVER, "MCP_AUTH_SERVER");
/// The body of the metadata document's 404: no authorization server, so no metadata.
pub const NO_AUTH_SERVER: &str = "Not Found: MCP_AUTH_SERVER is not set\n";
pub const BEARER_TOKEN: &str = "MCP_BEARER_TOKEN";

/// A configuration value that does not parse: the key and why, both constants, so
/// nothing is built until the one 500 that reports it. `why` is the message's whole
/// tail after the key (`": ...\n"`), so the 500 is built from three pieces, not five.
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
pub const ORIGINS_ERROR: ConfigError = ConfigError { key: ALLOWED_ORIGINS, why: ": entries must be scheme://host[:port] or *\n" };

/// Whether `origin` is listed in `MCP_ALLOWED_ORIGINS`.
pub fn origin_listed(env: &Host, origin: &str) -> Result<bool, BadOriginList> {
    let list = match env.config(ALLOWED_ORIGINS) {
        Some(list) => list,
        None => return Ok(false),
    };
    let mut listed = false;
    for entry in bytes::split(&list, b',').filter(|e| !e.is_empty()) {
        // An origin first (one call: `*` is none, having no `://`), then the wildcard.
        // A slice pattern, not `==`: comparing two `&str` goes through a shared helper
        // that passes both through the stack.
        if is_origin(entry) {
            listed |= crate::http::eq_caseless(entry.as_bytes(), origin.as_bytes());
        } else if matches!(entry.as_bytes(), b"*") {
            listed = true;
        } else {
            return Err(BadOriginList);
        }
    }
    Ok(listed)
}

/// `scheme://host[:port]` with nothing after the authority.
// Inlined (a call and a test): `origin_authority_start`'s answer comes back in a register.
#[inline(always)]
pub fn is_origin(s: &str) -> bool {
    origin_authority_start(s) != 0
}

/// Where the authority of `s` starts if `s` is `scheme://host[:port]` with nothing after
/// it, else 0 (never a start: the scheme and `://` come first). The Origin check needs
/// the authority too, so it is found once; an offset, not an `Option<&str>`, which would
/// come back through memory. The authority is `s` from there to the end.
pub fn origin_authority_start(s: &str) -> usize {
    // The scheme is all before the first "://" (`:` is no scheme character, so no other
    // split could pass), then an authority without any of `/?#@ `.
    // A position (in a register), not `split_once`'s two `&str`s through memory.
    let Some(end) = bytes::find(s, SCHEME_END) else { return 0 };
    let start = end + SCHEME_END.len();
    // SAFETY: `SCHEME_END` matched at `end`, so both cuts are in bounds, and at ASCII
    // bytes, so character boundaries.
    let (scheme, authority) = unsafe { (s.as_bytes().get_unchecked(..end), s.get_unchecked(start..)) };
    let mut i = 0;
    while let Some(&c) = scheme.get(i) {
        // One bit of a table (data), not two range tests and a match (code).
        if !SCHEME_CHARS[c as usize] {
            return 0;
        }
        i += 1;
    }
    let valid = i > 0 && !authority.is_empty() && bytes::pos_any(authority, NOT_IN_AUTHORITY.as_bytes()).is_none();
    if valid { start } else { 0 }
}

/// The bytes a URL scheme may hold (RFC 3986: ASCII letters, digits, `+`, `-`, `.`),
/// a flag for each of the 256 (none from 0x80 up), so a byte indexes it with no bounds
/// test (the data section leaves the trailing zeros out).
static SCHEME_CHARS: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0u8;
    while c < 128 {
        table[c as usize] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-');
        c += 1;
    }
    table
};

/// `https://`, which [`SCHEME_END`] is borrowed from (`bytes::within`).
pub const HTTPS: &str = "https://";
/// What ends a URL's scheme.
pub const SCHEME_END: &str = bytes::within(HTTPS, "://");
/// The bytes an origin's authority cannot hold; its `?#` also ends a request's path.
pub const NOT_IN_AUTHORITY: &str = "/?#@ ";

/// Why a URL setting is refused when it is not `https://` (`http://` for loopback hosts
/// only). `upstream::binding` borrows its note for a base origin's rule (`bytes::within`).
pub const HTTPS_ONLY: &str = ": must be https:// (http:// for loopback only)\n";

/// An `https://` URL (or `http://` for loopback hosts), validated.
fn url(env: &Host, key: &'static str) -> Result<Option<String>, ConfigError> {
    let Some(raw) = env.config(key) else { return Ok(None) };
    let value = bytes::trim_ows(&raw);
    if value.is_empty() {
        return Ok(None);
    }
    // Prefixes compared as bytes (not `strip_prefix`, which goes through `str`'s pattern
    // code), then the host read once for both rules: loopback for http://, not empty.
    let b = value.as_bytes();
    let scheme_len = if b.starts_with(b"https://") {
        8
    } else if b.starts_with(b"http://") {
        7
    } else {
        0
    };
    // SAFETY: `scheme_len` is 0 or the length of an ASCII prefix the value starts with,
    // so in bounds and a character boundary.
    let host = host_class(unsafe { value.get_unchecked(scheme_len..) });
    if scheme_len == 0 || (scheme_len == 7 && host != HOST_LOOPBACK) {
        return Err(error(key, HTTPS_ONLY));
    }
    if host == HOST_EMPTY || bytes::contains(value.as_bytes(), b' ') {
        return Err(error(key, ": URL needs a host\n"));
    }
    Ok(Some(crate::buf::string(value)))
}

pub fn resource_url(env: &Host) -> Result<Option<String>, ConfigError> {
    url(env, RESOURCE_URL)
}

pub fn auth_server(env: &Host) -> Result<Option<String>, ConfigError> {
    url(env, AUTH_SERVER)
}

/// The bearer token, empty when none is configured (an empty secret counts as none):
/// a `String` with no capacity owns nothing, so no `Option` is unpacked.
#[cfg(edge_auth)]
pub fn bearer_token(env: &Host) -> String {
    env.secret(BEARER_TOKEN).unwrap_or_default()
}

/// Whether a bearer token is configured (an empty secret counts as none), without
/// taking the value: for builds that have no auth to check it with.
#[cfg(not(edge_auth))]
pub fn bearer_token_set(env: &Host) -> bool {
    env.secret_set(BEARER_TOKEN)
}

/// Where the host part of `authority[/path...]` (without port or brackets) starts and
/// ends, as byte offsets (`start <= end <= len`): offsets, not a sub-`&str`, which would
/// come back through the stack. Inlined into its one caller ([`loopback_authority`], or
/// [`host_class`] in builds with auth, whose `url` needs the host's emptiness too).
#[inline(always)]
fn host_range(authority: &str) -> (usize, usize) {
    // The authority ends at the first `/`, `?` or `#`; the host ends at the first `:`
    // (the port), or inside brackets (an IPv6 literal, full of `:`) at the `]`. An
    // authority with userinfo (`localhost:1@evil.example`) is answered whole: its host
    // is not what it starts with, and the whole never passes for loopback.
    // Three searches by the module's shared byte loops (`bytes::seek`, `contains`),
    // not a loop of its own that tracks all three at once.
    let authority = bytes::before_any(authority, const { bytes::within(NOT_IN_AUTHORITY, "/?#") }.as_bytes());
    let b = authority.as_bytes();
    if bytes::contains(b, b'@') {
        return (0, b.len());
    }
    let bracketed = matches!(b.first(), Some(b'['));
    let start = bracketed as usize;
    // SAFETY: `start` is 0, or 1 after an ASCII `[`: in bounds and a character boundary.
    let rest = unsafe { authority.get_unchecked(start..) };
    (start, start + bytes::before_any(rest, if bracketed { b"]" } else { b":" }).len())
}

/// [`host_class`]'s answers: another host is 0.
const HOST_LOOPBACK: u32 = 1;
const HOST_EMPTY: u32 = 2;

/// What the host of `authority[/path...]` is: [`HOST_EMPTY`], [`HOST_LOOPBACK`], or 0
/// for any other. One function for `url`, which needs both answers, and
/// [`loopback_authority`], so that the host is cut in one place. (Builds without auth
/// have no `url`, and their `loopback_authority` cuts the host itself.)
fn host_class(authority: &str) -> u32 {
    let b = authority.as_bytes();
    let (start, end) = host_range(authority);
    if start == end {
        return HOST_EMPTY;
    }
    // SAFETY: as in `loopback_authority`'s form without auth.
    is_loopback_host(unsafe { b.get_unchecked(start..end) }) as u32
}

/// Whether the host of `authority[/path...]` is loopback: one function for the four
/// callers that ask it of an authority.
#[cfg(edge_auth)]
#[inline(always)]
pub fn loopback_authority(authority: &str) -> bool {
    host_class(authority) == HOST_LOOPBACK
}

/// Whether the host of `authority[/path...]` is loopback: one function for the four
/// callers that ask it of an authority.
#[cfg(not(edge_auth))]
pub fn loopback_authority(authority: &str) -> bool {
    let b = authority.as_bytes();
    let (start, end) = host_range(authority);
    // SAFETY: `host_range` promises `start <= end <= b.len()` (start is 0 or 1 after a
    // `[`, end is the length or the index of a byte it found), so the range is in
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
    // The last byte read unchecked after a length test (`last()`'s Option also tested
    // the pointer it made for null).
    let n = b.len();
    // SAFETY: `n - 1` is read only when `n != 0`: the last byte.
    let n = n - (n != 0 && unsafe { *b.get_unchecked(n - 1) } == b'.') as usize;
    // `localhost` itself, or a non-empty label then `.localhost`.
    let cut = n.wrapping_sub(LOCALHOST.len());
    // SAFETY: `cut <= n` is tested first, and `n <= b.len()` (the length, less one for a
    // last byte that is there), so the slice, and the byte before it when `cut > 1`,
    // are in bounds without `get`'s tests.
    let under_localhost = cut <= n
        && crate::http::eq_caseless(unsafe { b.get_unchecked(cut..n) }, LOCALHOST.as_bytes())
        && (cut == 0 || (cut > 1 && unsafe { *b.get_unchecked(cut - 1) } == b'.'));
    // `::1` by the shared slice compare (a call), not three byte tests inline.
    under_localhost || *b == *b"::1" || is_ipv4_loopback(b)
}

const LOCALHOST: &str = "localhost";
/// The `Host` header's name, borrowed from [`LOCALHOST`] (`bytes::within`).
pub const HOST: &str = bytes::within(LOCALHOST, "host");

/// A dotted-quad literal in 127.0.0.0/8. Only the literal: a *name* such as
/// `127.evil.example` resolves wherever its owner likes, and treating it as
/// loopback would let a DNS-rebinding page pass the Origin check.
fn is_ipv4_loopback(host: &[u8]) -> bool {
    let (mut octets, mut digits, mut value) = (0u32, 0u32, 0u32);
    let mut i = 0;
    // A byte at a time; a dot or the end closes an octet (the end also the address).
    loop {
        let b = host.get(i).copied();
        if matches!(b, None | Some(b'.')) {
            if digits == 0 || value > 255 || (octets == 0 && value != 127) {
                return false;
            }
            octets += 1;
            if b.is_none() {
                return octets == 4;
            }
            digits = 0;
            value = 0;
        } else {
            // As a u32 (a u8's difference was masked back to eight bits).
            let digit = (b.unwrap_or(0) as u32).wrapping_sub(b'0' as u32);
            if digit > 9 || digits == 3 {
                return false;
            }
            value = value * 10 + digit;
            digits += 1;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::is_origin;

    /// A scheme is ASCII letters, digits, `+`, `-` and `.` (the table `SCHEME_CHARS`),
    /// at least one of them, and nothing else: every byte is tried.
    #[test]
    fn scheme_characters_are_exactly_rfc_3986s() {
        for c in 0..=255u8 {
            let scheme_char = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.');
            let mut origin = alloc::vec![b'a', c];
            origin.extend_from_slice(b"://host");
            match core::str::from_utf8(&origin) {
                Ok(origin) => assert_eq!(is_origin(origin), scheme_char, "{c}"),
                Err(_) => assert!(!scheme_char),
            }
        }
        assert!(is_origin("web+app.x-1://host:8443"));
        assert!(!is_origin("://host"));
        assert!(!is_origin("é://host"));
    }
}
