//! Filling declared templates from a tool's (already validated) arguments: URLs whose
//! `{slots}` are percent-encoded, JSON bodies whose `"{slot}"` strings become the
//! argument's JSON value, and KV keys. Pure functions of (template, arguments), fuzzed
//! in `fuzz/fuzz_targets/slots.rs`.
//!
//! The destination is never an argument's to choose: build/main.rs refuses a slot in a
//! URL's scheme, host or port, an operator's base replaces exactly that part, and a
//! filled slot can contain no `/`, `?`, `#`, `@`, `%` or `:` of its own (everything but
//! RFC 3986 unreserved characters is percent-encoded), so the URL keeps the origin it
//! was declared with.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::bytes;
use crate::json::{Kind, Value};

/// The argument named `name`, if the arguments object has it.
pub fn arg<'a>(args: Option<Value<'a>>, name: &str) -> Option<Value<'a>> {
    args.and_then(|a| a.get(name).ok().flatten())
}

/// An argument as text: a string's contents, a number's or boolean's JSON text; `null`
/// and absent are `None`. Objects and arrays have no text form.
pub fn arg_text<'a>(args: Option<Value<'a>>, name: &str) -> Result<Option<Cow<'a, str>>, String> {
    let v = match arg(args, name) {
        None => return Ok(None),
        Some(v) => v,
    };
    match v.kind() {
        Kind::String => Ok(v.str()),
        Kind::Number | Kind::Bool => Ok(Some(Cow::Borrowed(core::str::from_utf8(v.bytes()).unwrap_or("")))),
        Kind::Null => Ok(None),
        Kind::Object | Kind::Array => Err(named("Argument \"", name, "\" must be a string, number or boolean here")),
    }
}

fn named(prefix: &str, name: &str, suffix: &str) -> String {
    let mut m = String::from(prefix);
    m.push_str(name);
    m.push_str(suffix);
    m
}

/// The `scheme://authority` of an absolute URL, or `None` if it is not one.
pub fn origin(url: &str) -> Option<&str> {
    let after = bytes::find(url, "://")? + 3;
    let end = bytes::pos_any(bytes::from(url, after), b"/?#").map_or(url.len(), |i| i + after);
    if end == after {
        return None;
    }
    Some(bytes::sub(url, 0, end))
}

/// Whether an operator-set base is a bare origin this server may send to: `https://`
/// anywhere, `http://` only to a loopback host (as build/main.rs requires of declared
/// URLs); no path, credentials or anything an origin cannot hold.
pub fn valid_base(base: &str) -> bool {
    let rest = match (base.strip_prefix("https://"), base.strip_prefix("http://")) {
        (Some(r), _) => r,
        (None, Some(r)) if is_loopback(r) => r,
        _ => return false,
    };
    !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
}

/// `127.x.x.x`, `localhost` or `[::1]`, with an optional port.
pub fn is_loopback(authority: &str) -> bool {
    let host = if authority.starts_with('[') {
        bytes::before_any(authority, b"]")
    } else {
        bytes::before_any(authority, b":")
    };
    let ipv4_127 = host.starts_with("127.") && host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    host == "localhost" || host == "[::1" || ipv4_127
}

/// Fills a declared URL: `base` (an operator's origin, already checked with
/// [`valid_base`]) replaces the declared origin; each `{name}` becomes the argument,
/// percent-encoded. In the path a slot must be non-empty and not `.` or `..` (no
/// climbing out of the declared path); in the query an absent argument is empty.
pub fn fill_url(template: &str, base: Option<&str>, args: Option<Value>) -> Result<String, String> {
    let declared = origin(template).ok_or_else(|| String::from("The declared URL has no origin"))?;
    let mut url = String::from(base.unwrap_or(declared));
    let mut rest = bytes::from(template, declared.len());
    let mut in_query = false;
    while let Some(open) = bytes::pos_any(rest, b"{") {
        let literal = bytes::sub(rest, 0, open);
        in_query |= bytes::pos_any(literal, b"?#").is_some();
        url.push_str(literal);
        let after = bytes::from(rest, open + 1);
        let close = bytes::pos_any(after, b"}").ok_or_else(|| String::from("The declared URL has an unclosed slot"))?;
        let name = bytes::sub(after, 0, close);
        let value = arg_text(args, name)?;
        let value = value.as_deref().unwrap_or("");
        if !in_query && matches!(value, "" | "." | "..") {
            return Err(named("Argument \"", name, "\" cannot be empty, \".\" or \"..\" in a URL path"));
        }
        percent_encode(&mut url, value);
        rest = bytes::from(after, close + 1);
    }
    url.push_str(rest);
    Ok(url)
}

