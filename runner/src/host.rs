//! Host side of the `gcore:fastedge/reactor` world: everything the guest can import.
//! One [`HostState`] lives in each per-request `Store`; process-wide data (dictionary,
//! secrets, key-value stores, cache) is shared through [`HostConfig`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use wasmtime::component::{Resource, ResourceTable};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::kv::KvData;
use crate::limits::MemoryLimiter;
use crate::outbound::OutboundPolicy;
use crate::redis::{RedisError, RedisStore};

pub mod bindings {
    wasmtime::component::bindgen!({
        path: "wit",
        world: "reactor",
        // The key-value `store` resource is backed by our own handle type.
        with: { "gcore:fastedge/key-value.store": crate::host::KvStoreHandle },
    });
}

use bindings::gcore::fastedge::{
    cache_sync, cache_types, dictionary, http, http_client, key_value, secret, utils,
};

/// Settings and shared data, built once from the command line.
pub struct HostConfig {
    /// `-e` values: both the dictionary and, for WASI apps, the environment.
    pub env: Vec<(String, String)>,
    pub dictionary: HashMap<String, String>,
    pub secrets: HashMap<String, String>,
    pub kv_stores: HashMap<String, KvBackend>,
    pub cache: Cache,
    pub outbound: OutboundPolicy,
    pub max_memory: u64,
}

impl HostConfig {
    pub fn new(
        env: Vec<(String, String)>,
        secrets: Vec<(String, String)>,
        kv_stores: HashMap<String, KvBackend>,
        outbound: OutboundPolicy,
        max_memory: u64,
    ) -> Self {
        HostConfig {
            dictionary: env.iter().cloned().collect(),
            env,
            secrets: secrets.into_iter().collect(),
            kv_stores,
            cache: Cache::default(),
            outbound,
            max_memory,
        }
    }
}

/// Per-store state.
pub struct HostState {
    config: Arc<HostConfig>,
    table: ResourceTable,
    /// Built on first use: apps without WASI imports never pay for it.
    wasi: Option<WasiCtx>,
    pub limiter: MemoryLimiter,
}

impl HostState {
    pub fn new(config: Arc<HostConfig>) -> Self {
        let limiter = MemoryLimiter::new(config.max_memory);
        HostState { config, table: ResourceTable::new(), wasi: None, limiter }
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        let config = &self.config;
        let ctx = self.wasi.get_or_insert_with(|| {
            // Guest stdout goes to our stderr: our stdout carries the `listening on` line
            // that tools read, and nothing else should be mixed into it.
            WasiCtx::builder()
                .envs(&config.env)
                .stdout(wasmtime_wasi::cli::stderr())
                .inherit_stderr()
                .build()
        });
        WasiCtxView { ctx, table: &mut self.table }
    }
}

/// Where a named store's data lives: a JSON file loaded at startup (`--kv-store`), or a
/// Redis server (`--kv-stores`, Gcore's spelling and semantics).
#[derive(Clone)]
pub enum KvBackend {
    File(Arc<KvData>),
    Redis(Arc<RedisStore>),
}

/// Handle behind a `key-value.store` resource.
pub struct KvStoreHandle {
    data: KvBackend,
}

/// `cache-sync` data shared by all requests of this runner process (FastEdge's cache
/// outlives a request; here it lives as long as the process).
#[derive(Default)]
pub struct Cache {
    entries: Mutex<HashMap<String, CacheEntry>>,
}

struct CacheEntry {
    value: Vec<u8>,
    expires: Option<Instant>,
}

impl CacheEntry {
    fn live(&self, now: Instant) -> bool {
        self.expires.is_none_or(|t| t > now)
    }
}

impl Cache {
    /// Runs `f` on the map with expired entries already dropped.
    fn with<R>(&self, f: impl FnOnce(&mut HashMap<String, CacheEntry>) -> R) -> R {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        map.retain(|_, e| e.live(now));
        f(&mut map)
    }
}

fn expiry(ttl_ms: Option<u64>) -> Option<Instant> {
    ttl_ms.map(|ms| Instant::now() + Duration::from_millis(ms))
}

impl http::Host for HostState {}

impl http_client::Host for HostState {
    fn send_request(&mut self, req: http::Request) -> Result<http::Response, http::Error> {
        crate::outbound::send(req, &self.config.outbound)
    }
}

impl dictionary::Host for HostState {
    fn get(&mut self, name: String) -> Option<String> {
        self.config.dictionary.get(&name).cloned()
    }
}

impl secret::Host for HostState {
    fn get(&mut self, key: String) -> Result<Option<String>, secret::Error> {
        Ok(self.config.secrets.get(&key).cloned())
    }

    /// Secrets given on the command line have a single version, effective at any time.
    fn get_effective_at(&mut self, key: String, _at: u32) -> Result<Option<String>, secret::Error> {
        Ok(self.config.secrets.get(&key).cloned())
    }
}

impl utils::Host for HostState {
    fn set_user_diag(&mut self, name: String) {
        eprintln!("user-diag: {name}");
    }
}

impl key_value::Host for HostState {}

fn kv_err(msg: &str) -> key_value::Error {
    key_value::Error::Other(msg.to_string())
}

/// Gcore's mapping: a Redis failure is `internal-error` (logged, never shown to the
/// guest), a failure while walking a cursor is `other(message)`.
fn redis_err(op: &str, key: &str, e: RedisError) -> key_value::Error {
    match e {
        RedisError::Internal(m) => {
            eprintln!("kv-store: redis {op} {key:?}: {m}");
            key_value::Error::InternalError
        }
        RedisError::Iteration(m) => {
            eprintln!("kv-store: redis {op} {key:?}: item: {m}");
            key_value::Error::Other(m)
        }
    }
}

