//! The world transcripts (`tests/world/*.http`): declared HTTP tools against a real
//! upstream on 127.0.0.1 and KV items against an in-memory store, natively, through
//! the exact code the module runs (`upstream::testing` stands in for the host calls).
//! `runner/tests/world.rs` replays the same files over HTTP against the shipped module
//! with a real Redis.
//!
//! Each file runs with `GITHUB_API_BASE` pointing at the upstream, the secret
//! `GITHUB_TOKEN`, and the store `edge-mcp` loaded from `tests/world/kv.json`, unless a
//! comment says otherwise: `# world: base=<value>`, `# world: no-secret`, `# world: no-kv`.
//!
//! Not on wasm32-wasip1 (`scripts/test-wasm32.sh`): the upstream is a real TCP server,
//! which a wasip1 test cannot bind; the shipped 32-bit module runs these files over HTTP
//! in `runner/tests/world.rs`.
#![cfg(not(target_os = "wasi"))]

mod common;
#[path = "world/upstream.rs"]
mod upstream;

use common::transcript::{self, check};
use edge_mcp::env::StaticEnv;
use edge_mcp::http::{Method, Request};
use edge_mcp::upstream::testing::{LoopbackHttp, MemoryKv, MemoryStore, WorldEnv};

pub const TOKEN: &str = "s3cr3t-token-do-not-leak";

fn store() -> MemoryStore {
    let json: serde_json::Value = serde_json::from_str(include_str!("world/kv.json")).unwrap();
    let mut s = MemoryStore::default();
    for (k, v) in json.as_object().unwrap() {
        match v {
            serde_json::Value::String(t) => s.values.push((k.clone(), t.clone().into_bytes())),
            serde_json::Value::Array(items) => s.sorted.push((
                k.clone(),
                items.iter().map(|i| (i[0].as_str().unwrap().as_bytes().to_vec(), i[1].as_f64().unwrap())).collect(),
            )),
            _ => panic!("kv.json: {k}"),
        }
    }
    s
}

#[test]
fn world_transcripts() {
    let upstream = upstream::Upstream::start();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/world");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "http")).collect();
    files.sort();
    assert!(files.len() >= 5, "expected the world transcripts in {}", dir.display());
    let (mut count, mut failures) = (0, Vec::new());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let t = transcript::parse(&name, &text);
        let directive = |d: &str| text.lines().any(|l| l.trim() == format!("# world: {d}"));
        let base = text.lines().find_map(|l| l.trim().strip_prefix("# world: base=")).map(str::to_string).unwrap_or_else(|| upstream.base());
        let mut config = t.config.clone();
        config.push(("GITHUB_API_BASE".into(), base));
        let mut secrets = t.secrets.clone();
        if !directive("no-secret") {
            secrets.push(("GITHUB_TOKEN".into(), TOKEN.into()));
        }
        let stores = if directive("no-kv") { vec![] } else { vec![("edge-mcp".to_string(), store())] };
        let env = WorldEnv { base: StaticEnv { config, secrets }, http: Some(Box::new(LoopbackHttp::default())), kv: Some(MemoryKv { stores }) };
        for ex in &t.exchanges {
            count += 1;
            let method = if ex.method == "GET" { Method::Get } else { Method::Post };
            let req = Request { method, uri: &ex.path, headers: &edge_mcp::http::headers(&ex.headers), body: &ex.body };
            let resp = edge_mcp::handle(&req, &env);
            let headers: Vec<(String, String)> = resp.headers().iter().map(|h| (h.name().to_string(), h.value().to_string())).collect();
            if let Err(e) = check(ex, resp.status, &headers, &resp.body) {
                failures.push(format!("{name}: {e}"));
            }
            // Secrets never appear in any answer.
            assert!(!String::from_utf8_lossy(&resp.body).contains(TOKEN), "{name}: the secret leaked");
        }
    }
    assert!(failures.is_empty(), "{} of {count} exchanges failed:\n{}", failures.len(), failures.join("\n"));
    println!("{count} world exchanges passed");
}
