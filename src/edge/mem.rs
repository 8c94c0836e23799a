//! `memcmp` for the module, eight bytes at a time.
//!
//! Every `==` between strings or byte slices ends here: header names, the media types
//! every request is checked against, JSON keys, method and tool names. The
//! `compiler-builtins` fallback for wasm32 (a weak symbol, which this strong one
//! replaces) compares a byte per iteration, about 14 Wasm instructions a byte; Wasm
//! loads need no alignment, so a 64-bit load compares eight bytes in about as many.
//! The bytes left after the whole words are compared as the last eight (a word that
//! overlaps the one before: those bytes already agreed), and a word that differs is
//! settled from its differing bits. Four to seven bytes are two overlapping 32-bit loads
//! settled the same way, so no byte loop runs unless `n` is below four.
//! (`tests/edge_mem.rs` includes this file to test `compare` natively.)

/// Compares `n` bytes at `a` and `b`: negative, zero or positive as the first differing
/// byte (unsigned) of `a` is below, equal to or above that of `b`.
///
/// # Safety
/// `a` and `b` must be valid for reads of `n` bytes (the C contract).
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    compare(a, b, n)
}

/// `memcmp`'s body, apart so that native tests can run it without replacing the C
/// library's `memcmp`.
///
/// # Safety
/// `a` and `b` must be valid for reads of `n` bytes.
#[inline(always)]
pub unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
    // Each side becomes one 64-bit word whose lowest differing byte is the first
    // differing byte of the range (the words are equal when the ranges are).
    let (x, y) = if n >= 8 {
        let word = |p: *const u8, at: usize| (p.add(at) as *const u64).read_unaligned();
        let mut i = 0;
        while i + 8 < n && word(a, i) == word(b, i) {
            i += 8;
        }
        // The word that differs, or else the last eight bytes (they overlap the words
        // before, which agreed).
        let at = if i + 8 < n { i } else { n - 8 };
        (word(a, at), word(b, at))
    } else if n >= 4 {
        // The first four bytes low, the last four high: they overlap when `n < 8`, and
        // the bytes they share sit in the low half too, so a difference there shows first.
        // Most names compared (JSON keys, header names, methods) are this short.
        let half = |p: *const u8, at: usize| (p.add(at) as *const u32).read_unaligned() as u64;
        (half(a, 0) | half(a, n - 4) << 32, half(b, 0) | half(b, n - 4) << 32)
    } else {
        let mut i = 0;
        while i < n {
            let (x, y) = (*a.add(i), *b.add(i));
            if x != y {
                return x as i32 - y as i32;
            }
            i += 1;
        }
        return 0;
    };
    // Nearly every compare on a request's path is of equal ranges (a name found, a
    // media type matched): those leave here, without the ordering below.
    if x == y {
        return 0;
    }
    // Little-endian: the lowest differing bit lies in the first differing byte.
    let shift = (x ^ y).trailing_zeros() & !7;
    x.wrapping_shr(shift) as u8 as i32 - y.wrapping_shr(shift) as u8 as i32
}