/// Appends `value` with every byte but RFC 3986's unreserved ones as `%XX`.
pub fn percent_encode(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// Fills a JSON body template: each string that is exactly `"{name}"` becomes the
/// argument's JSON value as the client sent it (validated), or `null` when absent.
pub fn fill_json(template: &str, args: Option<Value>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = bytes::find(rest, "\"{") {
        let after = bytes::from(rest, i + 2);
        let slot = bytes::find(after, "}\"").map(|j| (bytes::sub(after, 0, j), j));
        match slot {
            Some((name, j)) if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                out.push_str(bytes::sub(rest, 0, i));
                match arg(args, name) {
                    Some(v) => out.push_str(core::str::from_utf8(v.bytes()).unwrap_or("null")),
                    None => out.push_str("null"),
                }
                rest = bytes::from(after, j + 2);
            }
            _ => {
                out.push_str(bytes::sub(rest, 0, i + 2));
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Fills a KV key (or a header value) template: each `{name}` becomes the argument's
/// text as it is; absent is empty.
pub fn fill_text(template: &str, args: Option<Value>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = bytes::pos_any(rest, b"{") {
        out.push_str(bytes::sub(rest, 0, open));
        let after = bytes::from(rest, open + 1);
        let close = match bytes::pos_any(after, b"}") {
            Some(c) => c,
            None => {
                out.push('{');
                rest = after;
                continue;
            }
        };
        if let Some(v) = arg_text(args, bytes::sub(after, 0, close))? {
            out.push_str(&v);
        }
        rest = bytes::from(after, close + 1);
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::scan;

    fn with_args<R>(json: &str, f: impl FnOnce(Option<Value>) -> R) -> R {
        let top = scan(json.as_bytes()).unwrap();
        f(Some(Value { buf: json.as_bytes(), span: top.value }))
    }

    #[test]
    fn url_slots_are_percent_encoded_and_cannot_move_the_origin() {
        let t = "https://api.example.com/repos/{owner}/{repo}?q={q}";
        let url = with_args(r#"{"owner":"a b","repo":"x/../@evil.com:80#","q":"1&x=2"}"#, |a| fill_url(t, None, a)).unwrap();
        assert_eq!(url, "https://api.example.com/repos/a%20b/x%2F..%2F%40evil.com%3A80%23?q=1%26x%3D2");
        let url = with_args(r#"{"owner":"é","repo":7}"#, |a| fill_url(t, Some("http://127.0.0.1:9"), a)).unwrap();
        assert_eq!(url, "http://127.0.0.1:9/repos/%C3%A9/7?q=");
    }

    #[test]
    fn path_slots_cannot_climb() {
        let t = "https://h/a/{x}/b";
        for bad in [r#"{"x":".."}"#, r#"{"x":"."}"#, r#"{"x":""}"#, "{}", r#"{"x":null}"#] {
            assert!(with_args(bad, |a| fill_url(t, None, a)).is_err(), "{bad}");
        }
        assert!(with_args(r#"{"x":[1]}"#, |a| fill_url(t, None, a)).is_err());
        assert_eq!(with_args(r#"{"x":"..."}"#, |a| fill_url(t, None, a)).unwrap(), "https://h/a/.../b");
    }

    #[test]
    fn bases() {
        assert!(valid_base("https://api.example.com"));
        assert!(valid_base("https://api.example.com:8443"));
        assert!(valid_base("http://127.0.0.1:8080"));
        assert!(valid_base("http://localhost"));
        assert!(valid_base("http://[::1]:80"));
        assert!(!valid_base("http://example.com"));
        assert!(!valid_base("https://example.com/path"));
        assert!(!valid_base("https://user@example.com"));
        assert!(!valid_base("ftp://example.com"));
        assert!(!valid_base("https://"));
        assert!(!valid_base("http://127.0.0.1.evil.com"), "a loopback-looking prefix");
    }

    #[test]
    fn json_bodies_take_argument_values() {
        let body = with_args(r#"{"q":"a\"b","n":3,"o":{"k":[1]}}"#, |a| fill_json(r#"{"query":"{q}","limit":"{n}","x":"{o}","y":"{absent}","z":"{not a slot}"}"#, a));
        assert_eq!(body, r#"{"query":"a\"b","limit":3,"x":{"k":[1]},"y":null,"z":"{not a slot}"}"#);
    }

    #[test]
    fn text_slots() {
        assert_eq!(with_args(r#"{"n":"x*"}"#, |a| fill_text("note:{n}", a)).unwrap(), "note:x*");
        assert_eq!(with_args("{}", |a| fill_text("a{b", a)).unwrap(), "a{b");
    }
}
