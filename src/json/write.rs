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
        Out { buf: Vec::with_capacity(512) }
    }

    /// Appends bytes that are already JSON (or already escaped string contents).
    pub fn raw(&mut self, bytes: &[u8]) -> &mut Out {
        self.buf.extend_from_slice(bytes);
        self
    }

    /// Appends `s` as a JSON string, quotes included.
    pub fn str(&mut self, s: &str) -> &mut Out {
        self.buf.push(b'"');
        self.str_contents(s);
        self.buf.push(b'"');
        self
    }

    /// Appends the escaped contents of `s` without quotes.
    pub fn str_contents(&mut self, s: &str) -> &mut Out {
        let bytes = s.as_bytes();
        // Plain runs are copied whole; each byte that needs it becomes one escape,
        // built in a scratch array and copied once.
        let mut plain_from = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            i += 1;
            // The common case first, in three compares (a `match` here costs a jump
            // table per byte).
            if b >= 0x20 && b != b'"' && b != b'\\' {
                continue;
            }
            let short = match b {
                b'"' | b'\\' => b,
                b'\n' => b'n',
                b'\r' => b'r',
                b'\t' => b't',
                _ => 0,
            };
            self.buf.extend_from_slice(crate::bytes::range(bytes, plain_from, i - 1));
            plain_from = i;
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let mut escape = *b"\\u0000";
            let len = if short != 0 {
                escape[1] = short;
                2
            } else {
                escape[4] = HEX[(b >> 4) as usize];
                escape[5] = HEX[(b & 15) as usize];
                6
            };
            self.buf.extend_from_slice(crate::bytes::range(&escape, 0, len));
        }
        self.buf.extend_from_slice(crate::bytes::range(bytes, plain_from, bytes.len()));
        self
    }

    /// Appends a decimal integer.
    pub fn int(&mut self, v: i64) -> &mut Out {
        if v < 0 {
            self.buf.push(b'-');
        }
        // Find the largest power of ten first, then emit digits in order: no
        // scratch buffer, so no index for the compiler to bounds-check.
        // (`checked_div` keeps a division-by-zero panic path, and its message
        // formatting, out of the module; `scale` is never zero.)
        let n = v.unsigned_abs();
        let mut scale: u64 = 1;
        while n.checked_div(scale).unwrap_or(0) >= 10 {
            scale = scale.wrapping_mul(10);
        }
        while let Some(q) = n.checked_div(scale) {
            self.buf.push(b'0' + (q % 10) as u8);
            scale /= 10;
        }
        self
    }
}
