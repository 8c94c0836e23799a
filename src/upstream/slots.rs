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
use alloc::vec::Vec;

use crate::json::{Kind, Value};

/// The argument named `name`, if the arguments object has it.
pub fn arg<'a>(args: Option<Value<'a>>, name: &str) -> Option<Value<'a>> {
    args.and_then(|a| a.get(name).ok().flatten())
}

/// An argument as text: a string's contents, a number's or boolean's JSON text; `null`
/// and absent are `None`. Objects and arrays have no text form.
// Inlined into `fill`'s modes (and a score bound): its nested `Result` is not passed through memory.
#[inline(always)]
pub fn arg_text<'a>(args: Option<Value<'a>>, name: &str) -> Result<Option<Cow<'a, str>>, String> {
    scalar_text(args, name, true, true)
}

/// [`arg_text`], refusing an object or array only if `any_type`, and taking a number's
/// or boolean's text only if `not_string`: where the argument check (which runs first)
/// already refused those, their code is not compiled in.
#[inline(always)]
fn scalar_text<'a>(args: Option<Value<'a>>, name: &str, any_type: bool, not_string: bool) -> Result<Option<Cow<'a, str>>, String> {
    let v = match arg(args, name) {
        None => return Ok(None),
        Some(v) => v,
    };
    if !any_type && !not_string {
        // Only a string has text here, and `str` is `None` for anything else: no kind.
        return Ok(v.str().map(Cow::Borrowed));
    }
    match v.kind() {
        Kind::String => Ok(v.str().map(Cow::Borrowed)),
        // SAFETY: a number's or boolean's JSON text is ASCII.
        Kind::Number | Kind::Bool if not_string => Ok(Some(Cow::Borrowed(unsafe { core::str::from_utf8_unchecked(v.bytes()) }))),
        Kind::Object | Kind::Array if any_type => Err(named("Argument \"", name, "\" must be a string, number or boolean")),
        _ => Ok(None),
    }
}

// Inlined: three calls at the caller, no frame of its own.
#[inline(always)]
fn named(prefix: &str, name: &str, suffix: &str) -> String {
    super::join!(prefix, name, suffix)
}

/// Whether an operator-set base is a bare origin this server may send to: `https://`
/// anywhere, `http://` only to a loopback host (the same test as the server's own
/// URL settings, `config::is_loopback`); nothing after the authority, no credentials
/// (`config::is_origin`).
// Inlined into the one caller.
#[inline(always)]
pub fn valid_base(base: &str) -> bool {
    // Prefix tests, not `strip_prefix` (whose `Option<&str>` comes back through memory).
    let b = base.as_bytes();
    // SAFETY: after the 7 ASCII bytes of "http://" is a character boundary.
    let loopback_http = || b.starts_with(b"http://") && crate::config::loopback_authority(unsafe { base.get_unchecked(7..) });
    (b.starts_with(b"https://") || loopback_http()) && crate::config::is_origin(base)
}

/// How a slot's value goes into a template.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Percent-encoded; the first `n` slots are in the path, where a value may not be
    /// empty, `.` or `..` (no climbing out of the declared path); absent is empty.
    Url(usize),
    /// The argument's JSON value as the client sent it (validated), `null` when absent.
    Json,
    /// The argument's text as it is; absent is empty.
    Text,
}

