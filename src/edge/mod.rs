//! The FastEdge glue: the `gcore:fastedge/http-handler#process` export, written by
//! hand against the canonical ABI, and the `dictionary` and `secret` imports.
//!
//! The world is `edge-mcp` (`wit/edge-mcp.wit`): the two imports the server calls and the
//! one export, with the package and interface names of FastEdge's `reactor` world.
//! `wit-bindgen` generates that world's component-type custom section and the two
//! imports; the export is the function below, because the generated one copies what
//! the host already wrote into linear memory: it re-packs every header into an owned
//! `(String, String)`, and boxes the response headers again for the host. Here the
//! request's uri and body are borrowed where the host put them, and the response is
//! written once into the layout the host reads.
//! With `bindings-fastedge-crate`, the `fastedge` crate's own bindings serve instead
//! (for comparison; they link std, see README "Size").

use alloc::string::String;

use crate::env::Env;

#[cfg(not(feature = "bindings-fastedge-crate"))]
mod abi;

#[cfg(feature = "bindings-fastedge-crate")]
mod fastedge_crate;

mod mem;

/// Configuration from the FastEdge `dictionary` (which also holds the app's env
/// vars) and secrets from the `secret` store.
pub struct FastEdgeEnv;

#[cfg(not(feature = "bindings-fastedge-crate"))]
mod bindings {
    // The component-type section and the imports; no `export!`: the export is `abi.rs`.
    wit_bindgen::generate!({ world: "edge-mcp", path: "wit", std_feature });
    pub use gcore::fastedge::{dictionary, secret};
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
