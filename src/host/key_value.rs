//! `gcore:fastedge/key-value` (read-only from an app).
//!
//! `open` and `get`, what declared KV items use, are written by hand against the
//! canonical ABI: both return a `result` through a 16-byte return area laid out the
//! same way (tag u8 at 0; at 4 the store handle, the `option` tag or the `error` case;
//! at 8 and 12 the pointer and length of the value or of `other`'s message), so one
//! decoder serves both, and the store handle is never dropped (an instance serves one
//! request; the host frees it with the instance), which spares the `resource-drop`
//! import. The other operations, for handlers and range lookups (`edge_kv_all`), go
//! through the core world's bindings (wit-bindgen) on the same handle. The core world
//! (`edge-mcp-kv` or `edge-mcp-http-kv`, see `src/edge/mod.rs`) declares the import:
//! without `edge_kv_all` its `key-value` has only `open` and `get` (wit/module/), so the
//! component-type section does not describe four functions the module never calls.

use alloc::string::String;
use alloc::vec::Vec;
#[cfg(edge_kv_all)]
use core::mem::ManuallyDrop;

#[cfg(edge_kv_all)]
use crate::edge::key_value as wit;
use crate::upstream::kv::case_message;
#[cfg(edge_kv_all)]
use crate::upstream::kv::KvError;

/// A FastEdge store handle, called directly (see `upstream::kv::Store` for why not a
/// trait object).
pub struct Store(u32);

#[repr(C)]
struct ReturnArea {
    /// 0 = ok, 1 = err (a u8).
    tag: u32,
    /// ok: the handle (open) or the `option` tag (get); err: the `error` case (a u8).
    word: u32,
    ptr: *mut u8,
    len: usize,
}

#[link(wasm_import_module = "gcore:fastedge/key-value")]
extern "C" {
    #[link_name = "[static]store.open"]
    fn store_open(name: *const u8, name_len: usize, ret: *mut ReturnArea);
    #[link_name = "[method]store.get"]
    fn store_get(store: u32, key: *const u8, key_len: usize, ret: *mut ReturnArea);
}

/// A zeroed return area (the host writes single bytes into its words).
fn area() -> ReturnArea {
    // SAFETY: all-zero is a valid `ReturnArea` (null pointer, zero length).
    unsafe { core::mem::zeroed() }
}

/// Whether the call that wrote `ret` succeeded; if not, the message naming `store`
/// (made here, from the error case's index, so no `KvError` is built and matched
/// again). One function for both calls, reading the area in place: neither generic over
/// the call nor moving the area through a `Result`, so the decoding exists once.
fn check(store: &str, ret: &ReturnArea) -> Result<(), String> {
    if ret.tag as u8 == 0 {
        return Ok(());
    }
    Err(failure(store, ret))
}

/// The message for a failed call's area (its tag says it failed).
fn failure(store: &str, ret: &ReturnArea) -> String {
    let case = ret.word as u8 as usize;
    // SAFETY: `other`'s message (at 8, 12) is UTF-8 the host wrote.
    let detail = if case >= 3 { unsafe { core::str::from_utf8_unchecked(core::slice::from_raw_parts(ret.ptr, ret.len)) } } else { "" };
    case_message(store, case, detail)
}

