//! The HTTP request and response as the handler sees them, independent of FastEdge's
//! bindings so that native tests drive exactly the code the Wasm module runs.

use alloc::string::String;
use alloc::vec::Vec;
use core::marker::PhantomData;

use crate::bytes;

/// The methods FastEdge can deliver, in the order of its WIT `method` enum, so that the
/// glue turns the enum's index into a `Method` without a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Head,
    Patch,
    Options,
}

impl Method {
    /// The method's name on the wire (`GET`, ...): for test hosts that speak HTTP.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Options => "OPTIONS",
        }
    }
}

/// One header, laid out as the canonical ABI lays out a `tuple<string, string>` in memory
/// (name pointer and length, then value pointer and length, 32-bit on wasm32), so that
/// the glue lends the handler the host's own header list and hands the response's over as
/// it is, and `upstream::http` passes an outbound request's headers and takes the answer's
/// the same way: no header is copied or re-packed. Built safely from two `&str`
/// ([`Header::new`]); the fields are private, so every `Header` holds two valid strings
/// (the glue's own and `host::http_client`'s, from host memory, are UTF-8 by the
/// canonical ABI's rules).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Header<'a> {
    name: *const u8,
    name_len: usize,
    value: *const u8,
    value_len: usize,
    strings: PhantomData<&'a str>,
}

// SAFETY: a `Header` is two shared borrows of `str` (the pointers are private and only
// read), so sharing one between threads is as sound as sharing a `(&str, &str)`: the
// catalog keeps a declared HTTP tool's fixed headers in a `static`.
unsafe impl Sync for Header<'_> {}

impl<'a> Header<'a> {
    /// (`const`: the build script emits a declared HTTP tool's fixed headers as these.)
    pub const fn new(name: &'a str, value: &'a str) -> Header<'a> {
        Header { name: name.as_ptr(), name_len: name.len(), value: value.as_ptr(), value_len: value.len(), strings: PhantomData }
    }

    pub fn name(&self) -> &'a str {
        // SAFETY: the fields describe a string borrowed for `'a` (see the type's doc).
        unsafe { core::str::from_utf8_unchecked(core::slice::from_raw_parts(self.name, self.name_len)) }
    }

    pub fn value(&self) -> &'a str {
        // SAFETY: as for `name`.
        unsafe { core::str::from_utf8_unchecked(core::slice::from_raw_parts(self.value, self.value_len)) }
    }
}

/// A list of owned `(name, value)` pairs (what tests and std hosts build) as `Header`s.
pub fn headers(list: &[(String, String)]) -> Vec<Header<'_>> {
    list.iter().map(|(name, value)| Header::new(name, value)).collect()
}

pub struct Request<'a> {
    pub method: Method,
    /// Path and query, as FastEdge passes it (`/mcp?x=1`); a full URL is tolerated.
    pub uri: &'a str,
    pub headers: &'a [Header<'a>],
    pub body: &'a [u8],
}

/// Whether `a` and `b` are equal ignoring ASCII case: the module's one caseless
/// compare (header names, media types, origins, hosts, the bearer scheme), one function
/// in place of core's `str::eq_ignore_ascii_case` and the byte loop it calls.
#[inline(never)]
pub fn eq_caseless(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while let Some(&x) = a.get(i) {
        // SAFETY: `i < a.len() == b.len()`.
        let (x, y) = (x as u32, unsafe { *b.get_unchecked(i) } as u32);
        // Equal, or differing in bit 0x20 only where `x` is a letter (then so is `y`).
        if x != y && (x ^ y != 0x20 || (x | 0x20).wrapping_sub(b'a' as u32) >= 26) {
            return false;
        }
        i += 1;
    }
    true
}

/// The first byte of a name with bit 0x20 set (0 for an empty one): names that are
/// equal ignoring ASCII case agree on it (a letter's capital differs in that bit only,
/// other bytes are equal), so a header of the looked-up length but another first
/// letter (`accept` for `origin`, on every request) costs no `memcmp` and no caseless
/// compare.
fn first_caseless(name: &[u8]) -> u8 {
    name.first().map_or(0, |b| b | 0x20)
}

