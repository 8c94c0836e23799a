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
        // Most strings (messages, names, static text) need no escaping at all.
        if !bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\') {
            self.buf.extend_from_slice(bytes);
            return self;
        }
        let mut plain_from = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escape: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0..=0x1f => b"",
                _ => continue,
            };
            self.buf.extend_from_slice(crate::bytes::range(bytes, plain_from, i));
            plain_from = i + 1;
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.buf.extend_from_slice(b"\\u00");
                self.buf.push(HEX[(b >> 4) as usize]);
                self.buf.push(HEX[(b & 15) as usize]);
            } else {
                self.buf.extend_from_slice(escape);
            }
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
