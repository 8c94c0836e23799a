//! `bench`: call an app in-process (no HTTP, no sockets) for the three MCP request kinds and
//! report what a FastEdge request costs: compile time once, then per request the wall time of
//! instantiate + `process`, fuel, and linear memory. With a second app, the same for it and
//! the peer/app ratio of every figure.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Result};
use serde_json::{json, Map, Value};

use crate::app::{App, CallReport, Mode, Outcome};
use crate::component::InputKind;
use crate::host::bindings::gcore::fastedge::http::{Method, Request};
use crate::host::HostConfig;

const WASM_PAGE: usize = 65536;

/// The request kinds, with the exact bodies POSTed to /mcp. `fixed` is a one-byte invalid
/// body: what every request costs before any method runs (the canonical-ABI glue, the
/// transport checks, the parse error and its reply).
const KINDS: &[(&str, &str)] = &[
    (
        "initialize",
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}"#,
    ),
    ("tools/list", r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#),
    (
        "tools/call",
        r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"hello","arguments":{"name":"FastEdge"}}}"#,
    ),
    ("fixed", "x"),
];

fn mcp_request(body: &str) -> Request {
    let headers = [
        ("content-type", "application/json"),
        ("accept", "application/json, text/event-stream"),
        ("mcp-protocol-version", "2025-06-18"),
        ("server_name", "127.0.0.1"),
    ];
    Request {
        method: Method::Post,
        uri: "/mcp".to_string(),
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: Some(body.as_bytes().to_vec()),
    }
}

