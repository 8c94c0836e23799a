//! Decoding string contents, on demand. Inputs here were validated by `scan`, so
//! every escape is well formed and every surrogate is paired.

use alloc::borrow::Cow;
use alloc::string::String;

use super::scan::hex4;
use crate::bytes::range;

/// Decodes the raw contents of a validated string. Borrows when there is no escape,
/// which is the common case for method names, tool names and arguments.
pub fn unescape(raw: &[u8]) -> Cow<'_, str> {
    if !raw.contains(&b'\\') {
        // `scan` checked the string's UTF-8, so this is never "".
        return Cow::Borrowed(super::utf8::str(raw));
    }
    let mut out = alloc::vec::Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let (ch, used) = escape_at(raw, i);
        let mut utf8 = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes());
        i += used;
    }
    Cow::Owned(String::from(super::utf8::str(&out)))
}

/// The character an escape at `i` stands for, and how many bytes it used.
fn escape_at(raw: &[u8], i: usize) -> (char, usize) {
    let simple = match raw.get(i + 1).copied().unwrap_or(b'\\') {
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex4(raw, i + 2).unwrap_or(0xFFFD);
            if (0xD800..0xDC00).contains(&unit) {
                let low = hex4(raw, i + 8).unwrap_or(0xDC00);
                let code = 0x10000 + ((unit - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
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
    // Every escape is longer than what it stands for, so raw contents of the same
    // length are equal only byte for byte, and shorter ones never are. Only a
    // longer raw string can be an escaped spelling of `want`.
    match raw.len().cmp(&want.len()) {
        core::cmp::Ordering::Equal => raw == want.as_bytes(),
        core::cmp::Ordering::Less => false,
        core::cmp::Ordering::Greater => raw.contains(&b'\\') && unescape(raw) == want,
    }
}

/// Number of characters (Unicode scalar values) in raw string contents once decoded.
pub fn char_len(raw: &[u8]) -> usize {
    // UTF-8 continuation bytes are 0b10xxxxxx; every other byte starts a character.
    unescape(raw).bytes().filter(|b| b & 0xC0 != 0x80).count()
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
        Some(p) => (range(raw, 0, p), Some(range(raw, p + 1, raw.len()))),
        None => (raw, None),
    };
    let (int_part, frac) = match mantissa.iter().position(|&b| b == b'.') {
        Some(p) => (range(mantissa, 0, p), range(mantissa, p + 1, mantissa.len())),
        None => (mantissa, &b""[..]),
    };
    let frac = trim_trailing_zeros(frac);
    if frac.is_empty() {
        return exponent.is_none_or(|e| !e.starts_with(b"-") || int_is_zero(int_part));
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
