//! `--kv-stores NAME=redis://HOST:PORT`: a key-value store read from a real Redis, as
//! Gcore's own `fastedge-run` does it (FastEdge-lib, `crates/key-value-store/src/redis_impl.rs`).
//!
//! The same commands (`GET`, `SCAN MATCH`, `ZRANGEBYSCORE ... WITHSCORES`, `ZSCAN MATCH`,
//! `BF.EXISTS`), the same fail-fast timeouts (100 ms to connect and per reply), and the same
//! error mapping: any Redis or I/O error is `internal-error`, except an error while iterating
//! a `SCAN`/`ZSCAN` cursor, which is `other(message)`. A hand-written RESP2 client over
//! `std::net`: the host calls are synchronous, and five commands do not need a client crate.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{bail, Context, Result};

/// Gcore's `REDIS_CONNECTION_TIMEOUT` and `REDIS_RESPONSE_TIMEOUT`.
const TIMEOUT: Duration = Duration::from_millis(100);
/// A reply larger than this is refused rather than allocated (a local tool's sanity bound).
const MAX_BULK: i64 = 64 << 20;
/// The commands used here answer at most two levels of arrays; deeper is refused, so a
/// hostile server cannot build a value whose (recursive) drop overflows the stack.
const MAX_NESTING: usize = 8;

/// Why a command failed, in the two shapes Gcore's host maps to `key-value.error`.
#[derive(Debug, Clone, PartialEq)]
pub enum RedisError {
    /// Connecting, writing, reading, or an error reply: `internal-error`.
    Internal(String),
    /// A failure while walking a cursor: `other(message)`.
    Iteration(String),
}

/// One RESP2 reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Status(String),
    Error(String),
    Int(i64),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<Reply>>),
}

/// A store: where Redis is, and one idle connection kept for the next request.
pub struct RedisStore {
    address: String,
    db: Option<String>,
    idle: Mutex<Option<BufReader<TcpStream>>>,
}

impl RedisStore {
    /// Parses `redis://HOST[:PORT][/DB]`. Nothing is connected until the first command,
    /// so a runner can start before its Redis does, as Gcore's does per request.
    pub fn new(url: &str) -> Result<Self> {
        let Some(rest) = url.strip_prefix("redis://") else { bail!("expected redis://HOST:PORT, got `{url}`") };
        let (authority, db) = match rest.split_once('/') {
            Some((a, "")) => (a, None),
            Some((a, d)) if d.bytes().all(|b| b.is_ascii_digit()) => (a, Some(d.to_string())),
            Some(_) => bail!("`{url}`: the path must be a database number"),
            None => (rest, None),
        };
        if authority.is_empty() || authority.contains('@') {
            bail!("`{url}`: expected redis://HOST:PORT (no credentials)");
        }
        let address = if authority.rsplit_once(':').is_some_and(|(_, p)| p.parse::<u16>().is_ok()) && !authority.ends_with(']') {
            authority.to_string()
        } else {
            format!("{authority}:6379")
        };
        Ok(RedisStore { address, db, idle: Mutex::new(None) })
    }

    /// Sends one command and reads its reply, reusing the idle connection if there is one.
    /// An error reply comes back as `Reply::Error`; only I/O and protocol failures are `Err`.
    pub fn command(&self, args: &[&[u8]]) -> Result<Reply, String> {
        let taken = self.idle.lock().unwrap_or_else(|e| e.into_inner()).take();
        let mut conn = match taken {
            Some(c) => c,
            None => self.connect()?,
        };
        let reply = exchange(&mut conn, args)?;
        *self.idle.lock().unwrap_or_else(|e| e.into_inner()) = Some(conn);
        Ok(reply)
    }

