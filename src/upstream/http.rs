//! Outbound HTTP through FastEdge's `http-client`: the request and answer types, the
//! client trait (the platform in the module, a test client natively), and the words
//! each host error becomes in an `isError` result.

use alloc::string::String;
use alloc::vec::Vec;

pub use crate::http::Method;

pub struct OutRequest<'a> {
    pub method: Method,
    /// An absolute `http://` or `https://` URL.
    pub url: &'a str,
    pub headers: &'a [Header<'a>],
    pub body: Option<&'a [u8]>,
}

pub struct OutResponse {
    pub status: u16,
    /// As the platform wrote them (never copied; never freed: an instance serves one
    /// request).
    pub headers: Vec<Header<'static>>,
    pub body: Vec<u8>,
}

/// One header in the canonical ABI's `tuple<string, string>` layout, so a list of them
/// goes to the host, and comes back from it, as it lies in memory: the same type the
/// handler's request and response headers use.
pub use crate::http::Header;

impl OutResponse {
    /// The first header named `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&'static str> {
        self.headers.iter().find(|h| h.name().eq_ignore_ascii_case(name)).map(|h| h.value())
    }
}

/// `gcore:fastedge/http` `error`, as the host reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpError {
    DestinationNotAllowed,
    InvalidUrl,
    RequestError,
    RuntimeError,
    TooManyRequests,
}

impl HttpError {
    /// What a model reads in the `isError` result: what happened, and the host's word.
    pub const fn message(self) -> &'static str {
        // A static table: an array literal here is built on the stack at every call.
        // The host's word is the rule (it reads as prose after "Upstream "), glossed only
        // where it says less than what happened.
        static MESSAGES: [&str; 5] = [
            "Upstream destination-not-allowed",
            "Upstream invalid-url",
            "Upstream unreachable or timed out (request-error)",
            "Upstream runtime-error",
            "Upstream too-many-requests, retry later",
        ];
        MESSAGES[self as usize]
    }
}

/// Sends one request and buffers the whole answer. Redirects come back as they are.
/// Native tests bring one through [`crate::env::Env::http`]; the module calls
/// FastEdge's directly (no trait object on the way).
pub trait HttpClient {
    fn send(&self, req: &OutRequest) -> Result<OutResponse, HttpError>;
}

/// Sends `req` through the platform's client; any failure is a message for `isError`.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
// Inlined into its caller (the declared-tool path; a handler's `fetch` is the only other): the
// answer is decoded from the return area where it is used, not repacked into a `Result`.
#[inline(always)]
pub fn send(_env: &crate::env::Host, req: &OutRequest) -> Result<OutResponse, String> {
    crate::host::http_client::send(req)
}

/// Sends `req` through the environment's client; any failure is a message for `isError`.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub fn send(env: &crate::env::Host, req: &OutRequest) -> Result<OutResponse, String> {
    match env.http() {
        Some(client) => client.send(req).map_err(|e| crate::buf::string(e.message())),
        None => Err(crate::buf::string("Outbound HTTP is not available in this environment")),
    }
}
