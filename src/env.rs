//! Where configuration comes from. On FastEdge, `config` is the `dictionary` import
//! (which also carries the app's environment variables) and `secret` the `secret`
//! import; native tests pass a map. Handlers take a [`Host`]: natively a trait object
//! (no code generated twice per test environment), in the module the one FastEdge
//! environment (`edge::FastEdgeEnv`, with these methods as its own), so `config` and
//! `secret` are direct calls: no vtable, no function-table entries, no indirect calls.

use alloc::string::String;
use alloc::vec::Vec;

pub trait Env {
    /// A configuration value (FastEdge dictionary / app env var).
    fn config(&self, name: &str) -> Option<String>;
    /// A secret value (FastEdge secret store).
    fn secret(&self, name: &str) -> Option<String>;
    /// Whether secret `name` is set to something non-empty.
    fn secret_set(&self, name: &str) -> bool {
        self.secret(name).is_some_and(|s| !s.is_empty())
    }
    /// An outbound HTTP client for native tests. (The module calls FastEdge's
    /// `http-client` directly: see `upstream::http::send`.)
    #[cfg(all(edge_http, not(all(target_arch = "wasm32", target_os = "unknown"))))]
    fn http(&self) -> Option<&dyn crate::upstream::http::HttpClient> {
        None
    }
    /// Key-value stores for native tests. (The module opens FastEdge's directly:
    /// see `upstream::kv::Store`.)
    #[cfg(all(edge_kv, not(all(target_arch = "wasm32", target_os = "unknown"))))]
    fn kv(&self) -> Option<&dyn crate::upstream::kv::KvHost> {
        None
    }
}

/// The environment every handler is passed: the FastEdge one in the module.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub type Host = crate::edge::FastEdgeEnv;
/// The environment every handler is passed: any [`Env`] natively (tests, fuzzing).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub type Host = dyn Env;

/// Configuration from fixed lists, for tests and embedding.
#[derive(Default)]
pub struct StaticEnv {
    pub config: Vec<(String, String)>,
    pub secrets: Vec<(String, String)>,
}

fn lookup(list: &[(String, String)], name: &str) -> Option<String> {
    list.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

impl Env for StaticEnv {
    fn config(&self, name: &str) -> Option<String> {
        lookup(&self.config, name)
    }
    fn secret(&self, name: &str) -> Option<String> {
        lookup(&self.secrets, name)
    }
}
