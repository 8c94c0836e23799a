//! The differential check: the shipped module (`dist/edge-mcp.wasm`, 32-bit, in the
//! local runner, over real HTTP on 127.0.0.1) and the native `edge_mcp::handle`
//! (64-bit) must give the same answer, status, headers and body, to the same request.
//!
//! Inputs: every file of the fuzz corpus (`fuzz/corpus/handle/`) and of the saved
//! reproducers (`tests/fuzz-corpus/handle-*`), decoded exactly as the fuzz target
//! decodes them (`fuzz/src/lib.rs`: method, path, headers, configuration, body), plus
//! `DIFFERENTIAL_CASES` (default 300) requests from the property tests' generator
//! (`tests/common/generate.rs`), half of them with real method names and arguments.
//!
//! The native side gets the request the runner hands the guest: header names
//! lowercased and grouped by name as hyper's `HeaderMap` keeps them, `host`,
//! `content-length` and `connection` as sent, the platform headers (`server_name`,
//! `x-real-ip`) replaced by the runner's; the path as its `path_and_query`. Inputs
//! that HTTP/1.1 cannot carry faithfully (control bytes or surrounding blanks in a
//! header value, a second `host`, a path with bytes a URI cannot hold) are skipped
//! and counted. For `HEAD` the body is not compared (HTTP sends none).
//!
//! It needs the built module and runner, so it is `#[ignore]`d in the plain
//! `cargo test`; `scripts/test.sh` runs it after the build step:
//! `cargo test -p edge-mcp --test differential -- --ignored`.
#![cfg(not(target_os = "wasi"))] // spawns the runner and talks TCP

#[path = "../fuzz/src/lib.rs"]
mod harness;

#[allow(dead_code)]
#[path = "common/generate.rs"]
mod generate;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use edge_mcp::http::{Method, Request};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Response headers the runner (hyper) owns: framing and the date.
const TRANSPORT_HEADERS: [&str; 4] = ["content-length", "transfer-encoding", "connection", "date"];

/// One `fastedge-run http` child per fuzz configuration, killed by its own PID.
struct Runner {
    port: u16,
    child: Child,
}

impl Runner {
    fn start(config: u8) -> Runner {
        let bin = std::env::var_os("FASTEDGE_RUN")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(ROOT).join("target/runner/fastedge-run"));
        let wasm = std::env::var_os("FASTEDGE_TEST_WASM")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(ROOT).join("dist/edge-mcp.wasm"));
        assert!(bin.is_file(), "no runner at {} (cargo build -p fastedge-run --profile runner)", bin.display());
        assert!(wasm.is_file(), "no module at {} (bash scripts/build.sh)", wasm.display());
        let env = harness::config(config);
        let mut cmd = Command::new(&bin);
        cmd.args(["http", "-p", "0", "-w"]).arg(&wasm);
        for (k, v) in &env.config {
            cmd.arg("-e").arg(format!("{k}={v}"));
        }
        for (k, v) in &env.secrets {
            cmd.arg("-s").arg(format!("{k}={v}"));
        }
        let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("spawn fastedge-run");
        let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        let port = loop {
            line.clear();
            if out.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.kill();
                panic!("fastedge-run (config {config}) exited before reporting its port");
            }
            if let Some(p) = line.trim().strip_prefix("listening on http://127.0.0.1:") {
                break p.parse::<u16>().expect("port number");
            }
        };
        // Keep draining stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = out.read_to_end(&mut sink);
        });
        Runner { port, child }
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A request both sides get, and why one could not be sent, if so.
struct Case {
    label: String,
    method: Method,
    config: u8,
    /// Request target as sent on the wire, and the path-and-query the guest sees.
    target: String,
    guest_uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Maps a decoded fuzz input to a case, or says why HTTP cannot carry it.
fn case_from(label: String, input: harness::Input) -> Result<Case, &'static str> {
    let uri = input.uri.split('#').next().unwrap_or("").to_string();
    let guest_uri = if let Some(rest) = uri.strip_prefix("https://").or_else(|| uri.strip_prefix("http://")) {
        match rest.find('/') {
            Some(i) => rest[i..].to_string(),
            None => "/".to_string(),
        }
    } else {
        uri.clone()
    };
    let uri_ok = |u: &str| {
        u.starts_with('/') && u.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._~!$&'()*+,;=:@%?-".contains(&b))
    };
    if !uri_ok(&guest_uri) {
        return Err("a path a URI cannot hold");
    }
    let mut headers = Vec::new();
    for (k, v) in &input.headers {
        let k = k.to_ascii_lowercase();
        if k == "host" {
            return Err("a second host header");
        }
        if v.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
            return Err("control bytes in a header value");
        }
        if v.starts_with([' ', '\t']) || v.ends_with([' ', '\t']) {
            return Err("blanks around a header value");
        }
        headers.push((k, v.clone()));
    }
    Ok(Case { label, method: input.method, config: input.config & 7, target: uri, guest_uri, headers, body: input.body })
}

/// The headers as the runner hands them to the guest (see `runner/src/server.rs`).
fn guest_headers(case: &Case, port: u16) -> Vec<(String, String)> {
    let mut sent = vec![("host".to_string(), format!("127.0.0.1:{port}"))];
    sent.extend(case.headers.iter().cloned());
    sent.push(("content-length".into(), case.body.len().to_string()));
    sent.push(("connection".into(), "close".into()));
    // hyper's HeaderMap: names in order of first appearance, each with all its values.
    let mut grouped: Vec<(String, String)> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for (k, _) in &sent {
        if !names.contains(&k.as_str()) {
            names.push(k);
        }
    }
    for name in names {
        grouped.extend(sent.iter().filter(|(k, _)| k == name).cloned());
    }
    let added = [("server_name".to_string(), "test.localhost".to_string()), ("x-real-ip".to_string(), "127.0.0.1".to_string())];
    grouped.retain(|(k, _)| !added.iter().any(|(a, _)| a == k));
    grouped.extend(added);
    grouped
}

