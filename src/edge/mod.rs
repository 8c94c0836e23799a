//! The FastEdge glue: the `gcore:fastedge/http-handler#process` export, written by
//! hand against the canonical ABI, and the `dictionary` and `secret` imports.
//!
//! The world is `edge-mcp` (`wit/edge-mcp.wit`): the two imports the server calls and the
//! one export, with the package and interface names of FastEdge's `reactor` world.
//! `wit-bindgen` generates that world's component-type custom section and the two
//! imports; the export is the function below, because the generated one copies what
//! the host already wrote into linear memory: it re-packs every header into an owned
//! `(String, String)`, and boxes the response headers again for the host. Here the
//! request's uri, headers and body are borrowed where the host put them, and the response is
//! written once into the layout the host reads.
//! With `bindings-fastedge-crate`, the `fastedge` crate's own bindings serve instead
//! (for comparison; they link std, see README "Size").

use alloc::string::String;


#[cfg(not(feature = "bindings-fastedge-crate"))]
mod abi;

#[cfg(feature = "bindings-fastedge-crate")]
mod fastedge_crate;

mod mem;

/// Configuration from the FastEdge `dictionary` (which also holds the app's env
/// vars) and secrets from the `secret` store: the module's `env::Host`, with the
/// `Env` methods as its own, so handlers call them directly (no trait import, no vtable).
pub struct FastEdgeEnv;

#[cfg(not(feature = "bindings-fastedge-crate"))]
mod bindings {
    // The component-type section and the imports; no `export!`: the export is `abi.rs`.
    // The world declares exactly the imports this build may call: a catalog that reaches
    // the world (the `edge_http` / `edge_kv` cfgs from build/main.rs) gets a world that
    // adds `http-client` / `key-value` (wit/edge-mcp.wit), one section for all, so the
    // shared `http` types are not encoded twice. The interfaces are those of
    // wit/module/ (trimmed to the functions the module calls), unless a handler or a
    // range lookup uses the key-value operations beyond `open`/`get` (`edge_kv_all`):
    // then the vendored ones of wit/. Without `http-client`, wit/module-without-http/,
    // whose `http-handler` declares its own request and response types (no `http` import).
    #[cfg(not(any(edge_http, edge_kv)))]
    wit_bindgen::generate!({ world: "edge-mcp", path: "wit/module-without-http", std_feature });
    #[cfg(all(edge_http, not(edge_kv)))]
    wit_bindgen::generate!({ world: "edge-mcp-http", path: "wit/module", std_feature });
    #[cfg(all(edge_kv, not(edge_http), not(edge_kv_all)))]
    wit_bindgen::generate!({ world: "edge-mcp-kv", path: "wit/module-without-http", std_feature });
    #[cfg(all(edge_http, edge_kv, not(edge_kv_all)))]
    wit_bindgen::generate!({ world: "edge-mcp-http-kv", path: "wit/module", std_feature });
    #[cfg(all(edge_kv_all, not(edge_http)))]
    wit_bindgen::generate!({ world: "edge-mcp-kv", path: "wit", std_feature });
    #[cfg(all(edge_kv_all, edge_http))]
    wit_bindgen::generate!({ world: "edge-mcp-http-kv", path: "wit", std_feature });
    pub use gcore::fastedge::{dictionary, secret};
    #[cfg(edge_kv_all)]
    pub use gcore::fastedge::key_value;
}
#[cfg(not(feature = "bindings-fastedge-crate"))]
use bindings::{dictionary, secret};
#[cfg(feature = "bindings-fastedge-crate")]
use fastedge::{dictionary, secret};
/// For `host::key_value`: the world's `key-value` bindings (the `fastedge` crate's in the
/// comparison build, whose `reactor` world imports everything).
#[cfg(all(edge_kv_all, not(feature = "bindings-fastedge-crate")))]
pub(crate) use bindings::key_value;
#[cfg(all(edge_kv_all, feature = "bindings-fastedge-crate"))]
pub(crate) use fastedge::key_value;

impl FastEdgeEnv {
    pub fn config(&self, name: &str) -> Option<String> {
        dictionary::get(name)
    }

    pub fn secret(&self, name: &str) -> Option<String> {
        secret::get(name).ok().flatten()
    }
}
