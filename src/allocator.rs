//! The global allocator, chosen by cargo feature. Measured figures are in the README.
//!
//! * `alloc-bump` (default): hands out memory by moving a pointer and never frees.
//!   FastEdge gives every request a fresh instance, so the memory is reclaimed
//!   wholesale when the instance is dropped; freeing would be wasted instructions
//!   and wasted bytes. Growth past the platform's cap traps, never corrupts state.
//! * `alloc-wee`: `wee_alloc`, as originally requested. Unmaintained
//!   (RUSTSEC-2022-0054) and leaky on long-lived instances; kept for comparison.
//! * `alloc-std`: `dlmalloc`, the allocator Rust's `std` links on
//!   wasm32-unknown-unknown (this crate is `no_std`, so it is named here).

#[cfg(all(feature = "alloc-bump", not(feature = "alloc-wee")))]
mod bump {
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32;

    const PAGE: usize = 65536;

    pub struct Bump;

    extern "C" {
        /// The first byte after the data section and stack, as laid out by the linker.
        static __heap_base: u8;
    }

    /// The next free byte: the heap base (a relocation the linker fills in), so no
    /// allocation asks whether it is the first.
    static mut NEXT: *const u8 = core::ptr::addr_of!(__heap_base);

    /// Every allocation is [`cabi_realloc`]'s: one function for the host's requests,
    /// `buf`'s growth and the `alloc` crate's, so the bump is written once.
    unsafe impl GlobalAlloc for Bump {
        #[inline(always)]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            cabi_realloc(core::ptr::null_mut(), 0, layout.align(), layout.size())
        }

        unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}

        #[inline(always)]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            cabi_realloc(ptr, layout.size(), layout.align(), new_size)
        }
    }

    /// Hands out `size` bytes aligned to `align` (a power of two) past the newest block.
    #[inline(always)]
    unsafe fn bump(size: usize, align: usize) -> *mut u8 {
        let end_of_memory = wasm32::memory_size(0) * PAGE;
        // SAFETY: Wasm instances here are single-threaded.
        let next = NEXT as usize;
        let start = (next + align - 1) & !(align - 1);
        let end = start.wrapping_add(size);
        if end < start {
            out_of_memory();
        }
        reach(end, end_of_memory);
        NEXT = end as *const u8;
        start as *mut u8
    }

    /// The canonical ABI's allocator, through which the host hands the module every
    /// string and list (the request's uri, headers and body, the imports' answers), and
    /// `buf`'s growth. A strong symbol, so it replaces wit-bindgen's weak `cabi_realloc`,
    /// which reaches the same `Bump` through `__rust_alloc` / `__rust_realloc` after its
    /// own tests (a zero `new` size, a null answer: `Bump` handles the one and never
    /// gives the other). The size a `Layout` must have is checked once, here.
    ///
    /// # Safety
    /// The canonical ABI's contract: `ptr` is null (or dangling) with `old` 0, or a block
    /// of `old` bytes from here with alignment `align`, a power of two.
    #[cfg(target_arch = "wasm32")]
    #[no_mangle]
    pub unsafe extern "C" fn cabi_realloc(ptr: *mut u8, old: usize, align: usize, new: usize) -> *mut u8 {
        // What a `Layout` requires of its size, checked once here for every caller.
        if new > isize::MAX as usize - align {
            out_of_memory();
        }
        // Growing the newest block in place is the common case (a Vec being appended
        // to): the block is given back first, so `bump` hands out the same start again
        // (it is already aligned) with its own overflow and memory checks, and nothing
        // is copied. (A fresh request, `old` 0, changes nothing here: its `ptr` is null
        // or dangling, never the free byte; and if it were, giving back nothing is no
        // change.)
        if ptr as usize + old == NEXT as usize {
            NEXT = ptr;
        }
        // `bump` never returns null (it traps instead), so no null test. A block other
        // than `ptr` starts at or after the old `NEXT`, past the old block.
        let block = bump(new, align);
        // A fresh request (`old` 0) has nothing to copy, and its `ptr` may be null,
        // which `copy_nonoverlapping` must not be given.
        if old != 0 && block != ptr {
            core::ptr::copy_nonoverlapping(ptr, block, old.min(new));
        }
        block
    }

    /// Grows linear memory so that it reaches `end`, or traps. The test inline, the
    /// growing apart: most allocations fit, and then cost no call.
    #[inline(always)]
    fn reach(end: usize, end_of_memory: usize) {
        if end > end_of_memory {
            grow(end - end_of_memory);
        }
    }

    /// Grows linear memory by at least `bytes`, or traps.
    #[cold]
    fn grow(bytes: usize) {
        if wasm32::memory_grow(0, bytes.div_ceil(PAGE)) == usize::MAX {
            out_of_memory();
        }
    }

    /// Traps at once. Returning null instead would route through the `alloc`
    /// crate's default OOM handler, which formats a message (and so links
    /// `core::fmt`) that nobody can read; the host reports the trap (FastEdge: 531
    /// when the memory cap is the cause).
    #[cold]
    fn out_of_memory() -> ! {
        wasm32::unreachable()
    }

    #[global_allocator]
    static ALLOCATOR: Bump = Bump;
}

/// The bump allocator's one allocating function, for `buf`'s growth.
#[cfg(all(feature = "alloc-bump", not(feature = "alloc-wee")))]
pub(crate) use bump::cabi_realloc as realloc;

#[cfg(feature = "alloc-wee")]
#[global_allocator]
static ALLOCATOR: wee_alloc::WeeAlloc = wee_alloc::WeeAlloc::INIT;

#[cfg(all(feature = "alloc-std", not(feature = "alloc-wee"), not(feature = "alloc-bump")))]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;
