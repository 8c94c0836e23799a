//! Decoding string contents, on demand. Inputs here were validated by `scan`, so
//! every escape is well formed and every surrogate is paired.

use alloc::borrow::Cow;
use alloc::string::String;

use super::scan::{hex4, simple_escape};
use crate::bytes::range;

/// Decodes the raw contents of a validated string. Borrows when it is ASCII without
/// escapes, which is the common case for method names, tool names and arguments.
/// With 32-bit pointers (the module), inlined over [`unescape_word`]: a decoded copy
/// is kept for the request ([`leak`]; the module's allocator never frees anyway), so
/// the answer is always a borrow, one word back from the call instead of a `Cow`
/// through memory, and no caller has a copy to drop.
#[inline(always)]
pub fn unescape(raw: &[u8]) -> Cow<'_, str> {
    #[cfg(target_pointer_width = "32")]
    // SAFETY: the word is `unescape_word`'s text packed whole (never `None`): a
    // pointer and length of UTF-8 that lives as long as `raw` (borrowed from it, or
    // kept for the instance).
    return Cow::Borrowed(unsafe { core::str::from_utf8_unchecked(crate::bytes::unpack_some(unescape_word(raw))) });
    #[cfg(not(target_pointer_width = "32"))]
    unescape_here(raw)
}

/// [`unescape`] packed into one word (never 0: a `&str`'s pointer is not null). A
/// decoded copy is kept ([`keep`]) and borrowed, with no `Cow` between.
#[cfg(target_pointer_width = "32")]
#[inline(never)]
fn unescape_word(raw: &[u8]) -> u64 {
    let text: &[u8] = if is_plain(raw) {
        raw
    } else if super::utf8::valid_up_to(raw) != raw.len() {
        b""
    } else {
        let mut out = crate::buf::with_capacity(raw.len());
        decode_into(raw, &mut out);
        // SAFETY: as in `decode`: what `decode_into` writes of UTF-8 is UTF-8.
        keep(unsafe { String::from_utf8_unchecked(out) }).as_bytes()
    };
    crate::bytes::pack(Some(text))
}

/// The decoding itself.
#[cfg(not(target_pointer_width = "32"))]
#[inline(always)]
fn unescape_here(raw: &[u8]) -> Cow<'_, str> {
    // One pass settles the common case, ASCII without escapes, which is its own text.
    if is_plain(raw) {
        // SAFETY: every byte is ASCII.
        return Cow::Borrowed(unsafe { core::str::from_utf8_unchecked(raw) });
    }
    decode(raw)
}

/// [`unescape`] for contents with an escape or a non-ASCII byte. A function of its
/// own: its stack frame (for the copy it builds) is not paid by the usual borrow.
#[cfg(not(target_pointer_width = "32"))]
#[inline(never)]
fn decode(raw: &[u8]) -> Cow<'_, str> {
    // `scan` checked the string's UTF-8 (but this is public: bytes that are not UTF-8
    // decode to "", as `utf8::str` has it).
    if super::utf8::valid_up_to(raw) != raw.len() {
        return Cow::Borrowed("");
    }
    // Non-ASCII without escapes is copied too (rare; one search less).
    let mut out = crate::buf::with_capacity(raw.len());
    decode_into(raw, &mut out);
    // SAFETY: `raw` is UTF-8, escapes are ASCII so they sit between its characters, and
    // each one became a whole `char`: what is copied and what is decoded are both UTF-8.
    Cow::Owned(unsafe { String::from_utf8_unchecked(out) })
}

