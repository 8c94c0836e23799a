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
    /// Borrowed: the module passes them to the host where they lie.
    pub headers: &'a [(&'a str, &'a str)],
    pub body: Option<&'a [u8]>,
}

pub struct OutResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
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
    pub fn message(self) -> &'static str {
        [
            "The platform does not allow requests to this upstream host (destination-not-allowed)",
            "The upstream URL is not valid (invalid-url)",
            "The upstream could not be reached, refused the connection or timed out (request-error)",
            "The platform failed to send the upstream request (runtime-error)",
            "Too many outbound requests from this app; try again later (too-many-requests)",
        ][self as usize]
    }
}

/// Sends one request and buffers the whole answer. Redirects come back as they are.
/// Native tests bring one through [`crate::env::Env::http`]; the module calls
/// FastEdge's directly (no trait object on the way).
pub trait HttpClient {
    fn send(&self, req: &OutRequest) -> Result<OutResponse, HttpError>;
}

/// Sends `req` through the platform's client; any failure is a message for `isError`.
#[cfg(target_arch = "wasm32")]
pub fn send(_env: &dyn crate::env::Env, req: &OutRequest) -> Result<OutResponse, String> {
    crate::host::http_client::send(req).map_err(|e| String::from(e.message()))
}

/// Sends `req` through the environment's client; any failure is a message for `isError`.
#[cfg(not(target_arch = "wasm32"))]
pub fn send(env: &dyn crate::env::Env, req: &OutRequest) -> Result<OutResponse, String> {
    match env.http() {
        Some(client) => client.send(req).map_err(|e| String::from(e.message())),
        None => Err(String::from("Outbound HTTP is not available in this environment")),
    }
}
