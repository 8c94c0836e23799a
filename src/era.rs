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

use crate::bytes::{same, within};
use crate::transport::cors::ALLOW_HEADERS;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::http::Request;
use crate::json::Out;
use crate::jsonrpc::{texts, RpcError, INVALID_PARAMS, INVALID_REQUEST};
use crate::mcp::version::{Version, HEADERLESS_DEFAULT, UNSUPPORTED_DATA_HEAD};
use crate::mcp::{self, Known, Params};

// Both keys are borrowed from the error that names them (see `bytes::within`).
pub const META_PROTOCOL_VERSION: &str = within(texts::META_REQUIRED, "io.modelcontextprotocol/protocolVersion");
pub const HEADER_MISMATCH: i64 = -32020;
pub const MISSING_CAPABILITY: i64 = -32021;
pub const UNSUPPORTED_VERSION: i64 = -32022;

// The headers' names as error texts show them, borrowed from the CORS list that
// names them too (see `bytes::within`).
/// The lowercase name hosts send, for the lookup's exact-match fast path.
const VERSION_LOOKUP: &str = within(texts::NO_BATCHES, "mcp-protocol-version");
const VERSION_HEADER: &str = within(ALLOW_HEADERS, "MCP-Protocol-Version");
const METHOD_HEADER: &str = within(ALLOW_HEADERS, "Mcp-Method");
const NAME_HEADER: &str = within(ALLOW_HEADERS, "Mcp-Name");
/// `Mcp-Name` in lowercase, as hosts send it: a text to borrow `name` from.
const NAME_TEXT: &str = "mcp-name";
/// The `name` member of `tools/call` and `prompts/get`, borrowed from the header
/// that repeats it.
pub const NAME: &str = within(NAME_TEXT, "name");

pub const META_CLIENT_CAPABILITIES: &str = within(texts::META_REQUIRED, "io.modelcontextprotocol/clientCapabilities");
pub const META_LOG_LEVEL: &str = "io.modelcontextprotocol/logLevel";

/// Decides the version a request speaks and enforces its era's header rules.
/// `Err` is the JSON-RPC error to answer with; every one of them is a 400.
///
/// The stateless checks run in the order the spec's conformance suite pins down:
/// required `_meta` (-32602), header vs body version (-32020), supported version
/// (-32022), then `Mcp-Method` and `Mcp-Name` (-32020).
/// `known` is [`mcp::known`]`(method)`. The version is stored through `version`:
/// a `Result` of one word (the boxed error, or none) comes back in a register, where
/// a `Result<Version, _>` is written to memory and read back field by field.
pub fn for_request(req: &Request, method: &str, known: Known, params: &Params, version: &mut Version) -> Result<(), RpcError> {
    *version = decide(req, method, known, params)?;
    Ok(())
}

/// [`for_request`]'s decision, written with `?` and `return`. Always inlined there,
/// so the `Result<Version, _>` never crosses a call.
#[inline(always)]
fn decide(req: &Request, method: &str, known: Known, params: &Params) -> Result<Version, RpcError> {
    // Read once: the era and the session-era answer both depend on it. (Its refusal
    // is answered only in the session era, and only after `_meta`'s.)
    let mut header_version = HEADERLESS_DEFAULT;
    let header_refusal = supported(req.header(VERSION_LOOKUP), Version::V2024_11_05, Some(&mut header_version));
    // `_meta` must be an object (`mcp::meta` checks, on this first lookup), and a
    // duplicated version is refused: read as absent, it would pick the era.
    // Both `_meta` lookups write straight into this frame's slots (`mcp::meta_into`),
    // not into a `Result` copied out.
    let mut meta_version = None;
    mcp::meta_into(params, META_PROTOCOL_VERSION, &mut meta_version)?;
    let modern = meta_version.is_some()
        || header_version.stateless()
        || known == Known::Discover;
    if !modern {
        if known == Known::Initialize {
            // The version is negotiated inside; the header, if any, is not checked.
            return Ok(Version::V2025_11_25);
        }
        return header_refusal.map(|()| header_version);
    }
    // A duplicated `clientCapabilities` is as good as none.
    let mut capabilities = None;
    let capabilities_ok = mcp::meta_into(params, META_CLIENT_CAPABILITIES, &mut capabilities).is_ok();
    let version = match (meta_version.and_then(|v| v.str()), capabilities_ok, capabilities.map(|c| c.kind())) {
        (Some(v), true, Some(crate::json::Kind::Object)) => v,
        _ => return Err(RpcError::new(INVALID_PARAMS, texts::META_REQUIRED)),
    };
    agrees(req, VERSION_HEADER, false, Some(version))?;
    // 2026-07-28 is the one stateless version (and the newest: the assertion), so a
    // supported one from it on is it: no slot to read it back from.
    const _: () = assert!(matches!(crate::mcp::version::SUPPORTED[0], Version::V2026_07_28));
    supported(Some(version), Version::V2026_07_28, None)?;
    let version = Version::V2026_07_28;
    agrees(req, METHOD_HEADER, false, Some(method))?;
    // Only for the methods this server has: one it lacks answers -32601 whatever its
    // headers say (as `tasks/*` do). `known` settles it (a method the catalog leaves
    // out is `Known::Other`), by compares of small numbers, not of names.
    // (A build without prompts or resources still tests their `Known` by a constant.)
    let name_key = if known == Known::ToolsCall || mcp::serves_prompts() && known == Known::PromptsGet {
        NAME
    } else if mcp::serves_resources() && known == Known::ResourcesRead {
        "uri"
    } else {
        return Ok(version);
    };
    let body_name = params.get(name_key).and_then(|v| v.str());
    agrees(req, NAME_HEADER, true, body_name)?;
    if known == Known::ToolsCall {
        crate::param_headers::check(req, body_name.unwrap_or(""), params)?;
    }
    Ok(version)
}

