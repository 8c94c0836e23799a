//! Declared HTTP tools: a tool whose declaration carries an `"http"` binding instead of
//! a handler. build/http.rs checks the binding and emits an [`HttpBinding`]; this file
//! fills it from the arguments, sends it, and maps the answer to a tool result.
//!
//! Every failure is an `isError` result with a message a model can act on; secret
//! values never appear in one (nor in the content: an upstream that echoes a secret
//! back has it replaced by `[redacted]`); excerpts of failed answers are bounded.

use alloc::string::String;
use alloc::vec::Vec;

use super::http::{self, Header, Method, OutRequest, OutResponse};
use super::{join, slots};
use crate::catalog::Param;
use crate::json::Out;
use crate::mcp::tools::{check_object, ToolCall};
use crate::mcp::ToolResult;

/// How much of a failed answer's body an error shows.
pub const EXCERPT_BYTES: usize = 256;

pub struct HttpBinding {
    pub method: Method,
    /// The declared URL's origin (`scheme://authority`, no slot in it)...
    pub origin: &'static str,
    /// ... and the rest, split by the build script: literals at even indices, slot
    /// names at odd ones (`split.rs`); the first `path_slots` slots are in the path.
    pub url: &'static [&'static str],
    pub path_slots: usize,
    /// A configuration key whose value, when set, replaces the URL's origin.
    pub base_from: Option<&'static str>,
    /// The declared headers whose value is a string, as the host takes them (copied
    /// into the request's list in one piece) ...
    pub headers: &'static [Header<'static>],
    /// ... then those whose value is computed per call, sent after them.
    pub computed: &'static [(&'static str, HeaderValue)],
    /// A JSON body template, split likewise at its `"{slot}"` strings, which take
    /// argument values.
    pub body: Option<&'static [&'static str]>,
    /// The answer is JSON: `structuredContent` plus text, checked against `output`.
    pub json: bool,
    /// The tool's `outputSchema`, reduced as input schemas are, and whether it is open.
    pub output: Option<(&'static [Param], bool)>,
    /// Larger answers are refused.
    pub max_bytes: usize,
}

pub enum HeaderValue {
    /// Text with `{slot}`s from arguments, split like URLs: `{"arg": NAME}` is one slot
    /// (`&["", NAME, ""]`). (A declared string is one of [`HttpBinding::headers`].)
    Text(&'static [&'static str]),
    /// An operator-set value after a fixed prefix (`"Bearer "`): a FastEdge secret
    /// (`secret`, redacted from answers) or a dictionary / env value.
    Lookup { secret: bool, key: &'static str, prefix: &'static str },
}

