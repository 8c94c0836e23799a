//! The FastEdge glue: the `gcore:fastedge/http-handler#process` export and the
//! `dictionary` and `secret` imports.
//!
//! The world is `edge-mcp` (`wit/edge-mcp.wit`): the two imports the server calls and the
//! one export, with the package and interface names of FastEdge's `reactor` world.
//! `wit-bindgen` generates it.
//! With `bindings-fastedge-crate`, the `fastedge` crate's own bindings serve instead
//! (for comparison; they link std, see README "Size").

use alloc::string::String;

use crate::env::Env;



#[cfg(feature = "bindings-fastedge-crate")]
mod fastedge_crate;

/// Configuration from the FastEdge `dictionary` (which also holds the app's env
/// vars) and secrets from the `secret` store.
pub struct FastEdgeEnv;

#[cfg(not(feature = "bindings-fastedge-crate"))]
mod bindings {
    wit_bindgen::generate!({ world: "edge-mcp", path: "wit", std_feature });
    pub use gcore::fastedge::{dictionary, secret, http as wit};
    use exports::gcore::fastedge::http_handler::Guest;
    use crate::http::{Method, Request};
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
            let request = Request { method, uri: &req.uri, headers: &req.headers, body: &body };
            let response = crate::transport::handle(&request, &super::FastEdgeEnv);
            wit::Response {
                status: response.status,
                headers: Some(response.headers),
                body: if response.body.is_empty() { None } else { Some(response.body) },
            }
        }
    }
    export!(App);
}
#[cfg(not(feature = "bindings-fastedge-crate"))]
use bindings::{dictionary, secret};
#[cfg(feature = "bindings-fastedge-crate")]
use fastedge::{dictionary, secret};

impl Env for FastEdgeEnv {
    fn config(&self, name: &str) -> Option<String> {
        dictionary::get(name)
    }

    fn secret(&self, name: &str) -> Option<String> {
        secret::get(name).ok().flatten()
    }
}
