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

use core::mem::ManuallyDrop;

use crate::http::{Header, Method, Request};

/// A canonical-ABI string or list: pointer and length, as the host lays them out.
#[repr(C)]
#[derive(Clone, Copy)]
struct Slice {
    ptr: *mut u8,
    len: usize,
}

// The host's `list<tuple<string, string>>` elements are read as `Header`s in place, and
// the response's `Header`s handed to it as they are: each host element must be exactly a
// `Header`.
const _: () = assert!(core::mem::size_of::<Header>() == 16 && core::mem::align_of::<Header>() == 4);

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
    // SAFETY: `Method` is `repr(u8)` in the WIT enum's order, and the index is in range:
    // the host lowers a value of the WIT `method` enum, so the canonical ABI gives one of
    // its seven cases' indices and nothing else (wit-bindgen's own lifting, in release
    // builds, transmutes it without a test the same way).
    core::hint::assert_unchecked(method <= Method::Options as usize);
    let method = core::mem::transmute::<u8, Method>(method as u8);
    // The host's header list, lent as it is: its 16-byte elements are `Header`s (same
    // layout, checked above), whose strings the host wrote as valid UTF-8. An empty list
    // may come with any pointer, so it is not turned into a slice.
    let headers: &[Header] = if headers_len == 0 { &[] } else { core::slice::from_raw_parts(headers, headers_len) };
    let body: &[u8] = if has_body == 0 { &[] } else { core::slice::from_raw_parts(body, body_len) };
    let request = Request {
        method,
        uri: core::str::from_utf8_unchecked(core::slice::from_raw_parts(uri, uri_len)),
        headers,
        body,
    };
    // Never dropped: the host reads the headers, the values they point at and the body
    // after this returns (and the bump allocator frees nothing anyway).
    let response = ManuallyDrop::new(crate::transport::handle(&request, &super::FastEdgeEnv));
    // The response headers are already in the host's layout (`http::Header`).
    let headers = response.headers();
    let area = &mut *core::ptr::addr_of_mut!(RESPONSE);
    area.status = response.status as u32;
    area.headers = OptionSlice { tag: 1, slice: Slice { ptr: headers.as_ptr() as *mut u8, len: headers.len() } };
    area.body = OptionSlice {
        tag: !response.body.is_empty() as u32,
        slice: Slice { ptr: response.body.as_ptr() as *mut u8, len: response.body.len() },
    };
    area
}
