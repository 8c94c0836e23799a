//! SEP-2243 (2026-07-28 Streamable HTTP): tool arguments mirrored into headers.
//!
//! A tool may mark primitive input properties with `"x-mcp-header": "Name"`; clients
//! then send the argument's value again as `Mcp-Param-Name`, so that proxies and load
//! balancers can route on it without reading the body. A server that let the two
//! disagree would let a client route one way and act another, so every annotated
//! argument of the called tool is checked, and any disagreement is 400 with -32020:
//!
//! - the body has the value and the header is missing (a `null` or absent argument
//!   needs no header);
//! - the header is present and the body has no value;
//! - the header is `=?base64?...?=` and not strict, padded, standard Base64 of UTF-8;
//! - a literal header carries a byte a client would have Base64-encoded;
//! - the values differ: strings exactly (values are case-sensitive; the header's
//!   surrounding whitespace is already trimmed, header names are caseless), integers
//!   numerically (`42` and `42.0` agree), booleans as `true`/`false`.
//!
//! The table comes from the build script and is empty when no tool is annotated;
//! the check then folds away entirely.

use alloc::borrow::Cow;

use crate::catalog::PARAM_HEADERS;
use crate::era::{decode_header, HEADER_MISMATCH};
use crate::http::Request;
use crate::json::{Kind, Value};
use crate::jsonrpc::{texts, RpcError};
use crate::mcp::Params;

/// Checks the `Mcp-Param-*` headers of a `tools/call` for tool `tool`.
pub fn check(req: &Request, tool: &str, params: &Params) -> Result<(), RpcError> {
    if PARAM_HEADERS.is_empty() {
        return Ok(());
    }
    let args = params.get(crate::mcp::tools::ARGUMENTS).filter(|a| a.kind() == Kind::Object);
    for &(name, prop, header, display) in PARAM_HEADERS {
        if name != tool {
            continue;
        }
        let body = args.and_then(|a| a.get(prop).ok().flatten()).filter(|v| v.kind() != Kind::Null);
        let ok = match (req.header(header), body) {
            (None, None) => true,
            (None, Some(_)) => false,
            (Some(_), None) => false,
            (Some(sent), Some(v)) => {
                let literal = !(sent.starts_with("=?base64?") && sent.ends_with("?="));
                (!literal || !sent.bytes().any(needs_encoding))
                    && decode_header(sent).is_some_and(|sent| agree(&sent, &v))
            }
        };
        if !ok {
            let rule = Cow::Borrowed(texts::PARAM_HEADER_DIFFERS);
            return Err(RpcError::compose(HEADER_MISMATCH, display, rule, prop));
        }
    }
    Ok(())
}

/// Whether the (decoded) header value stands for the body value `v`.
fn agree(sent: &str, v: &Value) -> bool {
    match v.kind() {
        Kind::String => v.str().is_some_and(|s| s == sent),
        Kind::Number => {
            let body = core::str::from_utf8(v.bytes()).unwrap_or("");
            sent == body || integer(sent).is_some_and(|n| integer(body) == Some(n))
        }
        _ => sent.as_bytes() == v.bytes(), // true / false
    }
}

/// An integer written as digits with an optional sign and an all-zero fraction
/// (`-7`, `42.0`), as its sign and digits without leading zeros; anything else `None`.
fn integer(text: &str) -> Option<(bool, &str)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = crate::bytes::split_once(unsigned, ".").unwrap_or((unsigned, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits_only(whole) || !fraction.bytes().all(|b| b == b'0') {
        return None;
    }
    let significant = whole.trim_start_matches('0');
    Some((negative && !significant.is_empty(), significant))
}

/// A byte a client must Base64-encode rather than send literally (controls, non-ASCII).
fn needs_encoding(b: u8) -> bool {
    !(b == b'\t' || (0x20..0x7f).contains(&b))
}
