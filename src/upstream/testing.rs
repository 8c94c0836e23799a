//! Native stand-ins for the host calls, so tests (and fuzzing) drive exactly the code
//! the module runs: [`WorldEnv`] wraps a [`StaticEnv`] and adds an HTTP client that
//! reaches loopback only ([`LoopbackHttp`], std::net, like the runner's default policy)
//! and in-memory key-value stores ([`MemoryKv`], with Redis' semantics as FastEdge maps
//! them). Not in the module: native builds only.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::env::{Env, StaticEnv};

/// A [`StaticEnv`] plus the upstream host calls.
#[derive(Default)]
pub struct WorldEnv {
    pub base: StaticEnv,
    #[cfg(edge_http)]
    pub http: Option<Box<dyn super::http::HttpClient>>,
    #[cfg(edge_kv)]
    pub kv: Option<MemoryKv>,
}

impl Env for WorldEnv {
    fn config(&self, name: &str) -> Option<String> {
        self.base.config(name)
    }
    fn secret(&self, name: &str) -> Option<String> {
        self.base.secret(name)
    }
    #[cfg(edge_http)]
    fn http(&self) -> Option<&dyn super::http::HttpClient> {
        self.http.as_deref()
    }
    #[cfg(edge_kv)]
    fn kv(&self) -> Option<&dyn super::kv::KvHost> {
        self.kv.as_ref().map(|k| k as &dyn super::kv::KvHost)
    }
}

/// HTTP/1.1 over std::net to loopback hosts only; anything else is
/// `destination-not-allowed`, as the runner and the platform answer it. `https://`
/// (no TLS here) is `request-error`, after the destination check. Redirects are
/// returned, not followed.
#[cfg(edge_http)]
pub struct LoopbackHttp {
    pub timeout: Duration,
}

#[cfg(edge_http)]
impl Default for LoopbackHttp {
    fn default() -> Self {
        LoopbackHttp { timeout: Duration::from_secs(5) }
    }
}

#[cfg(edge_http)]
impl super::http::HttpClient for LoopbackHttp {
    fn send(&self, req: &super::http::OutRequest) -> Result<super::http::OutResponse, super::http::HttpError> {
        use super::http::{HttpError, OutResponse};
        let (https, rest) = match (req.url.strip_prefix("http://"), req.url.strip_prefix("https://")) {
            (Some(r), _) => (false, r),
            (_, Some(r)) => (true, r),
            _ => return Err(HttpError::InvalidUrl),
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = (&rest[..end], if end == rest.len() { "/" } else { &rest[end..] });
        if authority.is_empty() {
            return Err(HttpError::InvalidUrl);
        }
        if !crate::config::loopback_authority(authority) {
            return Err(HttpError::DestinationNotAllowed);
        }
        if https {
            return Err(HttpError::RequestError);
        }
        let addr = if authority.starts_with("localhost") { authority.replacen("localhost", "127.0.0.1", 1) } else { authority.to_string() };
        let addr = if addr.rsplit_once(':').is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok() && !addr.ends_with(']')) { addr } else { addr + ":80" };
        let mut stream = TcpStream::connect(&*addr).map_err(|_| HttpError::RequestError)?;
        let _ = stream.set_read_timeout(Some(self.timeout));
        let method = req.method.as_str();
        let mut head = std::format!("{method} {path} HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\n");
        for h in req.headers {
            head.push_str(&std::format!("{}: {}\r\n", h.name(), h.value()));
        }
        let body = req.body.unwrap_or(&[]);
        head.push_str(&std::format!("content-length: {}\r\n\r\n", body.len()));
        stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body)).map_err(|_| HttpError::RequestError)?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).map_err(|_| HttpError::RequestError)?;
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or(HttpError::RequestError)?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .ok_or(HttpError::RequestError)?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if let Some(n) = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse::<usize>().ok()) {
            body.truncate(n);
        }
        // `Header<'static>`, as the platform's are: leaked here (a test client).
        let headers = headers.into_iter().map(|(k, v)| super::http::Header::new(k.leak(), v.leak())).collect();
        Ok(OutResponse { status, headers, body })
    }
}

/// Named in-memory stores. Opening a name that is not here is `access-denied`, as
/// Gcore's host (and the runner) answer for a store the app was not given.
#[cfg(edge_kv)]
#[derive(Default, Clone)]
pub struct MemoryKv {
    pub stores: Vec<(String, MemoryStore)>,
}

#[cfg(edge_kv)]
#[derive(Default, Clone)]
pub struct MemoryStore {
    pub values: Vec<(String, Vec<u8>)>,
    /// Sorted sets: key -> (member, score), any order.
    pub sorted: Vec<(String, Vec<(Vec<u8>, f64)>)>,
}

#[cfg(edge_kv)]
impl super::kv::KvHost for MemoryKv {
    fn open(&self, name: &str) -> Result<Box<dyn super::kv::KvStore>, super::kv::KvError> {
        match self.stores.iter().find(|(n, _)| n == name) {
            Some((_, s)) => Ok(Box::new(s.clone())),
            None => Err(super::kv::KvError::AccessDenied),
        }
    }
}

#[cfg(edge_kv)]
impl MemoryStore {
    fn sorted(&self, key: &str) -> Result<Vec<(Vec<u8>, f64)>, super::kv::KvError> {
        if self.values.iter().any(|(k, _)| k == key) {
            // Redis' WRONGTYPE, which FastEdge reports as internal-error.
            return Err(super::kv::KvError::InternalError);
        }
        let mut set = self.sorted.iter().find(|(k, _)| k == key).map(|(_, s)| s.clone()).unwrap_or_default();
        set.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        Ok(set)
    }
}

#[cfg(edge_kv)]
impl super::kv::KvStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, super::kv::KvError> {
        if self.sorted.iter().any(|(k, _)| k == key) {
            return Err(super::kv::KvError::InternalError);
        }
        Ok(self.values.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }
    fn scan(&self, pattern: &str) -> Result<Vec<String>, super::kv::KvError> {
        let keys = self.values.iter().map(|(k, _)| k).chain(self.sorted.iter().map(|(k, _)| k));
        Ok(keys.filter(|k| glob(pattern, k)).cloned().collect())
    }
    fn zrange_by_score(&self, key: &str, min: f64, max: f64) -> Result<Vec<(Vec<u8>, f64)>, super::kv::KvError> {
        Ok(self.sorted(key)?.into_iter().filter(|(_, s)| *s >= min && *s <= max).collect())
    }
    fn zscan(&self, key: &str, pattern: &str) -> Result<Vec<(Vec<u8>, f64)>, super::kv::KvError> {
        Ok(self.sorted(key)?.into_iter().filter(|(m, _)| glob(pattern, &String::from_utf8_lossy(m))).collect())
    }
    /// No Bloom filters here (nor in Debian's Redis): internal-error, as there.
    fn bf_exists(&self, _key: &str, _item: &str) -> Result<bool, super::kv::KvError> {
        Err(super::kv::KvError::InternalError)
    }
}

/// Redis-style glob (`*`, `?`), iterative with single-star backtracking.
#[cfg(edge_kv)]
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star) = (0, 0, None);
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}