impl key_value::HostStore for HostState {
    /// A name the app was not given is `access-denied`, as on Gcore (its stores are
    /// the ones attached to the app; any other name is not the app's to open).
    fn open(&mut self, name: String) -> Result<Resource<KvStoreHandle>, key_value::Error> {
        let data = self.config.kv_stores.get(&name).ok_or(key_value::Error::AccessDenied)?.clone();
        self.table.push(KvStoreHandle { data }).map_err(|_| key_value::Error::InternalError)
    }

    fn get(
        &mut self,
        store: Resource<KvStoreHandle>,
        key: String,
    ) -> Result<Option<Vec<u8>>, key_value::Error> {
        match self.kv(&store)? {
            KvBackend::File(d) => d.get(&key).map_err(kv_err),
            KvBackend::Redis(r) => r.get(&key).map_err(|e| redis_err("get", &key, e)),
        }
    }

    fn scan(&mut self, store: Resource<KvStoreHandle>, pattern: String) -> Result<Vec<String>, key_value::Error> {
        match self.kv(&store)? {
            KvBackend::File(d) => Ok(d.scan(&pattern)),
            KvBackend::Redis(r) => r.scan(&pattern).map_err(|e| redis_err("scan", &pattern, e)),
        }
    }

    fn zrange_by_score(
        &mut self,
        store: Resource<KvStoreHandle>,
        key: String,
        min: f64,
        max: f64,
    ) -> Result<Vec<(Vec<u8>, f64)>, key_value::Error> {
        match self.kv(&store)? {
            KvBackend::File(d) => d.zrange_by_score(&key, min, max).map_err(kv_err),
            KvBackend::Redis(r) => r.zrange_by_score(&key, min, max).map_err(|e| redis_err("zrangebyscore", &key, e)),
        }
    }

    fn zscan(
        &mut self,
        store: Resource<KvStoreHandle>,
        key: String,
        pattern: String,
    ) -> Result<Vec<(Vec<u8>, f64)>, key_value::Error> {
        match self.kv(&store)? {
            KvBackend::File(d) => d.zscan(&key, &pattern).map_err(kv_err),
            KvBackend::Redis(r) => r.zscan(&key, &pattern).map_err(|e| redis_err("zscan", &key, e)),
        }
    }

    fn bf_exists(
        &mut self,
        store: Resource<KvStoreHandle>,
        key: String,
        item: String,
    ) -> Result<bool, key_value::Error> {
        match self.kv(&store)? {
            KvBackend::File(d) => d.bf_exists(&key, &item).map_err(kv_err),
            KvBackend::Redis(r) => r.bf_exists(&key, &item).map_err(|e| redis_err("bf_exists", &key, e)),
        }
    }

    fn drop(&mut self, store: Resource<KvStoreHandle>) -> wasmtime::Result<()> {
        self.table.delete(store)?;
        Ok(())
    }
}

impl HostState {
    fn kv(&self, store: &Resource<KvStoreHandle>) -> Result<KvBackend, key_value::Error> {
        self.table.get(store).map(|h| h.data.clone()).map_err(|_| key_value::Error::InternalError)
    }
}

impl cache_types::Host for HostState {}

impl cache_sync::Host for HostState {
    fn get(&mut self, key: String) -> Result<Option<Vec<u8>>, cache_types::Error> {
        Ok(self.config.cache.with(|m| m.get(&key).map(|e| e.value.clone())))
    }

    fn set(&mut self, key: String, value: Vec<u8>, ttl_ms: Option<u64>) -> Result<(), cache_types::Error> {
        let expires = expiry(ttl_ms);
        self.config.cache.with(|m| m.insert(key, CacheEntry { value, expires }));
        Ok(())
    }

    fn delete(&mut self, key: String) -> Result<(), cache_types::Error> {
        self.config.cache.with(|m| m.remove(&key));
        Ok(())
    }

    fn exists(&mut self, key: String) -> Result<bool, cache_types::Error> {
        Ok(self.config.cache.with(|m| m.contains_key(&key)))
    }

    /// Redis INCRBY semantics: a missing key counts as 0, the value is decimal text.
    fn incr(&mut self, key: String, delta: i64) -> Result<i64, cache_types::Error> {
        self.config.cache.with(|m| {
            let entry = m.entry(key).or_insert(CacheEntry { value: b"0".to_vec(), expires: None });
            let current: i64 = std::str::from_utf8(&entry.value)
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .ok_or_else(|| cache_types::Error::Other("value is not an integer".into()))?;
            let next = current
                .checked_add(delta)
                .ok_or_else(|| cache_types::Error::Other("increment would overflow".into()))?;
            entry.value = next.to_string().into_bytes();
            Ok(next)
        })
    }

    fn expire(&mut self, key: String, ttl_ms: u64) -> Result<bool, cache_types::Error> {
        Ok(self.config.cache.with(|m| match m.get_mut(&key) {
            Some(e) => {
                e.expires = expiry(Some(ttl_ms));
                true
            }
            None => false,
        }))
    }

    fn purge(&mut self) -> Result<u64, cache_types::Error> {
        Ok(self.config.cache.with(|m| {
            let n = m.len() as u64;
            m.clear();
            n
        }))
    }

    fn purge_prefix(&mut self, prefix: String) -> Result<u64, cache_types::Error> {
        Ok(self.config.cache.with(|m| {
            let before = m.len();
            m.retain(|k, _| !k.starts_with(&prefix));
            (before - m.len()) as u64
        }))
    }
}
