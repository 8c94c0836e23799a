//! The world transcripts (`tests/world/*.http`) over real HTTP against the shipped
//! module (`dist/edge-mcp.wasm`) in the runner: the declared HTTP tool calls a real
//! upstream on 127.0.0.1 through the runner's `http-client`, and the KV template reads
//! a real Redis (`--kv-stores edge-mcp=redis://...`, Debian's `redis-server`, started
//! here and stopped by PID) loaded with `tests/world/kv.json`. Directives as in
//! `tests/world.rs`: `# world: base=<value>`, `# world: no-secret`, `# world: no-kv`.

mod common;
#[path = "support/redis_server.rs"]
mod redis_server;
#[path = "../../tests/common/transcript.rs"]
mod transcript;
#[path = "../../tests/world/upstream.rs"]
mod upstream;

use common::{app_wasm, request, Runner};

const TOKEN: &str = "s3cr3t-token-do-not-leak";

#[test]
fn world_transcripts_over_http_with_a_real_upstream_and_redis() {
    let wasm = app_wasm();
    let upstream = upstream::Upstream::start();
    let redis = redis_server::RedisServer::start();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/world");
    let kv: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("kv.json")).unwrap()).unwrap();
    redis.load_json(&kv);
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "http")).collect();
    files.sort();
    let (mut ran, mut failures) = (0, Vec::new());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let t = transcript::parse(&name, &text);
        let directive = |d: &str| text.lines().any(|l| l.trim() == format!("# world: {d}"));
        let base = text.lines().find_map(|l| l.trim().strip_prefix("# world: base=")).map(str::to_string).unwrap_or_else(|| upstream.base());
        let mut args: Vec<String> = vec!["-e".into(), format!("GITHUB_API_BASE={base}")];
        for (k, v) in &t.config {
            args.extend(["-e".into(), format!("{k}={v}")]);
        }
        if !directive("no-secret") {
            args.extend(["-s".into(), format!("GITHUB_TOKEN={TOKEN}")]);
        }
        if !directive("no-kv") {
            args.extend(["--kv-stores".into(), format!("edge-mcp={}", redis.url())]);
        }
        let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let runner = Runner::start(&wasm, &arg_refs);
        for ex in &t.exchanges {
            ran += 1;
            let headers: Vec<(&str, &str)> = ex.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let (status, resp_headers, body) = request(runner.port, &ex.method, &ex.path, &headers, &ex.body);
            if let Err(e) = transcript::check(ex, status, &resp_headers, &body) {
                failures.push(format!("{name}: {e}"));
            }
            assert!(!String::from_utf8_lossy(&body).contains(TOKEN), "{name}: the secret leaked into an answer");
        }
        assert!(!runner.stderr().contains(TOKEN), "{name}: the secret leaked into the log");
    }
    assert!(ran >= 20, "only {ran} exchanges ran");
    assert!(failures.is_empty(), "{} of {ran} exchanges failed over HTTP:\n{}", failures.len(), failures.join("\n"));
}

/// Content changes without a redeploy: the same module, the same runner, a new value.
#[test]
fn kv_content_changes_without_a_redeploy() {
    let redis = redis_server::RedisServer::start();
    redis.command(&["SET", "note:live", "first"]);
    let store = format!("edge-mcp={}", redis.url());
    let runner = Runner::start(&app_wasm(), &["--kv-stores", &store]);
    let read = || {
        let body = br#"{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"kv://notes/live"}}"#;
        let (_, _, out) = runner.request("POST", "/mcp", &[("content-type", "application/json")], body);
        String::from_utf8(out).unwrap()
    };
    assert!(read().contains(r#""text":"first""#), "{}", read());
    redis.command(&["SET", "note:live", "second"]);
    assert!(read().contains(r#""text":"second""#), "{}", read());
}
