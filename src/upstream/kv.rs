//! FastEdge key-value stores (read-only from an app): the store traits (the platform in
//! the module, an in-memory store natively) and [`Store`], the handler-facing wrapper
//! whose every failure is a message naming the store, ready for an `isError` result.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// `gcore:fastedge/key-value` `error`.
#[derive(Debug, Clone, PartialEq)]
pub enum KvError {
    NoSuchStore,
    AccessDenied,
    InternalError,
    Other(String),
}

/// Opens stores by name: the test environment's (natively; see [`Store`]).
pub trait KvHost {
    fn open(&self, name: &str) -> Result<Box<dyn KvStore>, KvError>;
}

/// The store operations of the WIT `store` resource.
pub trait KvStore {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, KvError>;
    fn scan(&self, pattern: &str) -> Result<Vec<String>, KvError>;
    fn zrange_by_score(&self, key: &str, min: f64, max: f64) -> Result<Vec<(Vec<u8>, f64)>, KvError>;
    fn zscan(&self, key: &str, pattern: &str) -> Result<Vec<(Vec<u8>, f64)>, KvError>;
    fn bf_exists(&self, key: &str, item: &str) -> Result<bool, KvError>;
}

/// `KV store "<name>": <what>`: every KV failure names the store and the host's word.
pub fn message(store: &str, e: &KvError) -> String {
    match e {
        KvError::NoSuchStore => case_message(store, 0, ""),
        KvError::AccessDenied => case_message(store, 1, ""),
        KvError::InternalError => case_message(store, 2, ""),
        KvError::Other(detail) => case_message(store, 3, detail),
    }
}

/// [`message`] by the WIT `error` case's index, as the host writes it (`other`'s
/// `detail` borrowed where the host put it).
pub fn case_message(store: &str, case: usize, detail: &str) -> String {
    static WHAT: [&str; 4] = [
        "\": no-such-store",
        "\": access-denied",
        "\": internal-error",
        "\": ",
    ];
    super::join!("KV store \"", store, WHAT[case.min(3)], detail)
}

/// An open store, for handlers: `call.kv_open("name")?.get("key")?`.
///
/// In the module it holds the FastEdge resource itself and calls it directly, so only
/// the operations a build uses are linked (a trait object's vtable would keep all
/// five and their canonical-ABI glue); natively it holds the test environment's store.
pub struct Store<'n> {
    pub name: &'n str,
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    inner: crate::host::key_value::Store,
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    inner: Box<dyn KvStore>,
}

impl<'n> Store<'n> {
    // Inlined, as the host calls are (`host::key_value`): no `Result` repacked on the way.
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    #[inline(always)]
    pub fn open(_env: &crate::env::Host, name: &'n str) -> Result<Store<'n>, String> {
        crate::host::key_value::Store::open(name).map(|inner| Store { name, inner })
    }

    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn open(env: &crate::env::Host, name: &'n str) -> Result<Store<'n>, String> {
        let host = env.kv().ok_or_else(|| crate::buf::string("Key-value stores are not available in this environment"))?;
        host.open(name).map(|inner| Store { name, inner }).map_err(|e| message(name, &e))
    }

    /// The value at `key` in the store `name`: [`Store::open`], then [`Store::get`].
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    #[inline(always)]
    pub fn fetch(_env: &crate::env::Host, name: &str, key: &str) -> Result<Option<Vec<u8>>, String> {
        crate::host::key_value::fetch(name, key)
    }
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn fetch(env: &crate::env::Host, name: &str, key: &str) -> Result<Option<Vec<u8>>, String> {
        Store::open(env, name)?.get(key)
    }

    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    #[inline(always)]
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, String> {
        self.inner.get(self.name, key)
    }
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, String> {
        self.inner.get(key).map_err(|e| message(self.name, &e))
    }
    // Beyond `open`/`get`: in the module only with `edge_kv_all` (the whole interface).
    #[cfg(any(edge_kv_all, not(all(target_arch = "wasm32", target_os = "unknown"))))]
    pub fn scan(&self, pattern: &str) -> Result<Vec<String>, String> {
        self.inner.scan(pattern).map_err(|e| message(self.name, &e))
    }
    #[cfg(any(edge_kv_all, not(all(target_arch = "wasm32", target_os = "unknown"))))]
    pub fn zrange_by_score(&self, key: &str, min: f64, max: f64) -> Result<Vec<(Vec<u8>, f64)>, String> {
        self.inner.zrange_by_score(key, min, max).map_err(|e| message(self.name, &e))
    }
    #[cfg(any(edge_kv_all, not(all(target_arch = "wasm32", target_os = "unknown"))))]
    pub fn zscan(&self, key: &str, pattern: &str) -> Result<Vec<(Vec<u8>, f64)>, String> {
        self.inner.zscan(key, pattern).map_err(|e| message(self.name, &e))
    }
    #[cfg(any(edge_kv_all, not(all(target_arch = "wasm32", target_os = "unknown"))))]
    pub fn bf_exists(&self, key: &str, item: &str) -> Result<bool, String> {
        self.inner.bf_exists(key, item).map_err(|e| message(self.name, &e))
    }
}
