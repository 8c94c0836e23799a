//! Local stand-in for FastEdge's key-value stores: read-only data loaded from JSON files.
//!
//! File format: one JSON object per store. Each member is one key:
//! - a string (or number/bool, stored as its text) -> a plain value for `get`;
//! - an array of `[member, score]` pairs -> a sorted set for `zrange-by-score` / `zscan`;
//! - an array of strings -> a Bloom-filter stand-in for `bf-exists` (exact membership).

use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum KvValue {
    Bytes(Vec<u8>),
    SortedSet(Vec<(Vec<u8>, f64)>),
    Set(Vec<String>),
}

/// One named store.
#[derive(Debug, Default)]
pub struct KvData {
    entries: HashMap<String, KvValue>,
}

/// The error for an operation on a key holding the wrong kind of value (Redis' WRONGTYPE).
pub const WRONG_TYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";

impl KvData {
    pub fn load(path: &Path) -> Result<Self> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let json: Value = serde_json::from_str(&text)
            .with_context(|| format!("{}: invalid JSON", path.display()))?;
        Self::from_json(json).with_context(|| format!("{}: invalid key-value store", path.display()))
    }

    pub fn from_json(json: Value) -> Result<Self> {
        let Value::Object(map) = json else { bail!("expected a JSON object of key -> value") };
        let mut entries = HashMap::with_capacity(map.len());
        for (key, value) in map {
            let parsed = match value {
                Value::String(s) => KvValue::Bytes(s.into_bytes()),
                Value::Number(n) => KvValue::Bytes(n.to_string().into_bytes()),
                Value::Bool(b) => KvValue::Bytes(b.to_string().into_bytes()),
                Value::Array(items) if items.iter().all(Value::is_string) => KvValue::Set(
                    items.into_iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
                ),
                Value::Array(items) => {
                    let mut set = Vec::with_capacity(items.len());
                    for item in items {
                        match item.as_array().map(Vec::as_slice) {
                            Some([Value::String(m), score]) if score.is_number() => {
                                set.push((m.clone().into_bytes(), score.as_f64().unwrap_or(0.0)));
                            }
                            _ => bail!("key `{key}`: sorted-set items must be [\"member\", score]"),
                        }
                    }
                    set.sort_by(|a, b| a.1.total_cmp(&b.1));
                    KvValue::SortedSet(set)
                }
                other => bail!("key `{key}`: unsupported value {other}"),
            };
            entries.insert(key, parsed);
        }
        Ok(KvData { entries })
    }

    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, &'static str> {
        match self.entries.get(key) {
            None => Ok(None),
            Some(KvValue::Bytes(b)) => Ok(Some(b.clone())),
            Some(_) => Err(WRONG_TYPE),
        }
    }

    pub fn scan(&self, pattern: &str) -> Vec<String> {
        let mut keys: Vec<String> =
            self.entries.keys().filter(|k| glob_match(pattern, k)).cloned().collect();
        keys.sort();
        keys
    }

    pub fn zrange_by_score(&self, key: &str, min: f64, max: f64) -> Result<Vec<(Vec<u8>, f64)>, &'static str> {
        Ok(self.sorted_set(key)?.iter().filter(|(_, s)| *s >= min && *s <= max).cloned().collect())
    }

    pub fn zscan(&self, key: &str, pattern: &str) -> Result<Vec<(Vec<u8>, f64)>, &'static str> {
        Ok(self
            .sorted_set(key)?
            .iter()
            .filter(|(m, _)| glob_match(pattern, &String::from_utf8_lossy(m)))
            .cloned()
            .collect())
    }

    pub fn bf_exists(&self, key: &str, item: &str) -> Result<bool, &'static str> {
        match self.entries.get(key) {
            None => Ok(false),
            Some(KvValue::Set(items)) => Ok(items.iter().any(|i| i == item)),
            Some(_) => Err(WRONG_TYPE),
        }
    }

    fn sorted_set(&self, key: &str) -> Result<&[(Vec<u8>, f64)], &'static str> {
        match self.entries.get(key) {
            None => Ok(&[]),
            Some(KvValue::SortedSet(s)) => Ok(s),
            Some(_) => Err(WRONG_TYPE),
        }
    }
}

/// Redis-style glob: `*` any run, `?` any one character, `\x` a literal `x`.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matcher with single-star backtracking: linear in practice, no recursion.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => {
                pi += 1;
                ti += 1;
                continue;
            }
            Some('\\') if pi + 1 < p.len() && p[pi + 1] == t[ti] => {
                pi += 2;
                ti += 1;
                continue;
            }
            Some(&c) if c != '\\' && c == t[ti] => {
                pi += 1;
                ti += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn glob() {
        assert!(glob_match("*", ""));
        assert!(glob_match("user:*", "user:42"));
        assert!(glob_match("u?er:*2", "user:42"));
        assert!(!glob_match("user:*3", "user:42"));
        assert!(glob_match("a\\*b", "a*b"));
        assert!(!glob_match("a\\*b", "axb"));
        assert!(glob_match("*a*b*", "xxaxxbxx"));
    }

    #[test]
    fn json_store() {
        let kv = KvData::from_json(json!({
            "k": "v", "n": 3, "z": [["a", 2.0], ["b", 1]], "bf": ["x", "y"]
        }))
        .unwrap();
        assert_eq!(kv.get("k").unwrap(), Some(b"v".to_vec()));
        assert_eq!(kv.get("n").unwrap(), Some(b"3".to_vec()));
        assert_eq!(kv.get("missing").unwrap(), None);
        assert!(kv.get("z").is_err());
        assert_eq!(kv.zrange_by_score("z", 0.0, 1.5).unwrap(), vec![(b"b".to_vec(), 1.0)]);
        assert_eq!(kv.zscan("z", "a*").unwrap(), vec![(b"a".to_vec(), 2.0)]);
        assert!(kv.bf_exists("bf", "x").unwrap());
        assert!(!kv.bf_exists("bf", "q").unwrap());
        assert_eq!(kv.scan("*").len(), 4);
        assert!(KvData::from_json(json!([1])).is_err());
    }
}