impl<'a> Request<'a> {
    /// The first header named `name` (ASCII case-insensitive).
    ///
    /// With 32-bit pointers (the module), always inlined over [`Request::header_word`]:
    /// an `Option<&str>` comes back from a call through memory (an address passed in,
    /// two loads after), a `u64` in one register; there are a dozen lookups in the
    /// module. (Natively, where a pointer fills the word, the lookup is called as it is.)
    #[inline(always)]
    pub fn header(&self, name: &str) -> Option<&'a str> {
        #[cfg(target_pointer_width = "32")]
        {
            let word = self.header_word(name);
            let (ptr, len) = (word as u32 as usize as *const u8, (word >> 32) as usize);
            // SAFETY: a word with a non-null pointer is made from a `&'a str`
            // (`header_word`): its pointer (32 bits here) and its length, so the string
            // is rebuilt exactly as it was. A `&str`'s pointer is never null, so absent
            // (0) is told by the pointer alone, and the `Option` is that pointer and
            // length as they are (no test, where a test of the whole word was one at
            // each of the dozen lookups).
            (!ptr.is_null()).then(|| unsafe { core::str::from_utf8_unchecked(core::slice::from_raw_parts(ptr, len)) })
        }
        #[cfg(not(target_pointer_width = "32"))]
        self.header_lookup(name)
    }

    /// [`Request::header`]'s value as one word: its pointer in the low half and its
    /// length in the high one, or 0 when absent.
    #[cfg(target_pointer_width = "32")]
    #[inline(never)]
    fn header_word(&self, name: &str) -> u64 {
        match self.header_lookup(name) {
            Some(v) => v.as_ptr() as usize as u64 | (v.len() as u64) << 32,
            None => 0,
        }
    }

    /// The lookup itself.
    #[inline(always)]
    fn header_lookup(&self, name: &str) -> Option<&'a str> {
        // Length first: almost every name differs in length, and this is called a
        // dozen times per request over every header. Hosts send lowercase names
        // (FastEdge does), so an exact match settles it before the caseless one.
        // An index loop, not `find`: at opt-level z the iterator's state stays in
        // linear memory, a load and a store per header.
        // On bytes, and `*k == *name` (slices, not references to them): comparing the
        // references goes through a shared `PartialEq for &A` helper that takes both
        // through the stack (116 more Wasm instructions on a request with three lookups).
        let name = name.as_bytes();
        let mut i = 0;
        let value = loop {
            let header = self.headers.get(i)?;
            let k = header.name().as_bytes();
            if k.len() == name.len() && first_caseless(k) == first_caseless(name) && (*k == *name || eq_caseless(k, name)) {
                break header.value();
            }
            i += 1;
        };
        // Hosts hand over values already trimmed, so `trim_ows` (two scans, over a
        // hundred Wasm instructions a call) runs only for a value that needs it.
        Some(match value.as_bytes() {
            [b' ' | b'\t', ..] | [.., b' ' | b'\t'] => bytes::trim_ows(value),
            _ => value,
        })
    }

    /// The path without query or fragment, and without a scheme and host if the
    /// platform passed a full URL.
    pub fn path(&self) -> &'a str {
        let mut uri = self.uri;
        // A byte compare: `starts_with('/')` takes the `char` pattern path (it UTF-8
        // encodes the '/' first), about 90 Wasm instructions more on every request.
        if !matches!(uri.as_bytes().first(), Some(b'/')) {
            // A position (in a register), not `split_once`'s two `&str`s through memory.
            if let Some(end) = bytes::find(uri, crate::config::SCHEME_END) {
                // SAFETY: `SCHEME_END` (ASCII) matched at `end`, so the cut after it is in
                // bounds and a character boundary.
                let after_scheme = unsafe { uri.get_unchecked(end + crate::config::SCHEME_END.len()..) };
                // SAFETY: `i` is the place of an ASCII `/` in `after_scheme`, so in bounds
                // and a character boundary: `bytes::from`'s checks are not needed.
                uri = bytes::pos_any(after_scheme, b"/").map_or("/", |i| unsafe { after_scheme.get_unchecked(i..) });
            }
        }
        // (`?#` borrowed from a longer constant: see `bytes::within`.)
        bytes::before_any(uri, const { bytes::within(crate::config::NOT_IN_AUTHORITY, "?#") }.as_bytes())
    }
}