/// -32020 unless the header `shown` was sent and says what the body says. One routine
/// for the three headers, which looks the header up itself, by the name the error
/// shows (caselessly: hosts send it lowercase, so the lookup's exact-match fast path
/// misses and its caseless compare settles it, a few hundred instructions on a
/// stateless request, for one argument fewer at each call site); each call site
/// passes constants and a borrow, not an
/// `Option<Option<&str>>` built in memory. Only `Mcp-Name` may be sent Base64-encoded
/// (`encodable`, see [`is_base64_of`]); a value of the others that looks encoded is
/// compared as it is.
fn agrees(req: &Request, shown: &'static str, encodable: bool, body: Option<&str>) -> Result<(), RpcError> {
    let rule = match req.header(shown) {
        None => texts::HEADER_REQUIRED,
        Some(value) => {
            let says = match body {
                None => false,
                Some(body) => match encoded(value) {
                    Some(payload) if encodable => is_base64_of(payload, body.as_bytes()),
                    _ => same(value, body),
                },
            };
            if says {
                return Ok(());
            }
            texts::HEADER_DIFFERS
        }
    };
    Err(RpcError::fixed(HEADER_MISMATCH, shown, rule, ""))
}

/// Whether `_meta.clientCapabilities` declares `capability` (stateless era);
/// session-era clients declared theirs in `initialize`, which a stateless server
/// cannot see, so they are assumed to have it.
pub fn client_has(version: Version, params: &Params, capability: &str) -> bool {
    if !version.stateless() {
        return true;
    }
    let mut caps = None;
    mcp::meta_into(params, META_CLIENT_CAPABILITIES, &mut caps).is_ok() && caps.is_some_and(|c| c.get(capability).ok().flatten().is_some())
}

/// A notification is answered 202 unless its version header is unsupported.
pub fn for_notification(req: &Request, _method: &str) -> Result<(), RpcError> {
    supported(req.header(VERSION_LOOKUP), Version::V2024_11_05, None)
}

/// Batches exist only in 2025-03-26 (and 2024-11-05). `Err` is answered with 400.
pub fn check_batch_allowed(req: &Request) -> Result<(), RpcError> {
    let mut version = HEADERLESS_DEFAULT;
    supported(req.header(VERSION_LOOKUP), Version::V2024_11_05, Some(&mut version))?;
    if version.allows_batch() {
        return Ok(());
    }
    Err(RpcError::fixed(INVALID_REQUEST, texts::NO_BATCHES, version.as_str(), ""))
}

