//! Runs every `tests/transcripts/*.http` file through the handler natively: the
//! exact code the Wasm module runs, minus the FastEdge glue. (`runner/tests`
//! replays the same files over HTTP against the shipped module.)

mod common;

use common::transcript::{self, check};
use edge_mcp::env::StaticEnv;
use edge_mcp::http::{Method, Request};

fn method(m: &str) -> Method {
    match m {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        "HEAD" => Method::Head,
        "PATCH" => Method::Patch,
        "OPTIONS" => Method::Options,
        other => panic!("unknown method {other}"),
    }
}

#[test]
fn transcripts() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let all = transcript::load_dir(&dir);
    assert!(all.len() >= 10, "expected the transcript files in {}", dir.display());
    let mut failures = Vec::new();
    let mut count = 0;
    for t in &all {
        let env = StaticEnv { config: t.config.clone(), secrets: t.secrets.clone() };
        for ex in &t.exchanges {
            count += 1;
            let req = Request { method: method(&ex.method), uri: &ex.path, headers: &edge_mcp::http::headers(&ex.headers), body: &ex.body };
            let resp = edge_mcp::handle(&req, &env);
            let headers: Vec<(String, String)> = resp.headers().iter().map(|h| (h.name().to_string(), h.value().to_string())).collect();
            if let Err(e) = check(ex, resp.status, &headers, &resp.body) {
                failures.push(format!("{}: {e}", t.name));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} exchanges failed:\n{}", failures.len(), failures.join("\n"));
    println!("{count} exchanges in {} transcripts passed", all.len());
}
