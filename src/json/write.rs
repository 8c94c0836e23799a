//! Writing JSON into one growing buffer.
//!
//! Responses are mostly pre-serialized bytes from `build.rs` spliced around a few
//! dynamic values: ids (copied raw from the request), strings (escaped here) and
//! small integers. That needs three operations, written here without `core::fmt`,
//! whose machinery alone costs more than this whole module.

use alloc::vec::Vec;

/// How each control character is written, in six-byte slots: the short escape
/// (`\n`, `\r`, `\t`: its first two bytes) or `\u00XX`, which is how a backspace
/// and a form feed have always been written here.
const CONTROL_ESCAPES: [u8; 32 * 6] = {
    let mut table = [0u8; 32 * 6];
    let mut b = 0;
    while b < 32 {
        let slot = b * 6;
        let short = crate::json::scan::short_escape(b as u8);
        let hex = b"0123456789abcdef";
        table[slot] = b'\\';
        if short != 0 {
            table[slot + 1] = short;
        } else {
            table[slot + 1] = b'u';
            table[slot + 2] = b'0';
            table[slot + 3] = b'0';
            table[slot + 4] = hex[b >> 4];
            table[slot + 5] = hex[b & 15];
        }
        b += 1;
    }
    table
};

/// The output buffer of one response body.
#[derive(Default)]
pub struct Out {
    pub buf: Vec<u8>,
}

impl Out {
    pub fn new() -> Out {
        Out { buf: crate::buf::with_capacity(512) }
    }

    /// Appends bytes that are already JSON (or already escaped string contents).
    pub fn raw(&mut self, bytes: &[u8]) -> &mut Out {
        crate::buf::extend(&mut self.buf, bytes);
        self
    }

    /// Appends `s` as a JSON string, quotes included.
    pub fn str(&mut self, s: &str) -> &mut Out {
        crate::buf::extend(&mut self.buf, b"\"");
        self.str_contents(s);
        crate::buf::extend(&mut self.buf, b"\"");
        self
    }

    /// Appends the escaped contents of `s` without quotes.
    pub fn str_contents(&mut self, s: &str) -> &mut Out {
        let bytes = s.as_bytes();
        // Plain runs are copied whole; each byte that needs it becomes one escape,
        // copied from static text (no scratch array, no stack frame).
        let mut plain_from = 0;
        let mut i = 0;
        loop {
            // Plain runs a word at a time (the scanner's); non-ASCII ends a run but
            // needs no escape.
            i = crate::json::scan::plain_run(bytes, i);
            let Some(&b) = bytes.get(i) else { break };
            i += 1;
            if b >= 0x80 {
                continue;
            }
            // SAFETY: `plain_from` is where the last escape's own text ended (or the
            // text began), at or before this byte at `i - 1`, inside `bytes`.
            crate::buf::extend(&mut self.buf, unsafe { bytes.get_unchecked(plain_from..i - 1) });
            if b >= 0x20 {
                // A quote or a backslash (all else from 0x20 up is plain) is escaped by a
                // backslash before itself: the byte stays, the start of the next run.
                crate::buf::extend(&mut self.buf, b"\\");
                plain_from = i - 1;
            } else {
                // A control character: its slot of CONTROL_ESCAPES, whose short escapes
                // (`\n`, `\r`, `\t`) are two bytes and the rest six.
                let slot = b as usize * 6;
                let len = if crate::json::scan::short_escape(b) != 0 { 2 } else { 6 };
                crate::buf::extend(&mut self.buf, crate::bytes::range(&CONTROL_ESCAPES, slot, slot + len));
                plain_from = i;
            }
        }
        // SAFETY: `plain_from` is at most one past a byte of `bytes` (above).
        crate::buf::extend(&mut self.buf, unsafe { bytes.get_unchecked(plain_from..) });
        self
    }

    /// Appends a decimal integer.
    pub fn int(&mut self, v: i64) -> &mut Out {
        // Digits from the last, into a scratch buffer that fits any i64 with its sign,
        // then one append (a byte at a time, each append would be a `memcpy` call).
        // Left uninitialised: filling 20 bytes first cost three stores of long
        // constants, and only the bytes written are read.
        let mut digits = core::mem::MaybeUninit::<[u8; 20]>::uninit();
        let first = digits.as_mut_ptr().cast::<u8>();
        let mut at = 20;
        let mut n = v.unsigned_abs();
        loop {
            at -= 1;
            // SAFETY: `n` is at most 2^63, 19 digits, so `at` stays in 1..20 here and
            // the sign below takes it to 0 at least.
            unsafe { first.add(at).write(b'0' + (n % 10) as u8) };
            n /= 10;
            if n == 0 {
                break;
            }
        }
        // The sign is written whatever `v`, and kept only when it is negative: a
        // store, where a branch cost more.
        // SAFETY: `at` is in 1..20 (above), so `at - 1` is in the buffer.
        unsafe { first.add(at - 1).write(b'-') };
        at -= (v < 0) as usize;
        // SAFETY: bytes `at..20` were all written just above.
        crate::buf::extend(&mut self.buf, unsafe { core::slice::from_raw_parts(first.add(at), 20 - at) });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::Out;

    /// Every ASCII byte is written as it always was: five short escapes, `\u00XX` for
    /// the other control characters (backspace and form feed included), the rest as is.
    #[test]
    fn ascii_escapes() {
        for b in 0..0x80u8 {
            let expected = match b {
                b'"' => alloc::string::String::from("\\\""),
                b'\\' => "\\\\".into(),
                b'\n' => "\\n".into(),
                b'\r' => "\\r".into(),
                b'\t' => "\\t".into(),
                0..=0x1F => alloc::format!("\\u{b:04x}"),
                _ => alloc::format!("{}", b as char),
            };
            let mut out = Out::new();
            out.str_contents(core::str::from_utf8(&[b]).unwrap());
            assert_eq!(out.buf, expected.into_bytes(), "{b:#x}");
        }
    }

    #[test]
    fn int_edges() {
        for n in [0, 1, -1, 9, 10, -10, 99, 100, -32600, 1_000_000, i64::MAX, i64::MIN, i64::MIN + 1] {
            let mut out = Out::new();
            out.raw(b"x").int(n).raw(b"y");
            assert_eq!(out.buf, alloc::format!("x{n}y").into_bytes());
        }
    }
}