/// Status, headers (names lowercased), body.
type Reply = (u16, Vec<(String, String)>, Vec<u8>);

/// One request over a fresh connection.
fn send(port: u16, case: &Case) -> Result<Reply, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    let mut head = format!("{} {} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n", case.method.as_str(), case.target);
    for (k, v) in &case.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", case.body.len()));
    stream.write_all(head.as_bytes()).map_err(|e| e.to_string())?;
    stream.write_all(&case.body).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no end of headers")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok((status, headers, raw[split + 4..].to_vec()))
}

fn sorted_without_transport(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut h: Vec<_> = headers.iter().filter(|(k, _)| !TRANSPORT_HEADERS.contains(&k.as_str())).cloned().collect();
    h.sort();
    h
}

/// Compares one case; `Err` describes the difference.
fn compare(runners: &mut BTreeMap<u8, Runner>, case: &Case) -> Result<(), String> {
    let port = runners.entry(case.config).or_insert_with(|| Runner::start(case.config)).port;
    let headers = guest_headers(case, port);
    let req = Request { method: case.method, uri: &case.guest_uri, headers: &edge_mcp::http::headers(&headers), body: &case.body };
    let native = edge_mcp::handle(&req, &harness::config(case.config));
    let (status, wire_headers, body) = send(port, case)?;
    let native_headers: Vec<(String, String)> = native.headers().iter().map(|h| (h.name().to_ascii_lowercase(), h.value().to_string())).collect();
    let mut diffs = Vec::new();
    if status != native.status {
        diffs.push(format!("status: module {status}, native {}", native.status));
    }
    let (a, b) = (sorted_without_transport(&wire_headers), sorted_without_transport(&native_headers));
    if a != b {
        diffs.push(format!("headers: module {a:?}, native {b:?}"));
    }
    if case.method != Method::Head && body != native.body {
        diffs.push(format!(
            "body: module {:?}, native {:?}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&native.body)
        ));
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("; "))
    }
}

fn corpus_cases() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for (dir, prefix) in [("fuzz/corpus/handle", ""), ("tests/fuzz-corpus", "handle-")] {
        let dir = Path::new(ROOT).join(dir);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("dir entry").path();
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            if path.is_file() && name.starts_with(prefix) && name != "README.md" {
                files.push((format!("corpus {}", path.strip_prefix(ROOT).unwrap_or(&path).display()), std::fs::read(&path).expect("read corpus file")));
            }
        }
    }
    files.sort();
    files
}

/// Generated bodies: the property generator as is (mostly unknown methods, every
/// shape of id and params), and the same with real methods and argument shapes.
fn generated_cases(n: usize) -> Vec<(String, Vec<u8>)> {
    const METHODS: [&str; 12] = [
        "initialize", "ping", "tools/list", "tools/call", "resources/list", "resources/read",
        "resources/templates/list", "prompts/list", "prompts/get", "completion/complete",
        "server/discover", "notifications/initialized",
    ];
    let mut runner = TestRunner::deterministic();
    let strategy = generate::request();
    let mut out = Vec::new();
    for i in 0..n {
        let mut req = strategy.new_tree(&mut runner).expect("generate a request").current();
        if i % 2 == 1 {
            req.method = METHODS[i / 2 % METHODS.len()].to_string();
            if let Some(serde_json::Value::Object(p)) = &mut req.params {
                let pick = ["hello", "edge_info", "app_config", "greet", "edge://server/about", "nope"][i % 6];
                p.insert("name".into(), pick.into());
                p.insert("uri".into(), pick.into());
                if i % 4 == 1 {
                    p.insert("cursor".into(), ["1", "0", "4294967296", "x"][i / 4 % 4].into());
                }
            }
        }
        // POST /mcp with a JSON content type and both media types accepted, under
        // the open, origin-list, wildcard and PUBLIC_* configurations in turn.
        let mut bytes = vec![[0u8, 2, 4, 5][i % 4] << 5, 4];
        bytes.extend_from_slice(req.text().as_bytes());
        out.push((format!("generated #{i}"), bytes));
    }
    out
}

#[test]
#[ignore = "needs dist/edge-mcp.wasm and target/runner/fastedge-run: scripts/test.sh runs it with --ignored"]
fn the_shipped_module_answers_as_the_native_handler_does() {
    let n = std::env::var("DIFFERENTIAL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let mut inputs = corpus_cases();
    let corpus = inputs.len();
    assert!(corpus >= 50, "expected the fuzz corpus, found {corpus} files");
    inputs.extend(generated_cases(n));
    let mut runners = BTreeMap::new();
    let (mut compared, mut skipped, mut failures) = (0, BTreeMap::<&str, usize>::new(), Vec::new());
    for (label, data) in inputs {
        match case_from(label, harness::decode(&data)) {
            Err(why) => *skipped.entry(why).or_default() += 1,
            Ok(case) => {
                compared += 1;
                if let Err(e) = compare(&mut runners, &case) {
                    failures.push(format!("{} ({} {}, config {}): {e}", case.label, case.method.as_str(), case.guest_uri, case.config));
                }
            }
        }
    }
    println!("{compared} requests compared ({corpus} corpus files, {n} generated), skipped: {skipped:?}");
    assert!(compared >= corpus / 2 + n, "too many skipped: {skipped:?}");
    assert!(failures.is_empty(), "{} of {compared} differ:\n{}", failures.len(), failures.join("\n"));
}
