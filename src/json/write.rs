//! Writing JSON into one growing buffer.
//!
//! Responses are mostly pre-serialized bytes from `build.rs` spliced around a few
//! dynamic values: ids (copied raw from the request), strings (escaped here) and
//! small integers. That needs three operations, written here without `core::fmt`,
//! whose machinery alone costs more than this whole module.

use alloc::vec::Vec;

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
        // built in a scratch array and copied once.
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
            let short = crate::json::scan::short_escape(b);
            // SAFETY: `plain_from` is where the last escaped byte (or the text) ended, at
            // or before this byte at `i - 1`, inside `bytes`.
            crate::buf::extend(&mut self.buf, unsafe { bytes.get_unchecked(plain_from..i - 1) });
            plain_from = i;
            let mut escape = *b"\\u0000";
            let len = if short != 0 {
                escape[1] = short;
                2
            } else {
                // A control character (below 0x20: all else is plain or has a short
                // escape), so its high digit is 0 or 1, and its low one a hex digit by
                // sum, without a table of sixteen.
                let low = b & 15;
                escape[4] = b'0' | b >> 4;
                escape[5] = low + if low < 10 { b'0' } else { b'a' - 10 };
                6
            };
            crate::buf::extend(&mut self.buf, crate::bytes::range(&escape, 0, len));
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
