//! Growing `Vec`s and `String`s without `alloc`'s `RawVec`.
//!
//! Every `Vec` growth path (`with_capacity`, `extend_from_slice`, `push`, `to_vec`,
//! `String::from`, `push_str`, `Box::new`) ends in `RawVec`'s generic grow code and its
//! error paths: `handle_error`, `handle_alloc_error` and the OOM hook, which keep
//! alive "capacity overflow", "memory allocation of .. bytes failed", rustc's source
//! paths and core's 200-byte digit table in `.rodata`, which wasm-opt cannot cut.
//! Measured in the hello-only build: those paths cost 1,450 bytes (28,571 -> 27,120)
//! against ~290 for the functions below, and fewer instructions per request
//! (tools/call 14,704 -> 14,230 fuel); in the default build, once `upstream/` and
//! `host/` grew through here too, -681 bytes.
//!
//! So the module grows its buffers here instead: one non-generic `grow` over the
//! global allocator (doubling, like `RawVec`), and the standard types rebuilt around
//! the new block with `from_raw_parts`, which allocates nothing. Types stay
//! `Vec`/`String`, so callers and tests read the same; what matters is that no call
//! into `RawVec`'s allocating code remains. A failed allocation or a size past
//! `isize::MAX` traps at once (the bump allocator already traps before returning
//! null; native test builds report it through `handle_alloc_error`).
//!
//! The generic helpers (`push`, `boxed`) are `#[inline(always)]` shims of a few
//! instructions around the one non-generic `grow`.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown", feature = "alloc-bump", not(feature = "alloc-wee"))))]
use core::alloc::Layout;

/// Allocation failed: trap (wasm) or report (native tests).
#[cold]
fn fail(size: usize, align: usize) -> ! {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (size, align);
        core::arch::wasm32::unreachable()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        // SAFETY-free: only builds a layout for the report.
        alloc::alloc::handle_alloc_error(Layout::from_size_align(size.max(1), align).unwrap_or(Layout::new::<u8>()))
    }
}

/// A new block of `size` bytes (non-zero) aligned to `align`, holding the contents of
/// the block `ptr` of `old` bytes, which it replaces (`old == 0`: no block yet).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown", feature = "alloc-bump", not(feature = "alloc-wee"))))]
#[inline(never)]
fn grow(ptr: *mut u8, old: usize, size: usize, align: usize) -> *mut u8 {
    if size > isize::MAX as usize - align {
        fail(size, align);
    }
    // SAFETY: size is non-zero and, with its alignment rounding, at most isize::MAX;
    // `ptr` was allocated with `old` bytes and this alignment when `old != 0`.
    let new = unsafe {
        let layout = Layout::from_size_align_unchecked(size, align);
        if old == 0 {
            alloc::alloc::alloc(layout)
        } else {
            alloc::alloc::realloc(ptr, Layout::from_size_align_unchecked(old, align), size)
        }
    };
    if new.is_null() {
        fail(size, align);
    }
    new
}

/// [`grow`] in the module with the bump allocator: straight to its `cabi_realloc`, which
/// checks the size itself and never returns null (it traps instead), so there is no
/// null test and no `__rust_alloc` / `__rust_realloc` layer between.
#[cfg(all(target_arch = "wasm32", target_os = "unknown", feature = "alloc-bump", not(feature = "alloc-wee")))]
#[inline(always)]
fn grow(ptr: *mut u8, old: usize, size: usize, align: usize) -> *mut u8 {
    // SAFETY: `ptr` is a block of `old` bytes from the global allocator (this one) with
    // alignment `align`, a power of two (a type's), or `old` is 0.
    unsafe { crate::allocator::realloc(ptr, old, align, size) }
}

/// The capacity after growing [`push`]'s `cap` to hold at least `needed`: doubled, at
/// least 8, or `needed` when that is more. (A byte buffer's, in [`reserve`], has no
/// floor.)
fn next_cap(cap: usize, needed: usize) -> usize {
    let doubled = cap.wrapping_mul(2).max(8);
    if needed > doubled {
        needed
    } else {
        doubled
    }
}

/// Makes room for `extra` more bytes in `v`; `extra` is a slice's length (at most
/// `isize::MAX`: see below), which is why this is private to [`extend`].
#[inline(never)]
fn reserve(v: &mut Vec<u8>, extra: usize) {
    let (len, cap) = (v.len(), v.capacity());
    // The usual case, room enough, told by the room left (which cannot underflow).
    if cap - len >= extra {
        return;
    }
    // No overflow, so no test for one: a `Vec<u8>` holds at most `isize::MAX` bytes
    // and `extra` is a slice's length (also at most `isize::MAX`), so the sum is
    // below `usize::MAX`. (Past what memory holds, `grow` traps.)
    // Doubled, or what is needed when that is more: no floor of 8 (`push`'s), since a
    // byte buffer's first growth is most often a whole text, and the bump allocator
    // grows its newest block in place.
    let new_cap = (cap * 2).max(len + extra);
    let ptr = grow(v.as_mut_ptr(), cap, new_cap, 1);
    // SAFETY: `ptr` holds `new_cap` bytes, the first `len` of them copied from the old
    // block, which `grow` released: overwritten without dropping.
    unsafe { core::ptr::write(v, Vec::from_raw_parts(ptr, len, new_cap)) };
}

