//! Shared helpers for tests that run `fastedge-run` as a child process and talk HTTP to it.
//!
//! Use from a test file with `mod common;` then:
//!
//! ```ignore
//! let runner = common::Runner::start(&common::app_wasm(), &["-e", "KEY=value"]);
//! let (status, headers, body) = runner.request("POST", "/mcp", &[("content-type", "application/json")], b"{}");
//! ```
//!
//! No HTTP client crate is needed: [`request`] is a minimal blocking HTTP/1.1 client over
//! `std::net::TcpStream` (one request per connection, `Connection: close`).
//!
//! Wasm modules:
//! - [`app_wasm`]: the artifact under test, from `FASTEDGE_TEST_WASM` or
//!   `<workspace>/dist/edge-mcp.wasm`; panics with a clear message if missing.
//! - [`fixture_wasm`]: the misbehaving test guest in `runner/tests/fixtures/runner-fixtures`,
//!   built on first use into `<workspace>/target/fixtures`.

#![allow(dead_code)] // Each test binary uses a different subset of these helpers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Status, headers (names lowercased, in order) and body of a response.
pub type Reply = (u16, Vec<(String, String)>, Vec<u8>);

/// How long to wait for the runner to print its `listening on` line (covers compiling a
/// large module on a slow machine).
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// Socket read/write timeout of the test client.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// The workspace root (the runner lives in `<root>/runner`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("runner has a parent dir").to_path_buf()
}

/// The app under test: `$FASTEDGE_TEST_WASM`, else `<workspace>/dist/edge-mcp.wasm`.
pub fn app_wasm() -> PathBuf {
    let path = std::env::var_os("FASTEDGE_TEST_WASM")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist/edge-mcp.wasm"));
    assert!(
        path.is_file(),
        "Wasm app not found at {} — build it first, or set FASTEDGE_TEST_WASM=/path/to/app.wasm",
        path.display()
    );
    path
}

/// Targets the fixture guest is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FixtureTarget {
    /// wasm32-unknown-unknown: no WASI imports, wrapped without the adapter.
    Unknown,
    /// wasm32-wasip1: imports WASI, wrapped with the preview1 reactor adapter.
    Wasip1,
}

impl FixtureTarget {
    fn triple(self) -> &'static str {
        match self {
            FixtureTarget::Unknown => "wasm32-unknown-unknown",
            FixtureTarget::Wasip1 => "wasm32-wasip1",
        }
    }
}

/// Path of the fixture guest for `target`, building it once per test process.
pub fn fixture_wasm(target: FixtureTarget) -> PathBuf {
    static BUILT: [OnceLock<PathBuf>; 2] = [OnceLock::new(), OnceLock::new()];
    let slot = &BUILT[target as usize];
    slot.get_or_init(|| build_fixture(target)).clone()
}

fn build_fixture(target: FixtureTarget) -> PathBuf {
    let manifest =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/runner-fixtures/Cargo.toml");
    let target_dir = workspace_root().join("target/fixtures");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--target", target.triple()])
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target_dir)
        // Flags meant for the host build (e.g. from the outer `cargo test`) must not leak in.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo to build the test fixture");
    assert!(
        output.status.success(),
        "building the fixture for {} failed (is the target installed? `rustup target add {}`):\n{}",
        target.triple(),
        target.triple(),
        String::from_utf8_lossy(&output.stderr)
    );
    let wasm = target_dir.join(target.triple()).join("release/runner_fixtures.wasm");
    assert!(wasm.is_file(), "fixture build produced no {}", wasm.display());
    wasm
}

