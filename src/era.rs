//! Which protocol version a message speaks, and the header rules of its era.
//!
//! Session era (2024-11-05 .. 2025-11-25): the `MCP-Protocol-Version` header names
//! the version (absent means 2025-03-26); an unsupported one is 400. `initialize`
//! is exempt, since it is where the version is negotiated.
//!
//! Stateless era (2026-07-28): every request names its version in
//! `params._meta["io.modelcontextprotocol/protocolVersion"]` and repeats it, the
//! method and (for `tools/call`, `resources/read`, `prompts/get`) the target name
//! in headers, so intermediaries can route without reading the body. A header
//! that disagrees with the body is 400/-32020; an unsupported version 400/-32022.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::http::{Request, Response};
use crate::json::Out;
use crate::jsonrpc::{self, RpcError, INVALID_REQUEST};
use crate::mcp::version::{Version, HEADERLESS_DEFAULT, SUPPORTED_JSON};
use crate::mcp::{self, Params};

pub const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
pub const HEADER_MISMATCH: i64 = -32020;
pub const MISSING_CAPABILITY: i64 = -32021;
pub const UNSUPPORTED_VERSION: i64 = -32022;

pub fn for_request(req: &Request, method: &str, params: Params) -> Result<Version, (u16, RpcError)> {
    let header = req.header("mcp-protocol-version");
    if method == "initialize" {
        // The version is negotiated inside; the header, if any, is not checked.
        return Ok(Version::V2025_11_25);
    }
    let meta = match mcp::meta(&params, META_PROTOCOL_VERSION) {
        Ok(m) => m.map(|v| v.str().unwrap_or(Cow::Borrowed(""))),
        Err(e) => return Err((200, e)),
    };
    let stateless = meta.is_some()
        || header.and_then(Version::parse).is_some_and(Version::stateless)
        || method == "server/discover";
    if !stateless {
        return session_era(header).map_err(|e| (400, e));
    }
    let named = match (&meta, header) {
        (Some(m), _) => Some(&**m),
        (None, h) => h,
    };
    let version = match named {
        None => Version::V2026_07_28, // server/discover with no version: answer as stateless
        Some(v) => match Version::parse(v) {
            Some(v) if v.stateless() => v,
            _ => return Err((400, unsupported(UNSUPPORTED_VERSION, v))),
        },
    };
    if let (Some(m), Some(h)) = (&meta, header) {
        if h != m {
            return Err((400, mismatch("MCP-Protocol-Version header does not match _meta protocolVersion")));
        }
    }
    if let Some(h) = req.header("mcp-method") {
        if decode_header(h).as_deref() != Some(method) {
            return Err((400, mismatch("Mcp-Method header does not match the request method")));
        }
    }
    let name_key = match method {
        "tools/call" | "prompts/get" => Some("name"),
        "resources/read" => Some("uri"),
        _ => None,
    };
    if let (Some(key), Some(h)) = (name_key, req.header("mcp-name")) {
        let body_name = params.get(key).ok().flatten().and_then(|v| v.str());
        if decode_header(h).as_deref() != body_name.as_deref() {
            return Err((400, mismatch("Mcp-Name header does not match the request's name")));
        }
    }
    Ok(version)
}

/// A notification is answered 202 unless its version header is unsupported.
pub fn for_notification(req: &Request, _method: &str) -> Result<(), RpcError> {
    match req.header("mcp-protocol-version") {
        Some(h) if Version::parse(h).is_none() => Err(unsupported(INVALID_REQUEST, h)),
        _ => Ok(()),
    }
}

/// Batches exist only in 2025-03-26 (and 2024-11-05).
pub fn check_batch_allowed(req: &Request) -> Result<(), Response> {
    let header = req.header("mcp-protocol-version");
    let version = match session_era(header) {
        Ok(v) => v,
        Err(e) => return Err(error_response(&e)),
    };
    if version.allows_batch() {
        return Ok(());
    }
    let mut m = String::from("Invalid Request: JSON-RPC batches are not supported in protocol version ");
    m.push_str(version.as_str());
    Err(error_response(&RpcError::new(INVALID_REQUEST, m)))
}

fn error_response(e: &RpcError) -> Response {
    let mut out = Out::new();
    jsonrpc::write_error(&mut out, b"null", e);
    Response::json(400, out.buf)
}

fn session_era(header: Option<&str>) -> Result<Version, RpcError> {
    match header {
        None => Ok(HEADERLESS_DEFAULT),
        Some(h) => Version::parse(h).ok_or_else(|| unsupported(INVALID_REQUEST, h)),
    }
}

fn unsupported(code: i64, requested: &str) -> RpcError {
    let mut message = String::from("Unsupported protocol version: ");
    message.push_str(requested);
    let mut data = Out::new();
    data.raw(b"{\"supported\":").raw(SUPPORTED_JSON.as_bytes()).raw(b",\"requested\":").str(requested).raw(b"}");
    RpcError { code, message: message.into(), data: Some(data.buf) }
}

fn mismatch(message: &'static str) -> RpcError {
    RpcError::new(HEADER_MISMATCH, message)
}

/// A header value, decoding the `=?base64?<data>?=` form clients use for names
/// that are not plain ASCII.
pub fn decode_header(value: &str) -> Option<Cow<'_, str>> {
    match value.strip_prefix("=?base64?").and_then(|v| v.strip_suffix("?=")) {
        Some(encoded) => String::from_utf8(base64_decode(encoded.as_bytes())?).ok().map(Cow::Owned),
        None => Some(Cow::Borrowed(value)),
    }
}

/// Standard base64 (RFC 4648 §4), padding optional.
fn base64_decode(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in input.iter().take_while(|&&c| c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}
