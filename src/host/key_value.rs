//! `gcore:fastedge/key-value` (read-only from an app), through the core world's
//! bindings: wit-bindgen's import glue already passes keys where they lie and takes
//! the host's answers over without copying.

use alloc::string::String;
use alloc::vec::Vec;

use crate::upstream::kv::KvError;

use crate::edge::key_value as wit;

/// A FastEdge store, called directly (see `upstream::kv::Store` for why not a trait object).
pub struct Store(wit::Store);

fn error(e: wit::Error) -> KvError {
    match e {
        wit::Error::NoSuchStore => KvError::NoSuchStore,
        wit::Error::AccessDenied => KvError::AccessDenied,
        wit::Error::InternalError => KvError::InternalError,
        wit::Error::Other(m) => KvError::Other(m),
    }
}

impl Store {
    pub fn open(name: &str) -> Result<Store, KvError> {
        wit::Store::open(name).map(Store).map_err(error)
    }
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, KvError> {
        self.0.get(key).map_err(error)
    }
    pub fn scan(&self, pattern: &str) -> Result<Vec<String>, KvError> {
        self.0.scan(pattern).map_err(error)
    }
    pub fn zrange_by_score(&self, key: &str, min: f64, max: f64) -> Result<Vec<(Vec<u8>, f64)>, KvError> {
        self.0.zrange_by_score(key, min, max).map_err(error)
    }
    pub fn zscan(&self, key: &str, pattern: &str) -> Result<Vec<(Vec<u8>, f64)>, KvError> {
        self.0.zscan(key, pattern).map_err(error)
    }
    pub fn bf_exists(&self, key: &str, item: &str) -> Result<bool, KvError> {
        self.0.bf_exists(key, item).map_err(error)
    }
}
