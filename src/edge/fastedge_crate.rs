//! `--features bindings-fastedge-crate`: the export through the `fastedge` crate's own
//! bindings (they link std), kept to measure them against `abi.rs`.

use crate::http::{Method, Request};
use fastedge::gcore::fastedge::http as wit;
use fastedge::http_handler::Guest;

struct App;

impl Guest for App {
    fn process(req: wit::Request) -> wit::Response {
        let method = match req.method {
            wit::Method::Get => Method::Get,
            wit::Method::Post => Method::Post,
            wit::Method::Put => Method::Put,
            wit::Method::Delete => Method::Delete,
            wit::Method::Head => Method::Head,
            wit::Method::Patch => Method::Patch,
            wit::Method::Options => Method::Options,
        };
        let body = req.body.unwrap_or_default();
        let request = Request { method, uri: &req.uri, headers: &crate::http::headers(&req.headers), body: &body };
        let response = crate::transport::handle(&request, &super::FastEdgeEnv);
        wit::Response {
            status: response.status,
            headers: Some(response.headers().iter().map(|h| (h.name().into(), h.value().into())).collect()),
            body: if response.body.is_empty() { None } else { Some(response.body) },
        }
    }
}

fastedge::export!(App with_types_in fastedge);