/// A response with more than [`MAX_HEADERS`] (or more than two built values) is a bug: it
/// traps in the module (no panic machinery), and fails the test that builds it natively.
#[cold]
fn too_many_headers() -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    unreachable!("more than MAX_HEADERS response headers");
}

/// The JSON media type, borrowed from what the SDKs send as `Accept` (`bytes::within`).
pub const JSON: &str = crate::reply::MEDIA_RANGES[0];

/// The content type of every plain-text answer (errors of the transport rules).
pub const TEXT_PLAIN: &str = "text/plain; charset=utf-8";

/// The `content-type` headers of the three kinds of body, static (`Response::typed`).
pub static CONTENT_JSON: [Header<'static>; 1] = [Header::new("content-type", JSON)];
pub static CONTENT_TEXT: [Header<'static>; 1] = [Header::new("content-type", TEXT_PLAIN)];
pub static CONTENT_SSE: [Header<'static>; 1] = [Header::new("content-type", crate::reply::MEDIA_RANGES[1])];

pub struct Response {
    pub status: u16,
    /// In the host's own layout ([`Header`]), so the glue hands the vector over as it is.
    /// Names are always constants, and so are most values (`content-type` on every
    /// response): a header costs no allocation or copy. A value built for the response
    /// points into `owned` (natively) or into a leaked block (in the module: see
    /// [`Response::add_owned`]). Never more than [`MAX_HEADERS`]. Private: the `'static` holds
    /// only while the response does; [`Response::headers`] lends them for that long.
    headers: Vec<Header<'static>>,
    /// The values built for this response (a 401's challenge, an echoed origin), which
    /// `headers` points into: never changed or dropped before the response is. A `String`
    /// with no capacity owns nothing, so such a slot is free.
    #[cfg(not(target_arch = "wasm32"))]
    owned: [String; 2],
    /// In the module, where built values are leaked ([`Response::add_owned`]), room of
    /// the same size, never written or read: a smaller `Response` is copied field by
    /// field where this one is one `memory.copy`.
    #[cfg(target_arch = "wasm32")]
    _room: core::mem::MaybeUninit<[String; 2]>,
    pub body: Vec<u8>,
}

/// The most headers a response carries: `content-type`, two of the stream or one of
/// `allow` / `www-authenticate`, three of CORS (a preflight: three of its own and three
/// of CORS). Allocated up front, so `add` never grows the vector.
pub const MAX_HEADERS: usize = 6;

impl Response {
    pub fn new(status: u16) -> Response {
        // Through `buf` (not `Vec::with_capacity`, whose layout checks cost about 130
        // Wasm instructions an allocation where the bump allocator takes about 30).
        Response {
            status,
            headers: crate::buf::with_capacity_of(MAX_HEADERS),
            #[cfg(not(target_arch = "wasm32"))]
            owned: [String::new(), String::new()],
            #[cfg(target_arch = "wasm32")]
            _room: core::mem::MaybeUninit::uninit(),
            body: Vec::new(),
        }
    }

    /// Adds headers with constant values, a static table of them (a preflight's three,
    /// CORS's two, an `allow`): one call of three arguments for the lot, where a call per
    /// header took five. In place: a builder taking and returning `self` copies the
    /// whole response at every call. Copied into the room `new` made, in one block:
    /// `Vec::extend` would bring the vector's growth path for a seventh header that no
    /// response has. Never inlined: every header is written here, in one place.
    #[inline(never)]
    pub fn add_all(&mut self, headers: &[Header<'static>]) {
        let len = self.headers.len();
        if headers.len() > self.headers.capacity() - len {
            too_many_headers();
        }
        // SAFETY: `len + headers.len()` is within the capacity, checked above, and
        // `headers` is not the response's own (it is borrowed shared, `self` mutably).
        unsafe {
            core::ptr::copy_nonoverlapping(headers.as_ptr(), self.headers.as_mut_ptr().add(len), headers.len());
            self.headers.set_len(len + headers.len());
        }
    }

    /// Adds one header (through [`Response::add_all`]).
    #[inline(always)]
    pub fn add(&mut self, name: &'static str, value: &'static str) {
        self.add_all(core::slice::from_ref(&Header::new(name, value)));
    }

    /// Adds a header with a value built for this response, which lives as long as it.
    ///
    /// In the module the value is leaked: every instance serves one request and the
    /// response is never dropped (the glue hands it to the host; the bump allocator frees
    /// nothing anyway), so there is nothing to keep it for, and no slot to find.
    /// Natively, where tests and fuzzing drop responses, the response keeps it.
    #[cfg(target_arch = "wasm32")]
    #[inline(always)]
    pub fn add_owned(&mut self, name: &'static str, value: String) {
        self.add(name, value.leak());
    }

    /// Adds a header with a value built for this response, which the response keeps.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn add_owned(&mut self, name: &'static str, value: String) {
        // The first slot that owns nothing (a third built value would be a bug).
        let slot = &mut self.owned[(self.owned[0].capacity() != 0) as usize];
        if slot.capacity() != 0 {
            too_many_headers();
        }
        *slot = value;
        // SAFETY: the value points into the string's heap block, which stays where it is
        // while the `String` moves with the response, and `slot` is neither changed nor
        // dropped before the response is (a slot is reused only when it owns nothing,
        // and then the header has nothing to read). The header is only lent out for the
        // response's own lifetime (`headers`).
        let value = unsafe { core::mem::transmute::<&str, &'static str>(slot.as_str()) };
        self.add(name, value);
    }

    /// The headers, for as long as the response.
    pub fn headers(&self) -> &[Header<'_>] {
        &self.headers
    }

    /// A response with a `content-type` (one of the static headers [`CONTENT_JSON`],
    /// [`CONTENT_TEXT`], [`CONTENT_SSE`]: a pointer passed, not a name and a value) and a
    /// body.
    pub fn typed(status: u16, content_type: &'static [Header<'static>; 1], body: Vec<u8>) -> Response {
        let mut r = Response::new(status);
        r.add_all(content_type);
        r.body = body;
        r
    }

    pub fn json(status: u16, body: Vec<u8>) -> Response {
        Response::typed(status, &CONTENT_JSON, body)
    }

    pub fn text(status: u16, body: &str) -> Response {
        Response::typed(status, &CONTENT_TEXT, crate::buf::copy(body.as_bytes()))
    }

    /// The value of response header `name`, for tests.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.name().eq_ignore_ascii_case(name)).map(|h| h.value())
    }
}

#[cfg(test)]
mod tests {
    use super::{eq_caseless, Method, Request};

    /// `eq_caseless` answers as core's `eq_ignore_ascii_case` for every pair of bytes,
    /// and for different lengths.
    #[test]
    fn eq_caseless_is_core_eq_ignore_ascii_case() {
        for x in 0..=255u8 {
            for y in 0..=255u8 {
                assert_eq!(eq_caseless(&[b'a', x], &[b'A', y]), [x].eq_ignore_ascii_case(&[y]), "{x} {y}");
            }
        }
        assert!(!eq_caseless(b"Origin", b"origins"));
        assert!(eq_caseless(b"", b""));
    }

    /// `path` drops the query and fragment, and a scheme and host when the platform
    /// passes a full URL (the cuts are unchecked: this pins where they fall).
    #[test]
    fn path_cuts_scheme_host_query_and_fragment() {
        let path = |uri| Request { method: Method::Post, uri, headers: &[], body: &[] }.path();
        assert_eq!(path("/mcp?x=1#f"), "/mcp");
        assert_eq!(path("https://é.example:8443/mcp?q"), "/mcp");
        assert_eq!(path("https://host.example"), "/");
        assert_eq!(path("/é#"), "/é");
        assert_eq!(path(""), "");
    }
}
