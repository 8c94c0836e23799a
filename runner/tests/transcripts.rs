//! Every `tests/transcripts/*.http` exchange, replayed over real HTTP against the
//! shipped module (`dist/edge-mcp.wasm`, or `$FASTEDGE_TEST_WASM`) in the runner:
//! the proof that the bytes that get uploaded behave exactly as the native tests
//! say. One runner per file, configured by the file's `! config` / `! secret` lines.
//!
//! Exchanges that send a header the platform itself sets (`server_name`,
//! `x-real-ip`, `pop-*`) are skipped here: the runner, like FastEdge, replaces
//! those, so a client cannot choose them; so are `edge_info` calls, which report
//! them. They run natively, and `edge_info` is checked against the runner's own
//! headers in `tests/smoke.sh`.

mod common;
#[path = "../../tests/common/transcript.rs"]
mod transcript;

use common::{app_wasm, request, Runner};

const PLATFORM_HEADERS: [&str; 3] = ["server_name", "x-real-ip", "pop-"];

#[test]
fn transcripts_over_http_against_the_shipped_module() {
    replay("the project's runner", |wasm, args| Some(Runner::start(wasm, args)));
}

/// The same replay in Gcore's own runtime, the reference for how FastEdge treats a module.
/// `scripts/test.sh` always sets `GCORE_FASTEDGE_RUN`; a plain `cargo test` without it says so.
#[test]
fn transcripts_over_http_in_gcores_fastedge_run() {
    if std::env::var_os("GCORE_FASTEDGE_RUN").is_none() {
        println!("GCORE_FASTEDGE_RUN is not set: the replay in Gcore's runtime did not run (scripts/test.sh sets it)");
        return;
    }
    replay("Gcore's fastedge-run", Runner::start_gcore);
}

fn replay(runner_name: &str, start: impl Fn(&std::path::Path, &[&str]) -> Option<Runner>) {
    let wasm = app_wasm();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/transcripts");
    let (mut ran, mut skipped, mut failures) = (0, 0, Vec::new());
    for t in transcript::load_dir(&dir) {
        let mut args: Vec<String> = Vec::new();
        for (k, v) in &t.config {
            args.extend(["-e".into(), format!("{k}={v}")]);
        }
        for (k, v) in &t.secrets {
            args.extend(["-s".into(), format!("{k}={v}")]);
        }
        let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let runner = start(&wasm, &arg_refs).expect("runner");
        for ex in &t.exchanges {
            let sets_platform_header = ex.headers.iter().any(|(k, _)| PLATFORM_HEADERS.iter().any(|p| k.starts_with(p)));
            // edge_info reports the platform headers, which the runner always adds.
            let reads_platform_headers = String::from_utf8_lossy(&ex.body).contains("\"edge_info\"");
            if sets_platform_header || reads_platform_headers {
                skipped += 1;
                continue;
            }
            ran += 1;
            let headers: Vec<(&str, &str)> = ex.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let (status, resp_headers, body) = request(runner.port, &ex.method, &ex.path, &headers, &ex.body);
            if let Err(e) = transcript::check(ex, status, &resp_headers, &body) {
                failures.push(format!("{}: {e}", t.name));
            }
        }
    }
    assert!(ran > 100, "only {ran} exchanges ran");
    assert!(
        failures.is_empty(),
        "{} of {ran} exchanges failed over HTTP in {runner_name}:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{runner_name}: {ran} exchanges over HTTP passed ({skipped} skipped: platform headers)");
}