pub fn call(call: &mut ToolCall, b: &HttpBinding) -> ToolResult {
    // The catalog's one binding, where it has one, read as the constant it is: its
    // fields fold into the code below (the same binding `b` points to).
    #[cfg(edge_http_tool)]
    let b = crate::catalog::SOLE_HTTP_BINDING.unwrap_or(b);
    let env = call.cx.env;
    let args = call.args();
    let mut base = None;
    if let Some(key) = b.base_from {
        if let Some(v) = env.config(key) {
            if !slots::valid_base(&v) {
                // The loopback note is the configuration URLs' (one text for the one rule).
                let note = const { crate::bytes::within(crate::config::HTTPS_ONLY, " (http:// for loopback only)") };
                return Err(join!(key, " must be an https:// origin", note).into());
            }
            base = Some(v);
        }
    }
    let url = slots::fill_url(b.origin, b.url, b.path_slots, base.as_deref(), args)?;
    // Computed values are leaked: they live as long as the instance, which serves one
    // request (and frees nothing with the bump allocator), so no list has to keep them.
    let fixed = b.headers.len();
    // (Room for the most headers any binding sends, the body's included: a constant.)
    let mut headers = crate::buf::with_capacity_of(crate::catalog::HTTP_MAX_HEADERS);
    // SAFETY: `headers` has room for the fixed headers (`HTTP_MAX_HEADERS` counts every
    // header of every binding; `Header` is `Copy`).
    unsafe {
        core::ptr::copy_nonoverlapping(b.headers.as_ptr(), headers.as_mut_ptr(), fixed);
        headers.set_len(fixed);
    }
    // The secrets sent, which the answer is redacted of (room for the most any binding
    // sends; an unused slot is empty, which redacts nothing).
    let (mut secrets, mut sent) = ([""; crate::catalog::HTTP_MAX_SECRETS], 0);
    for (name, value) in b.computed {
        let value: &str = match *value {
            // A slot (`{"arg": NAME}`) exists only in catalogs that declare one
            // (`HTTP_ARG_HEADERS`).
            HeaderValue::Text(parts) if crate::catalog::HTTP_ARG_HEADERS => {
                let v = slots::fill_text(parts, args)?;
                if v.bytes().any(|c| c < 0x20 || c == 0x7f) {
                    // Only an argument can bring one (the build refuses them in text).
                    let name = parts.get(1).copied().unwrap_or_default();
                    return Err(join!("Argument \"", name, "\" cannot hold control characters").into());
                }
                v.leak()
            }
            HeaderValue::Text(_) => "",
            HeaderValue::Lookup { secret, key, prefix } => {
                // (Only catalogs with a configuration-valued header carry that branch.)
                let secret = secret || !crate::catalog::HTTP_CONFIG_HEADERS;
                let found = if secret { env.secret(key) } else { env.config(key) };
                let what = if secret { "Secret " } else { "Configuration value " };
                // (" is not set" is the metadata 404's, which names its setting the same way.)
                let not_set = const { crate::bytes::within(crate::config::NO_AUTH_SERVER, " is not set") };
                let v = found.ok_or_else(|| join!(what, key, not_set))?;
                let value = join!(prefix, &v).leak();
                if let (true, Some(slot)) = (secret, secrets.get_mut(sent)) {
                    // SAFETY: `value` is `prefix` then the secret, so `prefix.len()` is a
                    // character boundary within it.
                    *slot = unsafe { value.get_unchecked(prefix.len()..) };
                    sent += 1;
                }
                value
            }
        };
        // SAFETY: `headers` has room for every declared header and the body's.
        unsafe { put(&mut headers, Header::new(name, value)) };
    }
    // (`HTTP_BODIES`: only catalogs with a body template carry the JSON filling.)
    let body = if crate::catalog::HTTP_BODIES { b.body.map(|t| slots::fill_json(t, args)) } else { None };
    if body.is_some() {
        // SAFETY: as above.
        unsafe { put(&mut headers, Header::new("content-type", "application/json")) };
    }
    let req = OutRequest { method: b.method, url: &url, headers: &headers, body: body.as_ref().map(|s| s.as_bytes()) };
    let OutResponse { status, mut body, .. } = http::send(env, &req)?;
    if body.len() > b.max_bytes {
        // Names the binding's setting, which is what an operator raises.
        return Err("Upstream answer over http.maxBytes".into());
    }
    for secret in secrets {
        body = redact(body, secret);
    }
    answer(call, b, status, body)
}

/// Appends `h` within the capacity reserved for every header: `Vec::push` would link its
/// growth path (and a `push` and `grow_one` for `Header`) for a branch that never runs.
///
/// SAFETY: the caller reserved room for `h`.
unsafe fn put<'a>(list: &mut Vec<Header<'a>>, h: Header<'a>) {
    list.as_mut_ptr().add(list.len()).write(h);
    list.set_len(list.len() + 1)
}