/// Stores the version `text` names into `version` (if given: a caller that only
/// checks passes none, and needs no slot on its stack) when it is one this server
/// supports from `oldest` on; `text` absent (`None`), `version` is left as it is. Else
/// -32022. One routine for the four places that read a version (the header in three
/// rules, `_meta`'s in the stateless era): each call site passes the text and a slot,
/// and gets one word back (the error, or none), not a parse, a test and a refusal each.
pub(crate) fn supported(text: Option<&str>, oldest: Version, version: Option<&mut Version>) -> Result<(), RpcError> {
    let Some(text) = text else { return Ok(()) };
    match Version::parse(text) {
        Some(v) if v >= oldest => {
            if let Some(slot) = version {
                *slot = v;
            }
            Ok(())
        }
        _ => Err(unsupported(UNSUPPORTED_VERSION, text)),
    }
}

fn unsupported(code: i64, requested: &str) -> RpcError {
    let mut data = Out::new();
    // The head ends with the string's opening quote: two copies fewer than `str` and `}`.
    data.raw(UNSUPPORTED_DATA_HEAD.as_bytes()).str_contents(requested).raw(b"\"}");
    RpcError::compose(code, texts::UNSUPPORTED_VERSION, Cow::Owned(crate::buf::string(requested)), "").with_data(data.buf)
}

/// A header value, decoding the `=?base64?<data>?=` form clients use for names
/// that are not plain ASCII.
/// A decoded value is kept for the request (`json::text::leak`), so callers get a
/// plain borrow, not a `Cow` to drop. With 32-bit pointers (the module), inlined over
/// [`decode_header_word`]: one word back from the call (see [`crate::bytes::pack`]).
#[inline(always)]
pub fn decode_header(value: &str) -> Option<&str> {
    #[cfg(target_pointer_width = "32")]
    // SAFETY: the word is `decode`'s `&str` packed (borrowed from `value` or kept for
    // the request), so UTF-8 that lives at least as long as `value`.
    return unsafe { crate::bytes::unpack(decode_header_word(value)).map(|b| core::str::from_utf8_unchecked(b)) };
    #[cfg(not(target_pointer_width = "32"))]
    decode(value)
}

/// [`decode_header`] packed into one word.
#[cfg(target_pointer_width = "32")]
#[inline(never)]
fn decode_header_word(value: &str) -> u64 {
    crate::bytes::pack(decode(value).map(str::as_bytes))
}

/// [`decode_header`]'s decoding itself.
#[inline(always)]
fn decode(value: &str) -> Option<&str> {
    let Some(payload) = encoded(value) else { return Some(value) };
    let bytes = base64_decode(payload)?;
    // SAFETY: just checked to be UTF-8. (Kept as it is: a checked conversion
    // would validate it a second time, and a copy would allocate again.)
    (crate::json::utf8::valid_up_to(&bytes) == bytes.len()).then(|| crate::json::text::leak(Cow::Owned(unsafe { String::from_utf8_unchecked(bytes) })))
}

/// The Base64 data of a header value in the `=?base64?<data>?=` form, or `None` for a
/// value sent as it is.
#[inline(always)]
fn encoded(value: &str) -> Option<&[u8]> {
    // Its first eight bytes and its last two compared as integers (a load each, where a
    // compare of bytes was a `memcmp` call through a slice kept on the stack).
    match value.as_bytes() {
        [a, b, c, d, e, f, g, h, b'?', payload @ .., y, z]
            if u64::from_le_bytes([*a, *b, *c, *d, *e, *f, *g, *h]) == u64::from_le_bytes(*b"=?base64")
                && u16::from_le_bytes([*y, *z]) == u16::from_le_bytes(*b"?=") =>
        {
            Some(payload)
        }
        _ => None,
    }
}

/// The standard Base64 alphabet (RFC 4648 §4), a character by its six bits.
const BASE64_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Whether `payload` is the standard, padded Base64 of `body`: answers as
/// `base64_decode(payload) == Some(body)`, since that strict decoding accepts exactly
/// one spelling of any bytes (padded, canonical), this one. Each character is worked
/// out from the body and compared: no buffer, no decoding, no UTF-8 check (`body` is
/// a `str`), so `agrees` carries none of [`decode`]'s code.
fn is_base64_of(payload: &[u8], body: &[u8]) -> bool {
    if payload.len() != (body.len() + 2) / 3 * 4 {
        return false;
    }
    let mut k = 0;
    while let Some(&c) = payload.get(k) {
        // Character `k` holds the body's bits `6k..6k+6`: read from the byte they start
        // in and the next (0 past the end), or `=` when they start past the end.
        let at = k * 6 / 8;
        let expected = match body.get(at) {
            None => b'=',
            Some(&high) => {
                let pair = (high as usize) << 8 | body.get(at + 1).map_or(0, |&low| low as usize);
                BASE64_ALPHABET[pair >> (10 - k * 6 % 8) & 63]
            }
        };
        if c != expected {
            return false;
        }
        k += 1;
    }
    true
}