/// `v.extend_from_slice(bytes)`.
pub fn extend(v: &mut Vec<u8>, bytes: &[u8]) {
    reserve(v, bytes.len());
    let len = v.len();
    // SAFETY: `reserve` made room for `bytes.len()` more bytes after `len`.
    unsafe {
        core::ptr::copy_nonoverlapping(bytes.as_ptr(), v.as_mut_ptr().add(len), bytes.len());
        v.set_len(len + bytes.len());
    }
}

/// The size of a fresh block for `size` bytes: `size` itself with the bump allocator,
/// which hands out an empty block as it does any other (non-null and aligned: where
/// the next one starts; a `Vec` of capacity 0 may hold any such pointer, and growing
/// it asks for a fresh block, `old` being 0), and at least one byte elsewhere (a
/// `GlobalAlloc` must not be asked for 0 bytes).
#[inline(always)]
fn block_size(size: usize) -> usize {
    #[cfg(all(target_arch = "wasm32", target_os = "unknown", feature = "alloc-bump", not(feature = "alloc-wee")))]
    return size;
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown", feature = "alloc-bump", not(feature = "alloc-wee"))))]
    size.max(1)
}

/// `Vec::with_capacity(cap)` for bytes.
pub fn with_capacity(cap: usize) -> Vec<u8> {
    let cap = block_size(cap);
    // SAFETY: a fresh block of `cap` bytes, empty.
    unsafe { Vec::from_raw_parts(grow(core::ptr::null_mut(), 0, cap, 1), 0, cap) }
}

/// `bytes.to_vec()`. Its block straight from [`grow`], not through [`with_capacity`],
/// whose `Vec` would come back through a slot of this frame to be copied out.
pub fn copy(bytes: &[u8]) -> Vec<u8> {
    let (len, cap) = (bytes.len(), block_size(bytes.len()));
    let ptr = grow(core::ptr::null_mut(), 0, cap, 1);
    // SAFETY: a fresh block of `cap >= len` bytes, which `bytes` fill from the start.
    unsafe {
        core::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, len);
        Vec::from_raw_parts(ptr, len, cap)
    }
}

/// `String::from(s)`.
pub fn string(s: &str) -> String {
    // SAFETY: a copy of UTF-8 is UTF-8.
    unsafe { String::from_utf8_unchecked(copy(s.as_bytes())) }
}

/// `m.push_str(s)`.
pub fn push_str(m: &mut String, s: &str) {
    // SAFETY: appending UTF-8 to UTF-8 keeps it UTF-8.
    extend(unsafe { m.as_mut_vec() }, s.as_bytes());
}

/// `v.push(x)` for any element type, growing through the one non-generic `grow`.
#[inline(always)]
pub fn push<T>(v: &mut Vec<T>, x: T) {
    let (len, cap) = (v.len(), v.capacity());
    if len == cap {
        let size = core::mem::size_of::<T>();
        let new_cap = next_cap(cap, len + 1);
        let Some(bytes) = new_cap.checked_mul(size) else { fail(usize::MAX, 1) };
        let ptr = grow(v.as_mut_ptr().cast(), cap * size, bytes.max(1), core::mem::align_of::<T>());
        // SAFETY: `ptr` holds `new_cap` elements, the first `len` copied from the old
        // block, which `grow` released: overwritten without dropping.
        unsafe { core::ptr::write(v, Vec::from_raw_parts(ptr.cast(), len, new_cap)) };
    }
    // SAFETY: there is room for one more element.
    unsafe {
        v.as_mut_ptr().add(len).write(x);
        v.set_len(len + 1);
    }
}

/// `Vec::with_capacity(cap)` for any element type (response and declared HTTP headers).
#[inline(always)]
pub fn with_capacity_of<T>(cap: usize) -> Vec<T> {
    let (size, align) = (core::mem::size_of::<T>(), core::mem::align_of::<T>());
    let Some(bytes) = cap.checked_mul(size) else { fail(usize::MAX, 1) };
    let ptr = grow(core::ptr::null_mut(), 0, bytes.max(1), align);
    // SAFETY: a fresh block for `cap` elements (`bytes` of them, at least one byte),
    // allocated by the global allocator with `T`'s alignment, empty.
    unsafe { Vec::from_raw_parts(ptr.cast(), 0, cap) }
}

/// `Box::new(x)` (whose `exchange_malloc` links `handle_alloc_error`).
#[inline(always)]
pub fn boxed<T>(x: T) -> Box<T> {
    let size = core::mem::size_of::<T>();
    let ptr = grow(core::ptr::null_mut(), 0, size.max(1), core::mem::align_of::<T>()).cast::<T>();
    // SAFETY: a fresh block the size and alignment of `T`, allocated by the global
    // allocator, which `Box` frees with the same layout.
    unsafe {
        ptr.write(x);
        Box::from_raw(ptr)
    }
}

#[cfg(test)]
mod tests {
    use super::{copy, extend, push, push_str, string, with_capacity};

    #[test]
    fn grows_like_std() {
        let mut v = with_capacity(3);
        for i in 0..100u8 {
            extend(&mut v, &[i, i]);
        }
        assert_eq!(v.len(), 200);
        assert!(v.chunks(2).enumerate().all(|(i, c)| c == [i as u8, i as u8]));
        let mut s = string("a");
        push_str(&mut s, "bç");
        assert_eq!((s.as_str(), copy(b"xy")), ("abç", alloc::vec![b'x', b'y']));
        let mut p: alloc::vec::Vec<(u64, &str)> = alloc::vec::Vec::new();
        for i in 0..50 {
            push(&mut p, (i, "k"));
        }
        assert!(p.iter().enumerate().all(|(i, e)| *e == (i as u64, "k")));
    }
}
