//! `gcore:fastedge/http-client#send-request`, behind [`HttpClient`].

use alloc::vec::Vec;

use crate::http::Method;
use crate::upstream::http::{HttpClient, HttpError, OutRequest, OutResponse};

mod bindings {
    wit_bindgen::generate!({ world: "http-client-import", path: "wit", std_feature });
    pub use gcore::fastedge::{http, http_client};
}
use bindings::{http as wit, http_client};

/// The platform's HTTP client.
pub struct Host;

impl HttpClient for Host {
    fn send(&self, req: &OutRequest) -> Result<OutResponse, HttpError> {
        let method = match req.method {
            Method::Get => wit::Method::Get,
            Method::Post => wit::Method::Post,
            Method::Put => wit::Method::Put,
            Method::Delete => wit::Method::Delete,
            Method::Head => wit::Method::Head,
            Method::Patch => wit::Method::Patch,
            Method::Options => wit::Method::Options,
        };
        let request = wit::Request {
            method,
            uri: req.url.into(),
            headers: req.headers.to_vec(),
            body: req.body.map(|b| b.to_vec()),
        };
        match http_client::send_request(&request) {
            Ok(r) => Ok(OutResponse { status: r.status, headers: r.headers.unwrap_or_default(), body: r.body.unwrap_or_else(Vec::new) }),
            Err(e) => Err(match e {
                wit::Error::DestinationNotAllowed => HttpError::DestinationNotAllowed,
                wit::Error::InvalidUrl => HttpError::InvalidUrl,
                wit::Error::TooManyRequests => HttpError::TooManyRequests,
                wit::Error::RuntimeError => HttpError::RuntimeError,
                // `success` as an error says nothing more than "the request failed".
                wit::Error::RequestError | wit::Error::Success => HttpError::RequestError,
            }),
        }
    }
}
