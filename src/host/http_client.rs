//! `gcore:fastedge/http-client#send-request` in the canonical ABI, by hand.
//!
//! wit-bindgen's glue copies every header into an owned `(String, String)` and every
//! body into a fresh `Vec` before the call, and copies the answer again after it; here
//! the request is passed where it already lies and the answer's header list and body
//! are taken over where the host wrote them (into memory from `cabi_realloc`, i.e. the
//! global allocator, so a `Vec` may own it).
//!
//! The `request` record flattens to 8 values (method index, uri ptr/len, headers
//! ptr/len of 16-byte `(name ptr, name len, value ptr, value len)` elements, which is
//! [`Header`]'s layout, body option tag/ptr/len); `result<response, error>` does not fit in one result, so the
//! caller passes a return area: the result tag (u8) at 0, then at 4 either the
//! `error` enum (u8) or the response: status (u16) at 4, headers option at 8 (tag,
//! ptr at 12, len at 16), body option at 20 (tag, ptr at 24, len at 28).
//!
//! The import's type is declared by the core world's component-type section (in a
//! catalog that uses it the world is `edge-mcp-http[-kv]`, see `src/edge/mod.rs`).

use alloc::string::String;
use alloc::vec::Vec;

use crate::upstream::http::{Header, HttpError, OutRequest, OutResponse};

/// The fields are the bytes the host writes, and only those are read (the area is left
/// uninitialized, not zeroed): a tag, and a list's pointer and length only after a tag
/// that says it is there.
#[repr(C)]
struct OptionList {
    /// 0 = none, 1 = some.
    tag: u8,
    ptr: *mut u8,
    len: usize,
}

#[repr(C)]
struct ReturnArea {
    /// 0 = ok, 1 = err.
    tag: u8,
    payload: Payload,
    headers: OptionList,
    body: OptionList,
}

// The layout the canonical ABI gives `result<response, error>` (see the module doc).
const _: () = assert!(
    core::mem::size_of::<ReturnArea>() == 32
        && core::mem::offset_of!(ReturnArea, payload) == 4
        && core::mem::offset_of!(ReturnArea, headers) == 8
        && core::mem::offset_of!(ReturnArea, body) == 20
        && core::mem::offset_of!(OptionList, ptr) == 4
        && core::mem::offset_of!(OptionList, len) == 8
);

/// At 4: the status when ok; the `error` enum index when err.
#[repr(C, align(4))]
union Payload {
    status: u16,
    error: u8,
}

#[link(wasm_import_module = "gcore:fastedge/http-client")]
extern "C" {
    #[link_name = "send-request"]
    fn send_request(
        method: u32,
        uri: *const u8,
        uri_len: usize,
        headers: *const Header<'_>,
        headers_len: usize,
        has_body: u32,
        body: *const u8,
        body_len: usize,
        ret: *mut ReturnArea,
    );
}

// The canonical ABI's `tuple<string, string>`: four 32-bit words.
const _: () = assert!(core::mem::size_of::<Header>() == 16 && core::mem::align_of::<Header>() == 4);

/// The message of each case of the WIT `error` enum, in its order, and one past it
/// for a case this module does not know: `success` as an error, and anything unknown,
/// say no more than "the request failed". One table of texts (the messages'), so a
/// failure is one load, not a case mapped to an `HttpError` and that to its text.
static MESSAGES: [&str; 7] = {
    let request_error = HttpError::RequestError.message();
    [
        request_error,
        HttpError::DestinationNotAllowed.message(),
        HttpError::InvalidUrl.message(),
        request_error,
        HttpError::RuntimeError.message(),
        HttpError::TooManyRequests.message(),
        request_error,
    ]
};

/// Any failure is already the message for `isError` (made here, so the answer is not
/// moved into a second `Result` on its way out).
// Inlined into its caller (the declared-tool path; a handler's `fetch` is the only other): the
// answer is decoded from the return area where it is used, not repacked into a `Result`.
#[inline(always)]
pub fn send(req: &OutRequest) -> Result<OutResponse, String> {
    let body = req.body.unwrap_or_default();
    // SAFETY: every pointer is valid for its length for the duration of the call; the
    // host writes the return area, whose fields are read only where it wrote them (each
    // tag; the status or error case the tag says; a list's pointer and length after its
    // tag), and lists it allocates with `cabi_realloc`.
    unsafe {
        let mut area = core::mem::MaybeUninit::<ReturnArea>::uninit();
        let ret = area.as_mut_ptr();
        send_request(
            req.method as u32,
            req.url.as_ptr(),
            req.url.len(),
            req.headers.as_ptr(),
            req.headers.len(),
            req.body.is_some() as u32,
            body.as_ptr(),
            body.len(),
            ret,
        );
        if (*ret).tag != 0 {
            return Err(crate::buf::string(MESSAGES[((*ret).payload.error as usize).min(MESSAGES.len() - 1)]));
        }
        // Lists the host allocated with `cabi_realloc` (the global allocator): a
        // header list (16-byte elements, align 4) is a `Vec<Header>` as it lies, a body
        // (align 1) a `Vec<u8>`. `Vec::from_raw_parts` already requires each to be at
        // most `isize::MAX` bytes (a header is 16): said as a hint, no capacity can be
        // the value the `Result` keeps its `Err` in, so the caller does not test for one.
        let mut response = OutResponse { status: (*ret).payload.status, headers: Vec::new(), body: Vec::new() };
        if (*ret).headers.tag != 0 {
            let OptionList { ptr, len, .. } = (*ret).headers;
            core::hint::assert_unchecked(len <= isize::MAX as usize / 16);
            response.headers = Vec::from_raw_parts(ptr as *mut Header<'static>, len, len);
        }
        if (*ret).body.tag != 0 {
            let OptionList { ptr, len, .. } = (*ret).body;
            core::hint::assert_unchecked(len <= isize::MAX as usize);
            response.body = Vec::from_raw_parts(ptr, len, len);
        }
        Ok(response)
    }
}
