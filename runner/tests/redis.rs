//! `--kv-stores NAME=redis://HOST:PORT` end to end: a guest reads a real Redis
//! (Debian's `redis-server`, started here on 127.0.0.1 and stopped by PID) through
//! `key-value`, with Gcore's error mapping.

mod common;
#[path = "support/redis_server.rs"]
mod redis_server;

use common::{fixture_wasm, FixtureTarget, Runner};
use redis_server::RedisServer;

fn fixture() -> std::path::PathBuf {
    fixture_wasm(FixtureTarget::Unknown)
}

#[test]
fn guest_reads_a_real_redis() {
    let redis = RedisServer::start();
    redis.command(&["SET", "greeting", "hi from redis"]);
    redis.command(&["ZADD", "board", "1", "x"]);
    let arg = format!("main={}", redis.url());
    let runner = Runner::start(&fixture(), &["--kv-stores", &arg]);
    assert_eq!(runner.get("/kv?main/greeting"), (200, "hi from redis".to_string()));
    assert_eq!(runner.get("/kv?main/absent").0, 404);
    // Content changes without a restart: the store is read per request.
    redis.command(&["SET", "greeting", "changed"]);
    assert_eq!(runner.get("/kv?main/greeting"), (200, "changed".to_string()));
    // GET on a sorted set is a Redis error reply: internal-error, as on Gcore.
    assert_eq!(runner.get("/kv?main/board"), (500, "Error::InternalError".to_string()));
    // A store the app was not given.
    assert_eq!(runner.get("/kv?other/greeting"), (500, "Error::AccessDenied".to_string()));
    drop(redis);
    // Redis gone: internal-error within the fail-fast timeout, not a hung request.
    assert_eq!(runner.get("/kv?main/greeting"), (500, "Error::InternalError".to_string()));
    let log = runner.stderr_with("kv-store: redis get \"greeting\"");
    assert!(log.contains("kv-store: redis get \"greeting\""), "{log}");
}

#[test]
fn file_and_redis_stores_side_by_side() {
    let redis = RedisServer::start();
    redis.command(&["SET", "k", "from redis"]);
    let file = std::env::temp_dir().join(format!("fastedge-run-kv-side-{}.json", std::process::id()));
    std::fs::write(&file, r#"{"k":"from file"}"#).unwrap();
    let (r, f) = (format!("r={}", redis.url()), format!("f={}", file.display()));
    let runner = Runner::start(&fixture(), &["--kv-stores", &r, "--kv-store", &f]);
    assert_eq!(runner.get("/kv?r/k"), (200, "from redis".to_string()));
    assert_eq!(runner.get("/kv?f/k"), (200, "from file".to_string()));
    drop(runner);
    let _ = std::fs::remove_file(file);
}

#[test]
fn malformed_redis_url_is_a_startup_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fastedge-run"))
        .args(["http", "-p", "0", "-w"])
        .arg(fixture())
        .args(["--kv-stores", "main=http://127.0.0.1:1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--kv-stores main") && err.contains("redis://"), "{err}");
}