/// `open` then `get` (a KV resource's read): both calls fill one return area, so a
/// failure of either is decoded at one exit, not unpacked from a `Result` after each.
#[inline(always)]
pub fn fetch(store: &str, key: &str) -> Result<Option<Vec<u8>>, String> {
    let mut ret = area();
    // SAFETY: as in `open` and `get` below.
    unsafe { store_open(store.as_ptr(), store.len(), &mut ret) };
    if ret.tag as u8 == 0 {
        let handle = ret.word;
        // The area is reused as it is: every word is still initialized (zeroed, then
        // written by the host), `get` rewrites the bytes read as u8 (the tag, the
        // `option` tag or error case in `word`), and the pointer and length are read
        // only where it writes them.
        // SAFETY: as in `get` below: a value is a list the host allocated with
        // `cabi_realloc` (align 1), so a `Vec<u8>` may own it.
        unsafe { store_get(handle, key.as_ptr(), key.len(), &mut ret) };
        if ret.tag as u8 == 0 {
            // SAFETY: an allocation (this list's, made by `cabi_realloc`) never exceeds
            // isize::MAX bytes, as `from_raw_parts` requires anyway; told to the
            // optimizer, it no longer tests the capacity as `Option<Vec>`'s niche.
            unsafe { core::hint::assert_unchecked(ret.len <= isize::MAX as usize) };
            return Ok((ret.word as u8 != 0).then(|| unsafe { Vec::from_raw_parts(ret.ptr, ret.len, ret.len) }));
        }
    }
    Err(failure(store, &ret))
}

// `open` and `get` are inlined into their callers (a declared item calls each from one
// place): the return area is then decoded where the result is used, instead of being
// repacked into a `Result` in memory and unpacked again (~170 bytes per KV build).
impl Store {
    #[inline(always)]
    pub fn open(name: &str) -> Result<Store, String> {
        let mut ret = area();
        // SAFETY: `name` is valid for the call; the host writes `ret` as laid out above.
        unsafe { store_open(name.as_ptr(), name.len(), &mut ret) };
        check(name, &ret)?;
        Ok(Store(ret.word))
    }

    /// `store` names the store in a failure's message.
    #[inline(always)]
    pub fn get(&self, store: &str, key: &str) -> Result<Option<Vec<u8>>, String> {
        let mut ret = area();
        // SAFETY: `key` is valid for the call; a value is a list the host allocated
        // with `cabi_realloc` (align 1), so a `Vec<u8>` may own it.
        unsafe { store_get(self.0, key.as_ptr(), key.len(), &mut ret) };
        check(store, &ret)?;
        // SAFETY: `Vec::from_raw_parts` below already requires the value to be at most
        // `isize::MAX` bytes (and an absent one's length is the zero `area` wrote). Said as
        // a hint, its capacity cannot be the value `Option` or `Result` keep their other
        // case in, so the caller no longer tests the answer for one.
        unsafe { core::hint::assert_unchecked(ret.len <= isize::MAX as usize) };
        Ok((ret.word as u8 != 0).then(|| unsafe { Vec::from_raw_parts(ret.ptr, ret.len, ret.len) }))
    }

    /// The same handle as wit-bindgen's resource, never dropped (see above).
    #[cfg(edge_kv_all)]
    fn bound(&self) -> ManuallyDrop<wit::Store> {
        // SAFETY: an own handle the host gave `open`; the wrapper never drops it.
        ManuallyDrop::new(unsafe { wit::Store::from_handle(self.0) })
    }

    #[cfg(edge_kv_all)]
    pub fn scan(&self, pattern: &str) -> Result<Vec<String>, KvError> {
        self.bound().scan(pattern).map_err(error)
    }
    #[cfg(edge_kv_all)]
    pub fn zrange_by_score(&self, key: &str, min: f64, max: f64) -> Result<Vec<(Vec<u8>, f64)>, KvError> {
        self.bound().zrange_by_score(key, min, max).map_err(error)
    }
    #[cfg(edge_kv_all)]
    pub fn zscan(&self, key: &str, pattern: &str) -> Result<Vec<(Vec<u8>, f64)>, KvError> {
        self.bound().zscan(key, pattern).map_err(error)
    }
    #[cfg(edge_kv_all)]
    pub fn bf_exists(&self, key: &str, item: &str) -> Result<bool, KvError> {
        self.bound().bf_exists(key, item).map_err(error)
    }
}

#[cfg(edge_kv_all)]
fn error(e: wit::Error) -> KvError {
    match e {
        wit::Error::NoSuchStore => KvError::NoSuchStore,
        wit::Error::AccessDenied => KvError::AccessDenied,
        wit::Error::InternalError => KvError::InternalError,
        wit::Error::Other(m) => KvError::Other(m),
    }
}
