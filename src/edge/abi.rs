//! `gcore:fastedge/http-handler#process` in the canonical ABI, by hand.
//!
//! The `request` record flattens to 8 values, under the 16-parameter limit, so it
//! arrives as parameters: method (enum index), uri (ptr, len), headers (ptr, len of
//! 16-byte `(name ptr, name len, value ptr, value len)` elements), body (option tag,
//! ptr, len). The host wrote every string and list into memory it obtained from
//! `cabi_realloc` (wit-bindgen's, over the global allocator), and strings are valid
//! UTF-8 by the canonical ABI's own rules.
//!
//! The `response` flattens to 7 values, over the 1-result limit, so the function
//! returns a pointer to a 28-byte return area: status (u16) at 0, headers option at 4
//! (tag, ptr, len), body option at 16 (tag, ptr, len). With a bump allocator nothing
//! needs freeing after the host has read it, so there is no `cabi_post_*` export.

use alloc::string::String;
use alloc::vec::Vec;
use core::alloc::Layout;
use core::mem::ManuallyDrop;

use crate::http::{Method, Request};

/// A canonical-ABI string or list: pointer and length, as the host lays them out.
#[repr(C)]
#[derive(Clone, Copy)]
struct Slice {
    ptr: *mut u8,
    len: usize,
}

/// One element of `list<tuple<string, string>>`.
#[repr(C)]
#[derive(Clone, Copy)]
struct Header {
    name: Slice,
    value: Slice,
}

// The response headers are rewritten in place (see `process`): each host element must
// fit in the element it replaces.
const _: () = assert!(core::mem::size_of::<Header>() <= core::mem::size_of::<(&str, String)>());

/// An `option<list<..>>` in memory: the tag, then the pointer and length at offset 4.
#[repr(C)]
struct OptionSlice {
    tag: u32,
    slice: Slice,
}

#[repr(C)]
struct ResponseArea {
    status: u32,
    headers: OptionSlice,
    body: OptionSlice,
}

static mut RESPONSE: ResponseArea = ResponseArea {
    status: 0,
    headers: OptionSlice { tag: 0, slice: Slice { ptr: core::ptr::null_mut(), len: 0 } },
    body: OptionSlice { tag: 0, slice: Slice { ptr: core::ptr::null_mut(), len: 0 } },
};

/// A `String` over bytes the host wrote, without copying. Never dropped (the vectors
/// holding them are `ManuallyDrop`): the bump allocator frees nothing anyway.
unsafe fn string_at(s: Slice) -> String {
    String::from_raw_parts(s.ptr, s.len, s.len)
}

#[export_name = "gcore:fastedge/http-handler#process"]
unsafe extern "C" fn process(
    method: usize,
    uri: *const u8,
    uri_len: usize,
    headers: *const Header,
    headers_len: usize,
    has_body: u32,
    body: *const u8,
    body_len: usize,
) -> *const ResponseArea {
    if method > Method::Options as usize {
        core::arch::wasm32::unreachable()
    }
    // SAFETY: `Method` is `repr(u8)` in the WIT enum's order, and the index is in range.
    let method = core::mem::transmute::<u8, Method>(method as u8);
    // The handler's `Request` takes headers as owned strings (what native tests build);
    // these own the host's bytes in place. Written straight into storage allocated for
    // them (`collect` would add a growth path that a known length never takes, and
    // `Vec::with_capacity` a hundred instructions of layout checks). The host's list of
    // 16-byte elements bounds the count, but the 24-byte copies are checked anyway.
    let Some(size) = headers_len.checked_mul(core::mem::size_of::<(String, String)>()) else {
        core::arch::wasm32::unreachable()
    };
    // SAFETY: at least one byte; never freed (`ManuallyDrop`), so the vector's capacity
    // only bounds the writes below.
    let storage = crate::allocator::alloc(Layout::from_size_align_unchecked(size | 1, core::mem::align_of::<(String, String)>()));
    if storage.is_null() {
        core::arch::wasm32::unreachable()
    }
    let mut owned: ManuallyDrop<Vec<(String, String)>> =
        ManuallyDrop::new(Vec::from_raw_parts(storage.cast(), 0, headers_len));
    for i in 0..headers_len {
        let h = *headers.add(i);
        owned.as_mut_ptr().add(i).write((string_at(h.name), string_at(h.value)));
    }
    owned.set_len(headers_len);
    let body: &[u8] = if has_body == 0 { &[] } else { core::slice::from_raw_parts(body, body_len) };
    let request = Request {
        method,
        uri: core::str::from_utf8_unchecked(core::slice::from_raw_parts(uri, uri_len)),
        headers: &owned,
        body,
    };
    let mut response = ManuallyDrop::new(crate::transport::handle(&request, &super::FastEdgeEnv));
    // The response headers in the host's layout, 16 bytes per `(name, value)`, written
    // over the 20-byte `(&str, String)` elements in place: element `i` is read whole
    // before its 16 bytes at `16 * i` are written, which is never past `20 * i`.
    let count = response.headers.len();
    let out = response.headers.as_mut_ptr();
    for i in 0..count {
        let (k, v) = &*out.add(i);
        let header = Header {
            name: Slice { ptr: k.as_ptr() as *mut u8, len: k.len() },
            value: Slice { ptr: v.as_ptr() as *mut u8, len: v.len() },
        };
        out.cast::<Header>().add(i).write(header);
    }
    let area = &mut *core::ptr::addr_of_mut!(RESPONSE);
    area.status = response.status as u32;
    area.headers = OptionSlice { tag: 1, slice: Slice { ptr: out as *mut u8, len: count } };
    area.body = OptionSlice {
        tag: !response.body.is_empty() as u32,
        slice: Slice { ptr: response.body.as_ptr() as *mut u8, len: response.body.len() },
    };
    area
}
