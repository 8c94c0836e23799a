//! Command-line behaviour: start-up errors are one line on stderr with a non-zero exit, and
//! `bench` produces its report.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::{fixture_wasm, FixtureTarget};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fastedge-run")).args(args).output().expect("run fastedge-run")
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("fastedge-run-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

/// Asserts a failed start: non-zero exit, a single `error: ...` line mentioning `needle`.
fn assert_one_line_error(out: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "expected failure, got success; stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "expected one line, got: {stderr}");
    assert!(stderr.contains(needle), "expected `{needle}` in: {stderr}");
}

#[test]
fn missing_file() {
    let out = run(&["http", "-p", "0", "-w", "/nonexistent/app.wasm"]);
    assert_one_line_error(&out, "cannot read /nonexistent/app.wasm");
}

#[test]
fn not_wasm() {
    let path = temp_file("not.wasm", b"this is not wasm");
    let out = run(&["http", "-p", "0", "-w", path.to_str().unwrap()]);
    assert_one_line_error(&out, "not a WebAssembly module");
    let _ = std::fs::remove_file(path);
}

#[test]
fn module_without_the_handler_export() {
    // The smallest valid module: magic + version, no sections.
    let path = temp_file("empty.wasm", b"\0asm\x01\0\0\0");
    let out = run(&["http", "-p", "0", "-w", path.to_str().unwrap()]);
    assert_one_line_error(&out, "gcore:fastedge/http-handler#process");
    let _ = std::fs::remove_file(path);
}

#[test]
fn bad_flags() {
    let fixture = fixture_wasm(FixtureTarget::Unknown);
    let fixture = fixture.to_str().unwrap();
    let out = run(&["http", "-p", "0", "-w", fixture, "-e", "NOEQUALS"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected KEY=VALUE"));
    let out = run(&["http", "-p", "0", "-w", fixture, "--no-such-flag"]);
    assert!(!out.status.success());
    let out = run(&["http", "-p", "0", "-w", fixture, "--kv-store", "main=/nonexistent.json"]);
    assert_one_line_error(&out, "--kv-store main");
}

#[test]
fn bench_reports_json_for_app_and_peer() {
    let app = fixture_wasm(FixtureTarget::Unknown);
    let peer = fixture_wasm(FixtureTarget::Wasip1);
    let out = run(&["bench", "-w", app.to_str().unwrap(), "-w", peer.to_str().unwrap(), "-n", "5", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("bench --json prints JSON");
    assert_eq!(doc["iterations"], 5);
    let apps = doc["apps"].as_array().unwrap();
    assert_eq!(apps.len(), 2);
    for app in apps {
        assert!(app["module_bytes"].as_u64().unwrap() > 0);
        assert!(app["compile_ms"].as_f64().unwrap() > 0.0);
        for kind in ["initialize", "tools/list", "tools/call", "fixed"] {
            let r = &app["requests"][kind];
            // The fixture does not speak MCP: it answers /mcp with 404, which is still a
            // normal response and gets measured.
            assert_eq!(r["status"], 404, "{kind}: {r}");
            assert!(r["fuel_process"].as_f64().unwrap() > 0.0, "{kind}: {r}");
            assert!(r["memory_start_bytes"].as_f64().unwrap() >= 65536.0, "{kind}: {r}");
            assert!(r["memory_peak_bytes"].as_f64().unwrap() >= r["memory_start_bytes"].as_f64().unwrap());
            assert!(r["median_us"].as_f64().unwrap() <= r["p99_us"].as_f64().unwrap());
        }
    }
    assert!(doc["ratios_peer_over_app"]["requests"]["initialize"]["fuel_process"].as_f64().is_some());
}

#[test]
fn bench_table_is_readable() {
    let app = fixture_wasm(FixtureTarget::Unknown);
    let out = run(&["bench", "-w", app.to_str().unwrap(), "-n", "3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in ["compile_ms", "median_us", "p99_us", "fuel_total", "memory_peak_pages", "tools/call"] {
        assert!(text.contains(needle), "missing {needle} in:\n{text}");
    }
}