/// Appends the decoding of `raw` (UTF-8, with escapes) to `out`.
#[inline(always)]
fn decode_into(raw: &[u8], out: &mut alloc::vec::Vec<u8>) {
    // What lies between escapes is copied a run at a time.
    let (mut i, mut plain_from) = (0, 0);
    loop {
        // The scanner's plain run (a word at a time): in validated contents it stops
        // at an escape, a non-ASCII byte (stepped over) or the end.
        i = super::scan::plain_run(raw, i);
        let Some(&b) = raw.get(i) else { break };
        if b != b'\\' {
            i += 1;
            continue;
        }
        // SAFETY: `plain_from` is 0 or where the last escape ended, which is where
        // the plain run to `i` began: at or before `i`, which is inside `raw`.
        crate::buf::extend(out, unsafe { raw.get_unchecked(plain_from..i) });
        let (mut code, used) = escape_at(raw, i);
        // A lone surrogate or a `\u` without four hex digits (`scan::NOT_HEX`, above
        // U+10FFFF), which `scan` rejects anyway, is no character. One compare for
        // both, as `char::from_u32` has it: the xor swaps the surrogates (0xD800..0xE000)
        // with 0..0x800, which the subtraction wraps above every character.
        if (code ^ 0xD800).wrapping_sub(0x800) >= 0x11_0000 - 0x800 {
            code = 0xFFFD;
        }
        // UTF-8 by hand, from the last byte: continuation bytes while what is left
        // does not fit in the lead, whose room shrinks with each (seven bits alone,
        // then five, four, three). `char::encode_utf8` spells out each length. Each
        // byte is shifted in below the ones after it, so the word's little-endian
        // bytes are the sequence in order (one store, where a byte array took a store
        // a byte and zeros first).
        let (mut word, mut continuations, mut room) = (0u32, 0, 0x7F);
        while code > room {
            word = word << 8 | 0x80 | (code & 0x3F);
            code >>= 6;
            continuations += 1;
            room = 0x3F >> continuations;
        }
        // The lead: its length in high bits, the complement of its room and the bit
        // above within a byte (none for ASCII, then 0xC0, 0xE0 or 0xF0).
        let utf8 = (word << 8 | code | (0xFE ^ room << 1)).to_le_bytes();
        // SAFETY: at most three continuation bytes (U+10FFFF has 21 bits: after three,
        // 3 are left, within the room of 0x07), so the sequence is at most 4 bytes.
        crate::buf::extend(out, unsafe { utf8.get_unchecked(..continuations + 1) });
        i += used;
        plain_from = i;
    }
    crate::buf::extend(out, range(raw, plain_from, raw.len()));
}

/// Whether `raw` holds neither a backslash nor a non-ASCII byte: then it decodes to
/// itself (a quote or control character, which validated contents never hold, would
/// be copied as it is anyway). Four to sixteen bytes, the length of most names and
/// of many short values, are read as two words that may overlap (the first and the
/// last eight bytes, or four below eight: a yes or no needs no position), not through
/// the scanner's plain run, whose word loop leaves all but whole words to its byte
/// loop (about 30 Wasm instructions a byte); other lengths go through the plain run.
fn is_plain(raw: &[u8]) -> bool {
    let n = raw.len();
    if !(4..=16).contains(&n) {
        return super::scan::plain_run(raw, 0) == n;
    }
    const ONES: u64 = 0x0101_0101_0101_0101;
    let p = raw.as_ptr();
    // SAFETY: each read is of the first or the last `size` bytes, `size` at most `n`
    // (Wasm loads need no alignment, nor does `read_unaligned`).
    let read = |at: usize| unsafe {
        if n >= 8 { p.add(at).cast::<u64>().read_unaligned() } else { p.add(at).cast::<u32>().read_unaligned() as u64 }
    };
    let size = if n >= 8 { 8 } else { 4 };
    let (first, last) = (read(0), read(n - size));
    // A backslash is a zero byte once xor-ed with backslashes (the zero-byte test: only
    // a zero byte borrows into its own top bit, or bytes above a real one); non-ASCII
    // has its top bit already. The padding of a four-byte read is neither.
    let (a, b) = (first ^ ONES * b'\\' as u64, last ^ ONES * b'\\' as u64);
    (a.wrapping_sub(ONES) & !a | b.wrapping_sub(ONES) & !b | first | last) & ONES * 0x80 == 0
}