/// A running `fastedge-run http` child on an ephemeral port. Killed (by its own PID) on drop.
pub struct Runner {
    pub port: u16,
    pub child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Runner {
    /// Spawns `fastedge-run http -p 0 -w WASM EXTRA_ARGS...` and waits for its port.
    /// Panics, with the runner's stderr, if it exits or stays silent.
    pub fn start(wasm: &Path, extra_args: &[&str]) -> Runner {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fastedge-run"))
            .args(["http", "-p", "0", "-w"])
            .arg(wasm)
            .args(extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn fastedge-run");

        // Both pipes are drained in the background: a runner blocked on a full pipe would
        // look like a hung server.
        let stderr = drain_stderr(&mut child);
        let (tx, rx) = mpsc::channel();
        let mut out_pipe = BufReader::new(child.stdout.take().expect("piped stdout"));
        std::thread::spawn(move || {
            let mut line = String::new();
            while matches!(out_pipe.read_line(&mut line), Ok(n) if n > 0) {
                let _ = tx.send(line.clone());
                line.clear();
            }
        });

        let deadline = std::time::Instant::now() + START_TIMEOUT;
        let port = loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(addr) = line.trim().strip_prefix("listening on http://127.0.0.1:") {
                        break addr.parse::<u16>().expect("port number");
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    std::thread::sleep(Duration::from_millis(50));
                    panic!(
                        "fastedge-run did not report a port (args {extra_args:?}); stderr:\n{}",
                        stderr.lock().unwrap()
                    );
                }
            }
        };
        Runner { port, child, stderr }
    }

    /// Spawns Gcore's own `fastedge-run http -p PORT -w WASM EXTRA_ARGS...` (the binary
    /// `scripts/install-gcore-runtime.sh` builds, named by `$GCORE_FASTEDGE_RUN`) on a free
    /// port and waits until it accepts connections. `None` when the variable is unset.
    pub fn start_gcore(wasm: &Path, extra_args: &[&str]) -> Option<Runner> {
        let bin = std::env::var_os("GCORE_FASTEDGE_RUN")?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let mut child = Command::new(&bin)
            .args(["http", "-p", &port.to_string(), "-w"])
            .arg(wasm)
            .args(extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {}: {e}", Path::new(&bin).display()));
        let stderr = drain_stderr(&mut child);
        let deadline = std::time::Instant::now() + START_TIMEOUT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if std::time::Instant::now() > deadline || matches!(child.try_wait(), Ok(Some(_))) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("Gcore's fastedge-run did not listen on {port}; stderr:\n{}", stderr.lock().unwrap());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Runner { port, child, stderr })
    }

    /// Sends one request to this runner. See [`request`].
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        request(self.port, method, path, headers, body)
    }

    /// `GET path` with no extra headers; returns status and body as text.
    pub fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request("GET", path, &[], b"");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// Everything the runner wrote to stderr so far (request log lines, errors, guest output).
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Stderr once it contains `needle`, waiting up to 5 s: the runner writes a line before
    /// it answers, but the thread that drains the pipe may not have read it by the time the
    /// answer arrives. Returns what there is if the line never comes, for the assertion.
    pub fn stderr_with(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let text = self.stderr();
            if text.contains(needle) || std::time::Instant::now() > deadline {
                return text;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

/// Collects a child's stderr in the background (a runner blocked on a full pipe would look
/// like a hung server); the text so far is readable at any time.
fn drain_stderr(child: &mut Child) -> Arc<Mutex<String>> {
    let stderr = Arc::new(Mutex::new(String::new()));
    let sink = stderr.clone();
    let mut err_pipe = BufReader::new(child.stderr.take().expect("piped stderr"));
    std::thread::spawn(move || {
        let mut line = String::new();
        while matches!(err_pipe.read_line(&mut line), Ok(n) if n > 0) {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    stderr
}

impl Drop for Runner {
    fn drop(&mut self) {
        // `Child::kill` signals exactly this PID; nothing else is touched.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Minimal blocking HTTP/1.1 client: sends `method path` to 127.0.0.1:port with the given
/// headers and body (Content-Length framing, `Connection: close`), reads the whole reply.
/// Handles Content-Length, chunked and close-delimited bodies. Panics on I/O errors.
pub fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to runner");
    stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();

    let mut head = format!("{method} {path} HTTP/1.1\r\nconnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).expect("write request head");
    stream.write_all(body).expect("write request body");

    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    parse_response(&raw, method == "HEAD")
}

fn parse_response(raw: &[u8], head_only: bool) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header terminator in response: {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..split]).expect("UTF-8 response head");
    let rest = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line: {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());

    let body = if head_only {
        Vec::new()
    } else if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        dechunk(rest)
    } else if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        rest[..len.min(rest.len())].to_vec()
    } else {
        rest.to_vec()
    };
    (status, headers, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = std::str::from_utf8(&data[..eol]).unwrap_or("0");
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// Value of the first header called `name` (lowercase) in a reply's header list.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}