/// Appends a template split by the build script (literals at even indices, slot names
/// at odd ones; see `split.rs`) with each slot filled from `args`. Inlined into each
/// `fill_*` below, so a build links only the modes it uses (a KV key has no
/// percent-encoding, a URL no JSON values).
#[inline(always)]
pub fn fill(out: &mut Vec<u8>, parts: &[&str], args: Option<Value>, how: Fill) -> Result<(), String> {
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            crate::buf::extend(out, part.as_bytes());
            continue;
        }
        if how == Fill::Json {
            crate::buf::extend(out, arg(args, part).map_or(&b"null"[..], |v| v.bytes()));
            continue;
        }
        // A URL slot's property is declared a string, or at least a scalar, in every
        // binding unless the build says otherwise. (Natively, where tests and the fuzzer
        // fill templates without an argument check, every type is handled.)
        let url = matches!(how, Fill::Url(_)) && cfg!(all(target_arch = "wasm32", target_os = "unknown"));
        let value = scalar_text(args, part, !url || crate::catalog::HTTP_URL_ANY_TYPE, !url || crate::catalog::HTTP_URL_NOT_STRING)?;
        let value = value.as_deref().unwrap_or("");
        match how {
            Fill::Url(path_slots) => {
                // ("", "." and ".." are the prefixes of ".." no longer than it: one
                // compare, not three.)
                if i / 2 < path_slots && b"..".starts_with(value.as_bytes()) {
                    return Err(named("Argument \"", part, "\" cannot be empty, \".\" or \"..\" in a URL path"));
                }
                percent_encode(out, value);
            }
            _ => crate::buf::extend(out, value.as_bytes()),
        }
    }
    Ok(())
}

/// A URL: `base` (an operator's origin, already checked with [`valid_base`]) or the
/// declared `origin`, then the declared rest with its slots percent-encoded.
// Inlined (one caller per kind of template): the `Result` is not passed through memory.
#[inline(always)]
pub fn fill_url(origin: &str, parts: &[&str], path_slots: usize, base: Option<&str>, args: Option<Value>) -> Result<String, String> {
    let mut url = crate::buf::copy(base.unwrap_or(origin).as_bytes());
    fill(&mut url, parts, args, Fill::Url(path_slots))?;
    Ok(utf8(url))
}

/// A JSON body: each slot becomes the argument's JSON value, or `null`.
pub fn fill_json(parts: &[&str], args: Option<Value>) -> String {
    let mut out = Vec::new();
    let _ = fill(&mut out, parts, args, Fill::Json);
    utf8(out)
}

/// A KV key (or other text): each slot becomes the argument's text as it is.
// Inlined (one caller per kind of template): the `Result` is not passed through memory.
#[inline(always)]
pub fn fill_text(parts: &[&str], args: Option<Value>) -> Result<String, String> {
    let mut out = Vec::new();
    fill(&mut out, parts, args, Fill::Text)?;
    Ok(utf8(out))
}

/// Pieces of `str`s, joined: still UTF-8.
fn utf8(bytes: Vec<u8>) -> String {
    // SAFETY: only whole `&str`s and ASCII escapes were appended.
    unsafe { String::from_utf8_unchecked(bytes) }
}

/// RFC 3986's unreserved ASCII bytes (`A-Z a-z 0-9 - . _ ~`), bit `b & 7` of entry `b >> 3`.
const UNRESERVED: [u8; 16] = {
    let mut t = [0u8; 16];
    let mut b = 0;
    while b < 128 {
        if matches!(b as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~') {
            t[b >> 3] |= 1 << (b & 7);
        }
        b += 1;
    }
    t
};

/// Appends `value` with every byte but RFC 3986's unreserved ones as `%XX`.
// Inlined into the one caller.
#[inline(always)]
pub fn percent_encode(out: &mut Vec<u8>, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        // One append either way: the byte itself, or its escape, from one word written
        // once (not an array of three bytes and the byte, each stored apart). Unreserved
        // is a bit of a table (data, not a chain of compares).
        let unreserved = b < 128 && UNRESERVED[(b >> 3) as usize & 15] >> (b & 7) & 1 != 0;
        let escaped = b'%' as u32 | (HEX[(b >> 4) as usize] as u32) << 8 | (HEX[(b & 15) as usize] as u32) << 16;
        let word = (if unreserved { b as u32 } else { escaped }).to_le_bytes();
        crate::buf::extend(out, &word[..if unreserved { 1 } else { 3 }]);
    }
}

/// The pieces of a template, as the build script emits them (native: tests, fuzzing).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub fn parts<'t>(template: &'t str, open: &str, close: &str) -> Vec<&'t str> {
    let mut v = Vec::new();
    super::split::split(template, open, close, |p| crate::buf::push(&mut v, p));
    v
}