/// The code point an escape at `i` stands for, and how many bytes it used.
fn escape_at(raw: &[u8], i: usize) -> (u32, usize) {
    let escaped = raw.get(i + 1).copied().unwrap_or(0);
    if escaped == b'u' {
        // Not hex is `scan::NOT_HEX`, which the caller turns into U+FFFD.
        let unit = hex4(raw, i + 2);
        if (0xD800..0xDC00).contains(&unit) {
            // A low half that is not hex (never, validated) still makes a character.
            let low = hex4(raw, i + 8);
            return (0x10000 + ((unit - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF), 12);
        }
        return (unit, 6);
    }
    // Validated: one of the simple escapes (anything else would decode to NUL).
    (simple_escape(escaped) as u32, 2)
}

/// Whether raw string contents equal `want` once decoded.
pub fn raw_eq(raw: &[u8], want: &str) -> bool {
    // Every escape is longer than what it stands for, so raw contents of the same
    // length are equal only byte for byte, and shorter ones never are. Only a
    // longer raw string can be an escaped spelling of `want` (one without escapes
    // decodes to itself, still longer).
    *raw == *want.as_bytes() || (raw.len() > want.len() && crate::bytes::same(&unescape(raw), want))
}

/// Number of characters (Unicode scalar values) in raw string contents once decoded.
pub fn char_len(raw: &[u8]) -> usize {
    // UTF-8 continuation bytes are 0b10xxxxxx; every other byte starts a character.
    // An index loop: `filter().count()` instantiates its own adapter.
    let text = unescape(raw);
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        count += (b & 0xC0 != 0x80) as usize;
        i += 1;
    }
    count
}

/// Reads a non-negative integer that fits in u64 (no sign, fraction or exponent).
pub fn parse_u64(raw: &[u8]) -> Option<u64> {
    if raw.is_empty() || raw.len() > 20 {
        return None;
    }
    let mut v: u64 = 0;
    let mut i = 0;
    while let Some(&d) = raw.get(i) {
        let digit = d.wrapping_sub(b'0');
        // A byte that is no digit, or a value past u64::MAX (18446744073709551615):
        // compares against constants, where `checked_mul` costs a wide multiply.
        if digit > 9 || v > u64::MAX / 10 || (v == u64::MAX / 10 && digit > 5) {
            return None;
        }
        v = v * 10 + digit as u64;
        i += 1;
    }
    Some(v)
}

/// Whether a validated number is an integer in the JSON Schema sense (`1`, `-3`,
/// `1.0`, `1e3`, `1.5e1` and `100e-2` all are; `0.5`, `1e-1` and `15e-1` are not).
pub fn is_integer(raw: &[u8]) -> bool {
    // One pass over `-? int (. frac)? (e exp)?`, numbering the digits across the point:
    // `last` is the number of the last non-zero one (0: there is none, the value is
    // zero), `point` how many stand before the point (all of them without one). The
    // value is integral when the exponent moves the point to `last` or past it.
    let (mut digits, mut last, mut point) = (0isize, 0isize, isize::MAX);
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        i += 1;
        match b {
            b'.' => point = digits,
            b'0'..=b'9' => {
                digits += 1;
                if b != b'0' {
                    last = digits;
                }
            }
            // `e` or `E`, alike once or-ed with 0x20 (no other byte of a number is).
            _ if b | 0x20 == b'e' => break,
            _ => {}
        }
    }
    // Capped at 2^26 rather than saturated: every count above is at most the number's
    // length, below that (a request body is at most 1 MiB, an upstream answer 16 MiB),
    // so the answer is the same; and a word-sized compare is cheaper than
    // `saturating_mul`'s wide multiply (`isize`: 32 bits in the module, where no sum
    // here comes near 2^31). A `-` past the `e` can only be the exponent's sign.
    let (mut exp, mut shift_right) = (0isize, false);
    while let Some(&b) = raw.get(i) {
        i += 1;
        shift_right |= b == b'-';
        if b.is_ascii_digit() {
            exp = (exp * 10 + (b - b'0') as isize).min(1 << 26);
        }
    }
    last == 0 || last <= point.min(digits) + if shift_right { -exp } else { exp }
}