/// Maps an upstream answer (within the size cap, secrets redacted) to the tool result.
// Inlined into the one caller: the body moves in without a copy through memory.
#[inline(always)]
pub fn answer(call: &mut ToolCall, b: &HttpBinding, status: u16, body: Vec<u8>) -> ToolResult {
    let text = super::text(&body);
    if !(200..300).contains(&status) {
        let mut m = Out::new();
        m.raw(b"Upstream answered HTTP ").int(status as i64);
        if (300..400).contains(&status) {
            m.raw(b" (redirect not followed)");
        }
        // (An empty body, or one that is not UTF-8, shows nothing, not even the colon.)
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            m.raw(b": ").raw(excerpt(t).as_bytes());
        }
        return Err(text_of(m).into());
    }
    // Not UTF-8 (in catalogs whose bindings all answer JSON), not JSON, or not an
    // object: one refusal, written at one place.
    'refuse: {
        let text = match text {
            Some(t) => t,
            None if crate::catalog::HTTP_JSON && !crate::catalog::HTTP_TEXT => break 'refuse,
            None => return Err("Upstream answer is not UTF-8".into()),
        };
        // (A catalog whose bindings all answer JSON, or all text, tests no flag.)
        if !crate::catalog::HTTP_JSON || crate::catalog::HTTP_TEXT && !b.json {
            call.text(text);
            return Ok(());
        }
        let Ok(top) = crate::json::scan(text.as_bytes()) else { break 'refuse };
        let value = crate::json::Value { buf: text.as_bytes(), span: top.value };
        if value.kind() != crate::json::Kind::Object {
            break 'refuse;
        }
        if let Some((params, open)) = b.output {
            check_object(params, open, Some(value), "Upstream answer fails outputSchema: ")?;
        }
        // SAFETY: `body` is `text`, checked as UTF-8 above.
        unsafe { call.structured(body) };
        return Ok(());
    }
    Err(NOT_OBJECT.into())
}

/// A successful answer of a JSON binding that is not a JSON object (or not JSON, or not
/// even UTF-8, in catalogs whose bindings all answer JSON).
const NOT_OBJECT: &str = "Upstream answer is not a JSON object";

/// At most [`EXCERPT_BYTES`], cut at a character boundary.
// Inlined into the one caller (a loop over a few bytes).
#[inline(always)]
pub fn excerpt(text: &str) -> &str {
    // Back to a character boundary: cut anywhere, a UTF-8 text's only invalid part is
    // the character cut through at the end, so its valid prefix ends at the boundary.
    let cut = crate::bytes::range(text.as_bytes(), 0, EXCERPT_BYTES.min(text.len()));
    let end = crate::json::utf8::valid_up_to(cut);
    // SAFETY: `end <= cut.len()`, and the first `end` bytes are UTF-8.
    unsafe { core::str::from_utf8_unchecked(cut.get_unchecked(..end)) }
}

/// Replaces every occurrence of a secret value with `[redacted]` (an empty one: none).
/// Only in UTF-8 text: a body that is not UTF-8 is never shown (`answer`), and a
/// replacement leaves the text's validity as it was (ASCII for a whole UTF-8 string).
// Inlined into the one caller: the body moves in and out without a copy through memory.
#[inline(always)]
pub fn redact(body: Vec<u8>, secret: &str) -> Vec<u8> {
    let mut rest = match super::text(&body) {
        Some(t) if !secret.is_empty() => t,
        _ => return body,
    };
    let mut out = crate::buf::with_capacity(body.len());
    while let Some((before, after)) = crate::bytes::split_once(rest, secret) {
        crate::buf::extend(&mut out, before.as_bytes());
        crate::buf::extend(&mut out, b"[redacted]");
        rest = after;
    }
    crate::buf::extend(&mut out, rest.as_bytes());
    out
}

/// A message written with [`Out`] (text and decimals, no second buffer per number).
fn text_of(o: Out) -> String {
    // SAFETY: only `&str`s and ASCII digits were written.
    unsafe { String::from_utf8_unchecked(o.buf) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_and_excerpts() {
        assert_eq!(redact(b"a tok3n b".to_vec(), ""), b"a tok3n b".to_vec());
        assert_eq!(redact(b"a tok3n b tok3ntok3n".to_vec(), "tok3n"), b"a [redacted] b [redacted][redacted]".to_vec());
        let long = "é".repeat(200);
        let e = excerpt(&long);
        assert!(e.len() <= EXCERPT_BYTES && e.len() >= EXCERPT_BYTES - 1 && e.chars().all(|c| c == 'é'));
        assert_eq!(excerpt("short"), "short");
    }
}