/// Figures for one request kind of one app, in display order. All numeric, so ratios are generic.
struct KindResult {
    status: u16,
    figures: Vec<(&'static str, f64)>,
}

struct AppResult {
    path: PathBuf,
    input_bytes: usize,
    kind: InputKind,
    compile_ms: f64,
    kinds: Vec<(&'static str, KindResult)>,
}

pub fn run(wasm: &[PathBuf], iterations: usize, json_out: bool, config: Arc<HostConfig>) -> Result<()> {
    if wasm.len() > 2 {
        bail!("bench takes one app and at most one peer (-w APP.wasm [-w PEER.wasm])");
    }
    if iterations == 0 {
        bail!("-n must be at least 1");
    }
    let results = wasm
        .iter()
        .map(|p| bench_app(p, iterations, config.clone()))
        .collect::<Result<Vec<_>>>()?;
    if json_out {
        println!("{}", serde_json::to_string_pretty(&to_json(&results, iterations))?);
    } else {
        print_table(&results, iterations);
    }
    Ok(())
}

fn bench_app(path: &Path, iterations: usize, config: Arc<HostConfig>) -> Result<AppResult> {
    let app = App::load(path, config, Mode::Bench)?;
    let mut kinds = Vec::new();
    // FASTEDGE_BENCH_EXTRA=<body> adds an "extra" kind: a quick way to price one
    // code path (an error path, a large body) while optimising.
    let extra = std::env::var("FASTEDGE_BENCH_EXTRA").ok();
    let extra_kind = extra.as_deref().map(|body| ("extra", body));
    for (name, body) in KINDS.iter().copied().chain(extra_kind) {
        let request = mcp_request(body);
        // One untimed call first: it faults in the code pages and lazy runtime state, which
        // a long-running server has paid for long before a given request arrives.
        let _ = app.call(&request);
        let reports: Vec<CallReport> = (0..iterations).map(|_| app.call(&request)).collect();
        kinds.push((name, summarize(&reports)));
    }
    Ok(AppResult {
        path: path.to_path_buf(),
        input_bytes: app.input_bytes,
        kind: app.kind,
        compile_ms: ms(app.compile_time),
        kinds,
    })
}

fn summarize(reports: &[CallReport]) -> KindResult {
    let first = &reports[0];
    let status = match &first.outcome {
        Outcome::Response(r) => r.status,
        Outcome::Failed { failure, .. } => failure.status(),
    };
    let mut total: Vec<Duration> = reports.iter().map(|r| r.total_time).collect();
    let mut inst: Vec<Duration> = reports.iter().map(|r| r.instantiate_time).collect();
    total.sort();
    inst.sort();
    // Fuel and memory are deterministic for a given request, so the first call stands for all.
    let fuel_inst = first.fuel_instantiate.unwrap_or(0) as f64;
    let fuel_proc = first.fuel_process.unwrap_or(0) as f64;
    let peak = reports.iter().map(|r| r.memory_peak).max().unwrap_or(0);
    KindResult {
        status,
        figures: vec![
            ("median_us", us(percentile(&total, 50))),
            ("p99_us", us(percentile(&total, 99))),
            ("instantiate_median_us", us(percentile(&inst, 50))),
            ("fuel_instantiate", fuel_inst),
            ("fuel_process", fuel_proc),
            ("fuel_total", fuel_inst + fuel_proc),
            ("memory_start_pages", (first.memory_start / WASM_PAGE) as f64),
            ("memory_start_bytes", first.memory_start as f64),
            ("memory_peak_pages", (peak / WASM_PAGE) as f64),
            ("memory_peak_bytes", peak as f64),
        ],
    }
}

/// Nearest-rank percentile of sorted samples.
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn kind_label(k: InputKind) -> &'static str {
    match k {
        InputKind::Module { wasi: true } => "core module, WASI (adapter added)",
        InputKind::Module { wasi: false } => "core module, no WASI",
        InputKind::Component => "component",
    }
}

fn ratio(app: f64, peer: f64) -> Option<f64> {
    (app != 0.0).then(|| peer / app)
}

fn to_json(results: &[AppResult], iterations: usize) -> Value {
    let apps: Vec<Value> = results
        .iter()
        .map(|r| {
            let mut kinds = Map::new();
            for (name, k) in &r.kinds {
                let mut m = Map::new();
                m.insert("status".into(), json!(k.status));
                for (f, v) in &k.figures {
                    m.insert((*f).into(), json!(v));
                }
                kinds.insert((*name).into(), Value::Object(m));
            }
            json!({
                "path": r.path.display().to_string(),
                "module_bytes": r.input_bytes,
                "input": kind_label(r.kind),
                "compile_ms": r.compile_ms,
                "requests": kinds,
            })
        })
        .collect();
    let mut doc = json!({ "iterations": iterations, "apps": apps });
    if let [app, peer] = results {
        let mut kinds = Map::new();
        for ((name, a), (_, p)) in app.kinds.iter().zip(&peer.kinds) {
            let m: Map<String, Value> = a
                .figures
                .iter()
                .zip(&p.figures)
                .map(|((f, av), (_, pv))| ((*f).to_string(), json!(ratio(*av, *pv))))
                .collect();
            kinds.insert((*name).into(), Value::Object(m));
        }
        doc["ratios_peer_over_app"] = json!({
            "module_bytes": ratio(app.input_bytes as f64, peer.input_bytes as f64),
            "compile_ms": ratio(app.compile_ms, peer.compile_ms),
            "requests": kinds,
        });
    }
    doc
}

/// Integers and large values without decimals, small fractional values with one.
fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 || v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn fmt_ratio(r: Option<f64>) -> String {
    r.map(|r| format!("{r:.2}x")).unwrap_or_else(|| "-".into())
}

fn print_table(results: &[AppResult], iterations: usize) {
    let peer = results.get(1);
    let labels = ["app", "peer"];
    for (label, r) in labels.iter().zip(results) {
        println!("{label}: {} ({}, {} bytes, compile {:.1} ms)", r.path.display(), kind_label(r.kind), r.input_bytes, r.compile_ms);
    }
    println!("{iterations} calls per request kind, fresh instance per call (time = instantiate + process)");
    println!();
    let header = if peer.is_some() {
        format!("{:<12} {:<22} {:>14} {:>14} {:>10}", "request", "figure", "app", "peer", "peer/app")
    } else {
        format!("{:<12} {:<22} {:>14}", "request", "figure", "app")
    };
    println!("{header}");
    println!("{}", "-".repeat(header.len()));
    let app = &results[0];
    if let Some(p) = peer {
        println!(
            "{:<12} {:<22} {:>14} {:>14} {:>10}",
            "-", "module_bytes", app.input_bytes, p.input_bytes,
            fmt_ratio(ratio(app.input_bytes as f64, p.input_bytes as f64))
        );
        println!(
            "{:<12} {:<22} {:>14.1} {:>14.1} {:>10}",
            "-", "compile_ms", app.compile_ms, p.compile_ms, fmt_ratio(ratio(app.compile_ms, p.compile_ms))
        );
    } else {
        println!("{:<12} {:<22} {:>14}", "-", "module_bytes", app.input_bytes);
        println!("{:<12} {:<22} {:>14.1}", "-", "compile_ms", app.compile_ms);
    }
    for (i, (name, a)) in app.kinds.iter().enumerate() {
        let p = peer.map(|p| &p.kinds[i].1);
        match p {
            Some(p) => println!("{:<12} {:<22} {:>14} {:>14}", name, "status", a.status, p.status),
            None => println!("{:<12} {:<22} {:>14}", name, "status", a.status),
        }
        for (j, (figure, av)) in a.figures.iter().enumerate() {
            match p {
                Some(p) => {
                    let pv = p.figures[j].1;
                    println!("{:<12} {:<22} {:>14} {:>14} {:>10}", "", figure, fmt_num(*av), fmt_num(pv), fmt_ratio(ratio(*av, pv)));
                }
                None => println!("{:<12} {:<22} {:>14}", "", figure, fmt_num(*av)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentile() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_micros).collect();
        assert_eq!(percentile(&v, 50), Duration::from_micros(50));
        assert_eq!(percentile(&v, 99), Duration::from_micros(99));
        assert_eq!(percentile(&v[..1], 99), Duration::from_micros(1));
    }
}
