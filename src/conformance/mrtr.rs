//! Shared by the `test_input_required_result_*` fixtures (MRTR, SEP-2322): the
//! requested inputs, reading `inputResponses`, and an integrity-protected
//! `requestState` (HMAC-SHA256, hand-written here so the conformance build needs no
//! crate). Each fixture includes this file with `#[path]`.
#![allow(dead_code)]

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{Kind, Out, Value};
use crate::jsonrpc::RpcError;
use crate::mcp::tools::ToolCall;
use crate::mcp::ToolError;

pub const ASK_NAME: &[u8] = br#"{"method":"elicitation/create","params":{"message":"What is your name?","requestedSchema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}"#;
pub const ASK_CONFIRM: &[u8] = br#"{"method":"elicitation/create","params":{"message":"Please confirm","requestedSchema":{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"]}}}"#;
pub const LIST_ROOTS: &[u8] = br#"{"method":"roots/list","params":{}}"#;

/// `inputResponses` as an object. Present but not an object (null included) is -32602.
pub fn responses<'a>(call: &ToolCall<'_, 'a>) -> Result<Option<Value<'a>>, ToolError> {
    match call.param("inputResponses") {
        None => Ok(None),
        Some(v) if v.kind() == Kind::Object => Ok(Some(v)),
        Some(_) => Err(invalid("Invalid params: inputResponses must be an object")),
    }
}

/// One answer from `inputResponses`; an answer that is not an object is -32602.
pub fn response<'a>(responses: Option<Value<'a>>, key: &str) -> Result<Option<Value<'a>>, ToolError> {
    match responses.and_then(|r| r.get(key).ok().flatten()) {
        None => Ok(None),
        Some(v) if v.kind() == Kind::Object => Ok(Some(v)),
        Some(_) => Err(invalid("Invalid params: each inputResponses entry must be an object")),
    }
}

/// A member of `content` in an elicitation or sampling answer, as text.
pub fn content_field(answer: Value, field: &str) -> Option<String> {
    let content = answer.get("content").ok().flatten()?;
    let v = content.get(field).ok().flatten()?;
    match v.str() {
        Some(s) => Some(crate::buf::string(&*s)),
        None => Some(crate::buf::string(core::str::from_utf8(v.bytes()).unwrap_or(""))),
    }
}

pub fn invalid(message: &'static str) -> ToolError {
    ToolError::Protocol(RpcError::invalid_params(message))
}

/// `{"k":<request>,...}` from (key, serialized request) pairs.
pub fn requests(items: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Out::new();
    out.raw(b"{");
    for (i, (key, request)) in items.iter().enumerate() {
        if i > 0 {
            out.raw(b",");
        }
        out.str(key).raw(b":").raw(request);
    }
    out.raw(b"}");
    out.buf
}

// ---------------------------------------------------------------- requestState

/// The HMAC key: the app's `MRTR_STATE_KEY` configuration value, else a fixed
/// development key (the conformance build is a test fixture, not a deployment).
fn key(call: &ToolCall) -> Vec<u8> {
    call.config("MRTR_STATE_KEY").map(String::into_bytes).unwrap_or_else(|| crate::buf::copy(b"edge-mcp conformance requestState key"))
}

/// `hex(tool "\n" payload) "." hex(HMAC-SHA256(key, tool "\n" payload))`: the tool
/// name is bound in, so state issued by one tool is refused by another.
pub fn sign(call: &ToolCall, tool: &str, payload: &str) -> String {
    let mut message = crate::buf::copy(tool.as_bytes());
    crate::buf::extend(&mut message, b"\n");
    crate::buf::extend(&mut message, payload.as_bytes());
    let mac = hmac_sha256(&key(call), &message);
    let mut s = hex(&message);
    crate::buf::push_str(&mut s, ".");
    crate::buf::push_str(&mut s, &hex(&mac));
    s
}

/// The payload of a state this server signed for `tool`, or -32602.
pub fn verify(call: &ToolCall, tool: &str, state: &str) -> Result<String, ToolError> {
    let bad = || invalid("Invalid params: requestState integrity check failed");
    let (data, mac) = state.split_once('.').ok_or_else(bad)?;
    let message = unhex(data).ok_or_else(bad)?;
    let mac = unhex(mac).ok_or_else(bad)?;
    let expected = hmac_sha256(&key(call), &message);
    if mac.len() != 32 || expected.iter().zip(&mac).fold(0u8, |acc, (a, b)| acc | (a ^ b)) != 0 {
        return Err(bad());
    }
    let text = String::from_utf8(message).map_err(|_| bad())?;
    let (t, payload) = text.split_once('\n').ok_or_else(bad)?;
    if t != tool {
        return Err(bad());
    }
    Ok(crate::buf::string(payload))
}

/// `requestState` verified, if the client sent one.
pub fn state(call: &ToolCall, tool: &str) -> Result<Option<String>, ToolError> {
    match call.param("requestState") {
        None => Ok(None),
        Some(v) => match v.str() {
            Some(s) => verify(call, tool, &s).map(Some),
            None => Err(invalid("Invalid params: requestState must be a string")),
        },
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = crate::buf::with_capacity(bytes.len() * 2);
    for b in bytes {
        crate::buf::extend(&mut s, &[DIGITS[(b >> 4) as usize], DIGITS[(b & 15) as usize]]);
    }
    // Hex digits are ASCII, so this never falls back.
    String::from_utf8(s).unwrap_or_default()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let b = s.as_bytes();
    if b.len() % 2 != 0 {
        return None;
    }
    let mut out = crate::buf::with_capacity(b.len() / 2);
    for p in b.chunks(2) {
        crate::buf::extend(&mut out, &[digit(p[0])? << 4 | digit(p[1])?]);
    }
    Some(out)
}

// ---------------------------------------------------------------- SHA-256, HMAC

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];
    let mut msg = crate::buf::copy(data);
    crate::buf::extend(&mut msg, &[0x80]);
    while msg.len() % 64 != 56 {
        crate::buf::extend(&mut msg, &[0]);
    }
    crate::buf::extend(&mut msg, &((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, v) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
}

/// RFC 2104 with SHA-256 (64-byte blocks).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&sha256(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = crate::buf::with_capacity(64 + message.len());
    crate::buf::extend(&mut inner, &k.map(|b| b ^ 0x36));
    crate::buf::extend(&mut inner, message);
    let inner = sha256(&inner);
    let mut outer = crate::buf::with_capacity(96);
    crate::buf::extend(&mut outer, &k.map(|b| b ^ 0x5c));
    crate::buf::extend(&mut outer, &inner);
    sha256(&outer)
}

#[cfg(test)]
mod tests {
    #[test]
    fn hmac_sha256_matches_rfc_4231_case_2() {
        let mac = super::hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(super::hex(&mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
