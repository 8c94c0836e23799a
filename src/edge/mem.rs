//! `memcmp` for the module, eight bytes at a time.
//!
//! Every `==` between strings or byte slices ends here: header names, the media types
//! every request is checked against, JSON keys, method and tool names. The
//! `compiler-builtins` fallback for wasm32 (a weak symbol, which this strong one
//! replaces) compares a byte per iteration, about 14 Wasm instructions a byte; Wasm
//! loads need no alignment, so a 64-bit load compares eight bytes in about as many.

/// Compares `n` bytes at `a` and `b`: negative, zero or positive as the first differing
/// byte (unsigned) of `a` is below, equal to or above that of `b`.
///
/// # Safety
/// `a` and `b` must be valid for reads of `n` bytes (the C contract).
#[no_mangle]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    // Whole words while they agree; a word that differs is settled byte by byte below.
    while i + 8 <= n && (a.add(i) as *const u64).read_unaligned() == (b.add(i) as *const u64).read_unaligned() {
        i += 8;
    }
    while i < n {
        let (x, y) = (*a.add(i), *b.add(i));
        if x != y {
            return x as i32 - y as i32;
        }
        i += 1;
    }
    0
}

