//! Declared HTTP tools: a tool whose declaration carries an `"http"` binding instead of
//! a handler. build/http.rs checks the binding and emits an [`HttpBinding`]; this file
//! fills it from the arguments, sends it, and maps the answer to a tool result.
//!
//! Every failure is an `isError` result with a message a model can act on; secret
//! values never appear in one (nor in the content: an upstream that echoes a secret
//! back has it replaced by `[redacted]`); excerpts of failed answers are bounded.

use alloc::string::String;
use alloc::vec::Vec;

use super::http::{self, Method, OutRequest, OutResponse};
use super::slots;
use crate::catalog::Param;
use crate::mcp::tools::{check_object, ToolCall};
use crate::mcp::ToolResult;

/// How much of a failed answer's body an error shows.
pub const EXCERPT_BYTES: usize = 256;

pub struct HttpBinding {
    pub method: Method,
    /// An absolute URL with `{slots}` only after its origin.
    pub url: &'static str,
    /// A configuration key whose value, when set, replaces the URL's origin.
    pub base_from: Option<&'static str>,
    pub headers: &'static [(&'static str, HeaderValue)],
    /// A JSON body template (`"{slot}"` strings take argument values).
    pub body: Option<&'static str>,
    /// The answer is JSON: `structuredContent` plus text, checked against `output`.
    pub json: bool,
    /// The tool's `outputSchema`, reduced as input schemas are, and whether it is open.
    pub output: Option<(&'static [Param], bool)>,
    /// Larger answers are refused.
    pub max_bytes: usize,
}

pub enum HeaderValue {
    Text(&'static str),
    /// An operator-set dictionary / env value.
    Config(&'static str),
    /// A FastEdge secret, after a fixed prefix (`"Bearer "`).
    Secret(&'static str, &'static str),
    /// An argument: only when the declaration says so.
    Arg(&'static str),
}

pub fn call(call: &mut ToolCall, b: &HttpBinding) -> ToolResult {
    let env = call.cx.env;
    let base = match b.base_from.and_then(|key| env.config(key).map(|v| (key, v))) {
        Some((_, v)) if slots::valid_base(&v) => Some(v),
        Some((key, _)) => {
            let mut m = String::from("Configuration value ");
            m.push_str(key);
            m.push_str(" must be an origin such as https://api.example.com (http:// only for loopback)");
            return Err(m.into());
        }
        None => None,
    };
    let url = slots::fill_url(b.url, base.as_deref(), call.args())?;
    // Values first (some are computed), then the pairs the request borrows.
    let mut values: Vec<String> = Vec::new();
    let mut secrets: Vec<String> = Vec::new();
    for (_, value) in b.headers {
        let value = match value {
            HeaderValue::Text(t) => String::from(*t),
            HeaderValue::Config(key) => env.config(key).ok_or_else(|| not_set("Configuration value ", key))?,
            HeaderValue::Secret(key, prefix) => {
                let secret = env.secret(key).ok_or_else(|| not_set("Secret ", key))?;
                let mut v = String::from(*prefix);
                v.push_str(&secret);
                secrets.push(secret);
                v
            }
            HeaderValue::Arg(name) => {
                let v = slots::arg_text(call.args(), name)?.unwrap_or_default();
                if v.bytes().any(|c| c < 0x20 || c == 0x7f) {
                    let mut m = String::from("Argument \"");
                    m.push_str(name);
                    m.push_str("\" cannot hold control characters");
                    return Err(m.into());
                }
                String::from(v)
            }
        };
        values.push(value);
    }
    let mut headers: Vec<(&str, &str)> = b.headers.iter().zip(&values).map(|((name, _), v)| (*name, v.as_str())).collect();
    let body = b.body.map(|t| slots::fill_json(t, call.args()));
    if body.is_some() {
        headers.push(("content-type", "application/json"));
    }
    let req = OutRequest { method: b.method, url: &url, headers: &headers, body: body.as_ref().map(|s| s.as_bytes()) };
    let resp = http::send(env, &req)?;
    answer(call, b, resp, &secrets)
}

fn not_set(what: &str, key: &str) -> String {
    let mut m = String::from(what);
    m.push_str(key);
    m.push_str(" is not set");
    m
}

/// Maps an upstream answer to the tool result.
pub fn answer(call: &mut ToolCall, b: &HttpBinding, resp: OutResponse, secrets: &[String]) -> ToolResult {
    if resp.body.len() > b.max_bytes {
        let mut m = String::from("The upstream answer is ");
        push_int(&mut m, resp.body.len());
        m.push_str(" bytes, over this tool's limit of ");
        push_int(&mut m, b.max_bytes);
        return Err(m.into());
    }
    let body = redact(resp.body, secrets);
    let text = core::str::from_utf8(&body);
    if !(200..300).contains(&resp.status) {
        let mut m = String::from("The upstream answered HTTP ");
        push_int(&mut m, resp.status as usize);
        if (300..400).contains(&resp.status) {
            m.push_str(" (a redirect, not followed)");
        }
        match text {
            Ok(t) if !t.is_empty() => {
                m.push_str(": ");
                m.push_str(excerpt(t));
            }
            Ok(_) => {}
            Err(_) => m.push_str(" with a body that is not UTF-8 text"),
        }
        return Err(m.into());
    }
    let text = match text {
        Ok(t) => t,
        Err(_) => return Err("The upstream answer is not UTF-8 text, so it is not passed on".into()),
    };
    if !b.json {
        call.text(text);
        return Ok(());
    }
    let top = match crate::json::scan(text.as_bytes()) {
        Ok(top) => top,
        Err(_) => return Err("The upstream answer is not valid JSON".into()),
    };
    let value = crate::json::Value { buf: text.as_bytes(), span: top.value };
    if value.kind() != crate::json::Kind::Object {
        return Err("The upstream answer is JSON but not an object, so it cannot be structuredContent".into());
    }
    if let Some((params, open)) = b.output {
        check_object(params, open, Some(value), "The upstream answer does not match the outputSchema: ")?;
    }
    call.structured(Vec::from(text.as_bytes()));
    Ok(())
}

/// At most [`EXCERPT_BYTES`], cut at a character boundary.
pub fn excerpt(text: &str) -> &str {
    let mut end = text.len().min(EXCERPT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    crate::bytes::sub(text, 0, end)
}

/// Replaces every occurrence of a secret value with `[redacted]`.
pub fn redact(mut body: Vec<u8>, secrets: &[String]) -> Vec<u8> {
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let mut out = Vec::with_capacity(body.len());
        let mut rest: &[u8] = &body;
        while let Some(i) = crate::bytes::find_bytes(rest, secret.as_bytes()) {
            out.extend_from_slice(crate::bytes::range(rest, 0, i));
            out.extend_from_slice(b"[redacted]");
            rest = crate::bytes::range(rest, i + secret.len(), rest.len());
        }
        out.extend_from_slice(rest);
        body = out;
    }
    body
}

fn push_int(m: &mut String, n: usize) {
    let mut o = crate::json::Out::new();
    o.int(n as i64);
    m.push_str(core::str::from_utf8(&o.buf).unwrap_or(""));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_and_excerpts() {
        let s = [String::from("tok3n"), String::new()];
        assert_eq!(redact(b"a tok3n b tok3ntok3n".to_vec(), &s), b"a [redacted] b [redacted][redacted]".to_vec());
        let long = "é".repeat(200);
        let e = excerpt(&long);
        assert!(e.len() <= EXCERPT_BYTES && e.len() >= EXCERPT_BYTES - 1 && e.chars().all(|c| c == 'é'));
        assert_eq!(excerpt("short"), "short");
    }
}