/// A declared URL's origin, pieces and path-slot count, as the build script emits them.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub fn url_parts(url: &str) -> Option<(&str, Vec<&str>, usize)> {
    let mut v = Vec::new();
    let (origin, path_slots) = super::split::split_url(url, |p| crate::buf::push(&mut v, p))?;
    Some((origin, v, path_slots))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::scan;
    use alloc::vec;

    fn with_args<R>(json: &str, f: impl FnOnce(Option<Value>) -> R) -> R {
        let top = scan(json.as_bytes()).unwrap();
        f(Some(Value { buf: json.as_bytes(), span: top.value }))
    }

    /// A declared URL filled as the module fills it (pieces as the build script emits them).
    fn filled(t: &str, base: Option<&str>, a: Option<Value>) -> Result<String, String> {
        let (origin, parts, path_slots) = url_parts(t).unwrap();
        fill_url(origin, &parts, path_slots, base, a)
    }

    #[test]
    fn templates_split_into_literals_and_slots() {
        assert_eq!(url_parts("https://h:1/a/{x}/b?q={y}&r={z}"), Some(("https://h:1", vec!["/a/", "x", "/b?q=", "y", "&r=", "z", ""], 1)));
        assert_eq!(url_parts("https://h#{x}"), Some(("https://h", vec!["#", "x", ""], 0)));
        assert_eq!(url_parts("no-origin/{x}"), None);
        assert_eq!(parts("a{b{c}{}{d e}", "{", "}"), ["a{b", "c", "{}{d e}"]);
        assert_eq!(parts(r#"{"q":"{q}","z":"{not a slot}"}"#, "\"{", "}\""), [r#"{"q":"#, "q", r#","z":"{not a slot}"}"#]);
    }

    #[test]
    fn url_slots_are_percent_encoded_and_cannot_move_the_origin() {
        let t = "https://api.example.com/repos/{owner}/{repo}?q={q}";
        let url = with_args(r#"{"owner":"a b","repo":"x/../@evil.com:80#","q":"1&x=2"}"#, |a| filled(t, None, a)).unwrap();
        assert_eq!(url, "https://api.example.com/repos/a%20b/x%2F..%2F%40evil.com%3A80%23?q=1%26x%3D2");
        let url = with_args(r#"{"owner":"é","repo":7}"#, |a| filled(t, Some("http://127.0.0.1:9"), a)).unwrap();
        assert_eq!(url, "http://127.0.0.1:9/repos/%C3%A9/7?q=");
    }

    #[test]
    fn path_slots_cannot_climb() {
        let t = "https://h/a/{x}/b";
        for bad in [r#"{"x":".."}"#, r#"{"x":"."}"#, r#"{"x":""}"#, "{}", r#"{"x":null}"#] {
            assert!(with_args(bad, |a| filled(t, None, a)).is_err(), "{bad}");
        }
        assert!(with_args(r#"{"x":[1]}"#, |a| filled(t, None, a)).is_err());
        assert_eq!(with_args(r#"{"x":"..."}"#, |a| filled(t, None, a)).unwrap(), "https://h/a/.../b");
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
        let body = with_args(r#"{"q":"a\"b","n":3,"o":{"k":[1]}}"#, |a| {
            fill_json(&parts(r#"{"query":"{q}","limit":"{n}","x":"{o}","y":"{absent}","z":"{not a slot}"}"#, "\"{", "}\""), a)
        });
        assert_eq!(body, r#"{"query":"a\"b","limit":3,"x":{"k":[1]},"y":null,"z":"{not a slot}"}"#);
    }

    #[test]
    fn text_slots() {
        assert_eq!(with_args(r#"{"n":"x*"}"#, |a| fill_text(&parts("note:{n}", "{", "}"), a)).unwrap(), "note:x*");
        assert_eq!(with_args("{}", |a| fill_text(&parts("a{b", "{", "}"), a)).unwrap(), "a{b");
    }
}