/// The value in the standard base64 alphabet of each byte from `+` to `z` (its index
/// here is the byte less `+`), 255 for the bytes between that are not in it (`=` too,
/// which `base64_decode` handles before the table).
const BASE64_VALUES: [u8; (b'z' - b'+') as usize + 1] = {
    let alphabet = BASE64_ALPHABET;
    let mut table = [255u8; (b'z' - b'+') as usize + 1];
    let mut i = 0;
    while i < alphabet.len() {
        table[(alphabet[i] - b'+') as usize] = i as u8;
        i += 1;
    }
    table
};

/// Standard base64 (RFC 4648 §4), padded, strictly: a length that is not a
/// multiple of four, padding in the middle, or a byte outside the alphabet is `None`.
fn base64_decode(input: &[u8]) -> Option<Vec<u8>> {
    if input.len() % 4 != 0 {
        return None;
    }
    let mut out = crate::buf::with_capacity(input.len() * 3 / 4);
    let (mut acc, mut bits, mut padded) = (0u32, 0u32, false);
    // Padding inline (no reverse scan to count it first): '=' only among the last two
    // bytes, and nothing but '=' after the first.
    for (i, &c) in input.iter().enumerate() {
        // Read from a table (data, not a chain of range tests in code).
        let v = BASE64_VALUES.get(c.wrapping_sub(b'+') as usize).copied().unwrap_or(255);
        if v > 63 {
            if c == b'=' && i + 2 >= input.len() {
                padded = true;
                continue;
            }
            return None;
        }
        if padded {
            return None;
        }
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            crate::buf::extend(&mut out, &[(acc >> bits) as u8]);
        }
    }
    // Leftover bits must be zero, or the encoding was not canonical.
    if acc & ((1 << bits) - 1) != 0 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{base64_decode, is_base64_of};

    /// `is_base64_of` answers as strict decoding does: for every payload of up to four
    /// characters over a mix of alphabet bytes, padding and a stranger (and of eight over
    /// four of them), against what it decodes to and against bodies it does not.
    #[test]
    fn is_base64_of_is_decode_then_compare() {
        let bodies: [&[u8]; 8] = [b"", b"\0", b"\0\0", b"\0\0\0", b"A", b"\xff\xfe", b"hi!", b"\x03\xe0\x0f\xbf"];
        let mut payload = [0u8; 8];
        for (chars, len) in [(&b"AQgw/+=9!"[..], 0), (b"AQgw/+=9!", 3), (b"AQgw/+=9!", 4), (b"AgD=", 8)] {
            let count = chars.len().pow(len as u32);
            for mut n in 0..count {
                for c in &mut payload[..len] {
                    *c = chars[n % chars.len()];
                    n /= chars.len();
                }
                let p = &payload[..len];
                let decoded = base64_decode(p);
                if let Some(d) = &decoded {
                    assert!(is_base64_of(p, d), "{p:?}");
                }
                for body in bodies {
                    assert_eq!(is_base64_of(p, body), decoded.as_deref() == Some(body), "{p:?} {body:?}");
                }
            }
        }
        assert!(is_base64_of(b"SGVsbG8sIOS4lueVjA==", "Hello, 世界".as_bytes()));
    }

    #[test]
    fn base64_padding_only_at_the_end() {
        assert_eq!(base64_decode(b"").as_deref(), Some(&[][..]));
        assert_eq!(base64_decode(b"AA==").as_deref(), Some(&[0u8][..]));
        assert_eq!(base64_decode(b"AAA=").as_deref(), Some(&[0u8, 0][..]));
        assert_eq!(base64_decode(b"AAAA").as_deref(), Some(&[0u8, 0, 0][..]));
        assert_eq!(base64_decode(b"SGVsbG8sIOS4lueVjA==").as_deref(), Some("Hello, 世界".as_bytes()));
        for bad in [&b"A==="[..], b"====", b"=AAA", b"AA=A", b"A=A=", b"AA==AAAA", b"AB==", b"AAB=", b"AAA", b"AA!="] {
            assert_eq!(base64_decode(bad), None, "{:?}", core::str::from_utf8(bad));
        }
    }
}
