//! Decoding string contents, on demand. Inputs here were validated by `scan`, so
//! every escape is well formed and every surrogate is paired.

use alloc::borrow::Cow;
use alloc::string::String;

use super::scan::hex4;

/// Decodes the raw contents of a validated string. Borrows when there is no escape,
/// which is the common case for method names, tool names and arguments.
pub fn unescape(raw: &[u8]) -> Cow<'_, str> {
    // SAFETY-free: the whole body passed `core::str::from_utf8`, and a string's raw
    // contents start and end on character boundaries (the quotes are ASCII).
    let whole = match core::str::from_utf8(raw) {
        Ok(s) => s,
        Err(_) => return Cow::Borrowed(""),
    };
    if !raw.contains(&b'\\') {
        return Cow::Borrowed(whole);
    }
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let next_escape = raw[i..].iter().position(|&b| b == b'\\').map_or(raw.len(), |p| i + p);
        out.push_str(&whole[i..next_escape]);
        i = next_escape;
        if i == raw.len() {
            break;
        }
        let (ch, used) = escape_at(raw, i);
        out.push(ch);
        i += used;
    }
    Cow::Owned(out)
}

/// The character an escape at `i` stands for, and how many bytes it used.
fn escape_at(raw: &[u8], i: usize) -> (char, usize) {
    let simple = match raw[i + 1] {
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex4(raw, i + 2).unwrap_or(0xFFFD);
            if (0xD800..0xDC00).contains(&unit) {
                let low = hex4(raw, i + 8).unwrap_or(0xDC00);
                let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                return (char::from_u32(code).unwrap_or('\u{FFFD}'), 12);
            }
            return (char::from_u32(unit).unwrap_or('\u{FFFD}'), 6);
        }
        other => other as char, // '"', '\\', '/'
    };
    (simple, 2)
}

/// Whether raw string contents equal `want` once decoded.
pub fn raw_eq(raw: &[u8], want: &str) -> bool {
    if raw.contains(&b'\\') {
        unescape(raw) == want
    } else {
        raw == want.as_bytes()
    }
}

/// Number of characters (Unicode scalar values) in raw string contents once decoded.
pub fn char_len(raw: &[u8]) -> usize {
    unescape(raw).chars().count()
}

/// Reads a non-negative integer that fits in u64 (no sign, fraction or exponent).
pub fn parse_u64(raw: &[u8]) -> Option<u64> {
    if raw.is_empty() || raw.len() > 20 {
        return None;
    }
    let mut v: u64 = 0;
    for &d in raw {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((d - b'0') as u64)?;
    }
    Some(v)
}

/// Whether a validated number is an integer in the JSON Schema sense (`1`, `-3`,
/// `1.0` and `1e3` all are).
pub fn is_integer(raw: &[u8]) -> bool {
    let (mantissa, exponent) = match raw.iter().position(|&b| b == b'e' || b == b'E') {
        Some(p) => (&raw[..p], Some(&raw[p + 1..])),
        None => (raw, None),
    };
    let (int_part, frac) = match mantissa.iter().position(|&b| b == b'.') {
        Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
        None => (mantissa, &b""[..]),
    };
    let frac = trim_trailing_zeros(frac);
    if frac.is_empty() {
        return exponent.map_or(true, |e| !e.starts_with(b"-") || int_is_zero(int_part));
    }
    // A fraction is integral only if a positive exponent shifts it all left.
    match exponent.and_then(|e| parse_u64(e.strip_prefix(b"+").unwrap_or(e))) {
        Some(shift) => shift >= frac.len() as u64,
        None => false,
    }
}

fn trim_trailing_zeros(mut digits: &[u8]) -> &[u8] {
    while let [rest @ .., b'0'] = digits {
        digits = rest;
    }
    digits
}

fn int_is_zero(int_part: &[u8]) -> bool {
    int_part.iter().all(|&b| b == b'0' || b == b'-')
}