/// A decoded string as a plain borrow, so callers need no `Cow`. An unescaped (owned)
/// one is kept for as long as the instance lives (`keep`).
pub fn leak<'a>(s: Cow<'a, str>) -> &'a str {
    match s {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => keep(s),
    }
}

/// In the module, leaked: the bump allocator never frees (its `dealloc` does nothing)
/// and the instance ends with the request, so this costs nothing. (The comparison
/// allocators do free, but their memory ends with the instance too.)
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn keep<'a>(s: alloc::string::String) -> &'a str {
    s.leak()
}

/// Natively (tests, fuzzing) one process serves many requests and the allocator frees,
/// so a leak would be a real one, and LeakSanitizer fails the fuzz run on it. The
/// strings are kept in a per-thread list instead: reachable, dropped only with the thread,
/// a few bytes per escaped parameter.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn keep<'a>(s: alloc::string::String) -> &'a str {
    std::thread_local! {
        static KEPT: core::cell::RefCell<alloc::vec::Vec<alloc::string::String>> =
            const { core::cell::RefCell::new(alloc::vec::Vec::new()) };
    }
    let text: *const str = s.as_str();
    KEPT.with(|kept| kept.borrow_mut().push(s));
    // SAFETY: the text lives in the String's own heap block, which moving the String
    // into the list does not move, and the list drops its Strings only with the thread.
    unsafe { &*text }
}

#[cfg(test)]
mod tests {
    /// Integral values in every spelling JSON allows, and values a fraction away.
    #[test]
    fn integers_are_told_by_value_not_spelling() {
        for yes in ["0", "-0", "7", "-3", "1.0", "1.000", "1e3", "1E+3", "1.5e1", "1.25e2", "100e-2", "10e-1", "-120E-1", "0.0e-5", "0e-400", "0.5e1", "1e99999999999999999999", "1.5e99999999999999999999"] {
            assert!(super::is_integer(yes.as_bytes()), "{yes}");
        }
        for no in ["0.5", "-0.5", "1.01", "1e-1", "15e-1", "10e-2", "1.5", "1.25e1", "1.5e0", "-1.05e1", "1e-99999999999999999999"] {
            assert!(!super::is_integer(no.as_bytes()), "{no}");
        }
    }

    use super::{is_plain, unescape};

    /// The overlapping words see every byte: a backslash or a non-ASCII byte at each
    /// place of contents of every length up to twenty (through the plain run below
    /// four and above sixteen) is found, and contents without one are plain.
    #[test]
    fn is_plain_sees_every_byte() {
        for len in 0..=20 {
            let mut raw = alloc::vec![b'a'; len];
            assert!(is_plain(&raw), "{len}");
            for at in 0..len {
                for byte in [b'\\', 0x80, 0xC3, 0xFF] {
                    raw[at] = byte;
                    assert!(!is_plain(&raw), "{byte:#x} at {at} of {len}");
                }
                raw[at] = b'~';
                assert!(is_plain(&raw), "~ at {at} of {len}");
                raw[at] = b'a';
            }
        }
    }

    /// Every `\u` escape decodes to its character's UTF-8, at each length's edges
    /// and through surrogate pairs; a lone low surrogate becomes U+FFFD.
    #[test]
    fn unicode_escapes_decode_to_utf8() {
        let mut code = 0u32;
        while code <= 0x10FFFF {
            if let Some(ch) = char::from_u32(code) {
                let escaped = if code < 0x10000 {
                    alloc::format!("a\\u{code:04x}b")
                } else {
                    let v = code - 0x10000;
                    alloc::format!("a\\u{:04X}\\u{:04x}b", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
                };
                assert_eq!(unescape(escaped.as_bytes()), alloc::format!("a{ch}b"), "U+{code:X}");
            }
            code += if code < 0x1000 { 1 } else { 0x3F };
        }
        assert_eq!(unescape(b"\\udc00x"), "\u{FFFD}x");
        assert_eq!(unescape(b"\\n\\t\\\"\\\\\\/\\b\\f\\r"), "\n\t\"\\/\u{8}\u{C}\r");
    }
}