    fn connect(&self) -> Result<BufReader<TcpStream>, String> {
        let addrs: Vec<_> = self
            .address
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve {}: {e}", self.address))?
            .collect();
        let mut last = format!("no address for {}", self.address);
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, TIMEOUT) {
                Ok(stream) => {
                    stream.set_read_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
                    stream.set_write_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
                    let _ = stream.set_nodelay(true);
                    let mut conn = BufReader::new(stream);
                    if let Some(db) = &self.db {
                        match exchange(&mut conn, &[b"SELECT", db.as_bytes()])? {
                            Reply::Status(_) => {}
                            other => return Err(format!("SELECT {db}: {other:?}")),
                        }
                    }
                    return Ok(conn);
                }
                Err(e) => last = format!("cannot connect to {addr}: {e}"),
            }
        }
        Err(last)
    }

    /// A command whose error reply is a failure too.
    fn checked(&self, args: &[&[u8]]) -> Result<Reply, RedisError> {
        match self.command(args) {
            Ok(Reply::Error(e)) => Err(RedisError::Internal(e)),
            Ok(reply) => Ok(reply),
            Err(e) => Err(RedisError::Internal(e)),
        }
    }

    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, RedisError> {
        match self.checked(&[b"GET", key.as_bytes()])? {
            Reply::Bulk(value) => Ok(value),
            other => Err(unexpected("GET", &other)),
        }
    }

    /// `SCAN 0 MATCH pattern` until the cursor comes back to 0.
    pub fn scan(&self, pattern: &str) -> Result<Vec<String>, RedisError> {
        let mut keys = Vec::new();
        self.walk(&[b"SCAN"], pattern, |items| {
            for item in items {
                keys.push(String::from_utf8(bulk(item)?).map_err(|_| "key is not UTF-8".to_string())?);
            }
            Ok(())
        })?;
        Ok(keys)
    }

    pub fn zrange_by_score(&self, key: &str, min: f64, max: f64) -> Result<Vec<(Vec<u8>, f64)>, RedisError> {
        let (min, max) = (score_arg(min), score_arg(max));
        let reply = self.checked(&[b"ZRANGEBYSCORE", key.as_bytes(), min.as_bytes(), max.as_bytes(), b"WITHSCORES"])?;
        match reply {
            Reply::Array(Some(items)) => pairs(items).map_err(RedisError::Internal),
            other => Err(unexpected("ZRANGEBYSCORE", &other)),
        }
    }

    /// `ZSCAN key 0 MATCH pattern` until the cursor comes back to 0.
    pub fn zscan(&self, key: &str, pattern: &str) -> Result<Vec<(Vec<u8>, f64)>, RedisError> {
        let mut out = Vec::new();
        self.walk(&[b"ZSCAN", key.as_bytes()], pattern, |items| {
            out.extend(pairs(items)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// `BF.EXISTS` needs the RedisBloom module; a Redis without it answers an error
    /// reply, which (as on Gcore) is `internal-error`.
    pub fn bf_exists(&self, key: &str, item: &str) -> Result<bool, RedisError> {
        match self.checked(&[b"BF.EXISTS", key.as_bytes(), item.as_bytes()])? {
            Reply::Int(n) => Ok(n == 1),
            other => Err(unexpected("BF.EXISTS", &other)),
        }
    }

    /// Runs a cursor command (`SCAN`/`ZSCAN`) to the end. The first call failing is
    /// `internal-error`; a later page failing is `other`, as Gcore's iterator reports it.
    fn walk(
        &self,
        prefix: &[&[u8]],
        pattern: &str,
        mut page: impl FnMut(Vec<Reply>) -> Result<(), String>,
    ) -> Result<(), RedisError> {
        let mut cursor = b"0".to_vec();
        let mut first = true;
        loop {
            let mut args: Vec<&[u8]> = prefix.to_vec();
            args.extend([&cursor[..], b"MATCH", pattern.as_bytes()]);
            let fail = |m: String| if first { RedisError::Internal(m) } else { RedisError::Iteration(m) };
            let reply = match self.command(&args) {
                Ok(Reply::Error(e)) | Err(e) => return Err(fail(e)),
                Ok(r) => r,
            };
            let (next, items) = match reply {
                Reply::Array(Some(mut parts)) if parts.len() == 2 => {
                    let items = parts.pop();
                    let next = parts.pop();
                    match (next, items) {
                        (Some(Reply::Bulk(Some(n))), Some(Reply::Array(Some(items)))) => (n, items),
                        _ => return Err(fail("malformed cursor reply".into())),
                    }
                }
                other => return Err(fail(format!("malformed cursor reply {other:?}"))),
            };
            page(items).map_err(fail)?;
            first = false;
            if next == b"0" {
                return Ok(());
            }
            cursor = next;
        }
    }
}

fn unexpected(command: &str, reply: &Reply) -> RedisError {
    RedisError::Internal(format!("{command}: unexpected reply {reply:?}"))
}

fn bulk(reply: Reply) -> Result<Vec<u8>, String> {
    match reply {
        Reply::Bulk(Some(b)) => Ok(b),
        other => Err(format!("expected a bulk string, got {other:?}")),
    }
}

/// `[member, score, member, score, ...]` -> pairs.
fn pairs(items: Vec<Reply>) -> Result<Vec<(Vec<u8>, f64)>, String> {
    let mut out = Vec::with_capacity(items.len() / 2);
    let mut it = items.into_iter();
    while let Some(member) = it.next() {
        let score = bulk(it.next().ok_or("odd number of items in a scored reply")?)?;
        let score = std::str::from_utf8(&score)
            .ok()
            .and_then(parse_score)
            .ok_or_else(|| format!("score {:?} is not a number", String::from_utf8_lossy(&score)))?;
        out.push((bulk(member)?, score));
    }
    Ok(out)
}

fn parse_score(s: &str) -> Option<f64> {
    match s {
        "inf" | "+inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        _ => s.parse().ok(),
    }
}

/// Redis spells the infinities `+inf`/`-inf`; Rust's `Display` would write `inf`.
fn score_arg(x: f64) -> String {
    if x == f64::INFINITY {
        "+inf".into()
    } else if x == f64::NEG_INFINITY {
        "-inf".into()
    } else {
        format!("{x}")
    }
}

/// Writes `args` as a RESP array of bulk strings and reads one reply.
fn exchange(conn: &mut BufReader<TcpStream>, args: &[&[u8]]) -> Result<Reply, String> {
    let mut frame = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        frame.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        frame.extend_from_slice(a);
        frame.extend_from_slice(b"\r\n");
    }
    conn.get_mut().write_all(&frame).map_err(|e| format!("write: {e}"))?;
    read_reply(conn).map_err(|e| format!("{e:#}"))
}

/// Reads one RESP2 reply without recursion: arrays are filled from an explicit stack.
pub fn read_reply(r: &mut impl BufRead) -> Result<Reply> {
    // Each open array: its items so far and how many it still needs.
    let mut stack: Vec<(Vec<Reply>, usize)> = Vec::new();
    loop {
        let mut line = Vec::new();
        r.read_until(b'\n', &mut line).context("read")?;
        if !line.ends_with(b"\r\n") {
            bail!("connection closed mid-reply");
        }
        line.truncate(line.len() - 2);
        let (kind, rest) = line.split_first().context("empty reply line")?;
        let text = || String::from_utf8_lossy(rest).into_owned();
        let number = || -> Result<i64> { text().parse().with_context(|| format!("bad length {:?}", text())) };
        let mut reply = match kind {
            b'+' => Reply::Status(text()),
            b'-' => Reply::Error(text()),
            b':' => Reply::Int(number()?),
            b'$' => match number()? {
                -1 => Reply::Bulk(None),
                n if (0..=MAX_BULK).contains(&n) => {
                    let mut data = vec![0; n as usize + 2];
                    std::io::Read::read_exact(r, &mut data).context("read bulk")?;
                    data.truncate(n as usize);
                    Reply::Bulk(Some(data))
                }
                n => bail!("bulk length {n} out of range"),
            },
            b'*' => match number()? {
                -1 => Reply::Array(None),
                0 => Reply::Array(Some(Vec::new())),
                n if (1..=MAX_BULK).contains(&n) => {
                    if stack.len() == MAX_NESTING {
                        bail!("arrays nested deeper than {MAX_NESTING}");
                    }
                    stack.push((Vec::new(), n as usize));
                    continue;
                }
                n => bail!("array length {n} out of range"),
            },
            other => bail!("unknown reply type {:?}", *other as char),
        };
        // Close every array this reply completes.
        loop {
            match stack.last_mut() {
                None => return Ok(reply),
                Some((items, need)) => {
                    items.push(reply);
                    if items.len() < *need {
                        break;
                    }
                }
            }
            let (items, _) = stack.pop().context("stack")?;
            reply = Reply::Array(Some(items));
        }
    }
}


#[cfg(test)]
#[path = "../tests/support/redis_server.rs"]
mod redis_server;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Result<Reply> {
        read_reply(&mut BufReader::new(bytes))
    }

    #[test]
    fn replies() {
        assert_eq!(parse(b"+OK\r\n").unwrap(), Reply::Status("OK".into()));
        assert_eq!(parse(b"-ERR x\r\n").unwrap(), Reply::Error("ERR x".into()));
        assert_eq!(parse(b":12\r\n").unwrap(), Reply::Int(12));
        assert_eq!(parse(b"$-1\r\n").unwrap(), Reply::Bulk(None));
        assert_eq!(parse(b"$3\r\na\r\n\r\n").unwrap(), Reply::Bulk(Some(b"a\r\n".to_vec())));
        assert_eq!(
            parse(b"*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n:1\r\n").unwrap(),
            Reply::Array(Some(vec![
                Reply::Bulk(Some(b"0".to_vec())),
                Reply::Array(Some(vec![Reply::Bulk(Some(b"a".to_vec())), Reply::Int(1)])),
            ]))
        );
        assert_eq!(parse(b"*0\r\n").unwrap(), Reply::Array(Some(vec![])));
        assert!(parse(b"$5\r\nab").is_err());
        assert!(parse(b"*2\r\n:1\r\n").is_err());
        assert!(parse(b"?x\r\n").is_err());
    }

    #[test]
    fn deep_arrays_are_refused() {
        let nested = |n: usize| [b"*1\r\n".repeat(n), b":1\r\n".to_vec()].concat();
        assert!(parse(&nested(MAX_NESTING)).is_ok());
        assert!(parse(&nested(100_000)).is_err());
    }

    #[test]
    fn urls() {
        assert_eq!(RedisStore::new("redis://127.0.0.1:7000").unwrap().address, "127.0.0.1:7000");
        assert_eq!(RedisStore::new("redis://localhost").unwrap().address, "localhost:6379");
        assert_eq!(RedisStore::new("redis://h:1/2").unwrap().db.as_deref(), Some("2"));
        assert!(RedisStore::new("http://h").is_err());
        assert!(RedisStore::new("redis://u:p@h:1").is_err());
        assert!(RedisStore::new("redis://h/x").is_err());
    }

    use super::redis_server;

    /// Every command against a real Redis, with the file store's semantics alongside.
    #[test]
    fn against_a_real_redis() {
        let server = redis_server::RedisServer::start();
        server.load_json(&serde_json::json!({
            "greeting": "hi", "user:1": "a", "user:2": "b", "board": [["x", 1], ["y", 2.5], ["z", 10]]
        }));
        let store = RedisStore::new(&server.url()).unwrap();
        assert_eq!(store.get("greeting").unwrap(), Some(b"hi".to_vec()));
        assert_eq!(store.get("absent").unwrap(), None);
        // GET on a sorted set is Redis' WRONGTYPE error reply: internal-error on Gcore.
        assert!(matches!(store.get("board"), Err(RedisError::Internal(m)) if m.starts_with("WRONGTYPE")));
        let mut keys = store.scan("user:*").unwrap();
        keys.sort();
        assert_eq!(keys, ["user:1", "user:2"]);
        assert_eq!(store.zrange_by_score("board", 1.0, 2.5).unwrap(), vec![(b"x".to_vec(), 1.0), (b"y".to_vec(), 2.5)]);
        assert_eq!(store.zrange_by_score("board", f64::NEG_INFINITY, f64::INFINITY).unwrap().len(), 3);
        assert_eq!(store.zrange_by_score("absent", 0.0, 1.0).unwrap(), vec![]);
        assert_eq!(store.zscan("board", "z*").unwrap(), vec![(b"z".to_vec(), 10.0)]);
        // Debian's Redis has no RedisBloom: BF.EXISTS is an unknown command, internal-error.
        assert!(matches!(store.bf_exists("bf", "x"), Err(RedisError::Internal(m)) if m.contains("unknown command")));
        // The connection is reused, and survives an error reply.
        assert_eq!(store.get("greeting").unwrap(), Some(b"hi".to_vec()));
        drop(server);
        // Redis gone: a fail-fast internal error, not a hang.
        let started = std::time::Instant::now();
        assert!(matches!(store.get("greeting"), Err(RedisError::Internal(_))));
        assert!(matches!(store.get("greeting"), Err(RedisError::Internal(_))));
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn scan_walks_every_page() {
        let server = redis_server::RedisServer::start();
        for i in 0..500 {
            server.command(&["SET", &format!("k:{i}"), "v"]);
        }
        let store = RedisStore::new(&server.url()).unwrap();
        assert_eq!(store.scan("k:*").unwrap().len(), 500);
        assert_eq!(store.scan("nothing*").unwrap().len(), 0);
    }

    #[test]
    fn scores() {
        assert_eq!(score_arg(f64::INFINITY), "+inf");
        assert_eq!(score_arg(1.5), "1.5");
        assert_eq!(parse_score("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(pairs(vec![Reply::Bulk(Some(b"m".to_vec())), Reply::Bulk(Some(b"2".to_vec()))]).unwrap(), vec![(b"m".to_vec(), 2.0)]);
    }
}
