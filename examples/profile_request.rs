//! Runs one request through the handler N times natively, for instruction-level
//! profiling: `valgrind --tool=callgrind target/release/examples/profile_request tools/list`.
use edge_mcp::env::StaticEnv;
use edge_mcp::http::{Method, Request};

fn main() {
    let kind = std::env::args().nth(1).unwrap_or_else(|| "tools/list".into());
    let body: &[u8] = match kind.as_str() {
        "initialize" => br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}"#,
        "tools/call" => br#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"hello","arguments":{"name":"FastEdge"}}}"#,
        "x" => b"x",
        _ => br#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
    };
    let headers: Vec<(String, String)> = [
        ("content-type", "application/json"),
        ("accept", "application/json, text/event-stream"),
        ("mcp-protocol-version", "2025-06-18"),
        ("server_name", "127.0.0.1:8080"),
        ("x-real-ip", "127.0.0.1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let env = StaticEnv::default();
    let n: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut total = 0;
    for _ in 0..n {
        let req = Request { method: Method::Post, uri: "/mcp", headers: &edge_mcp::http::headers(&headers), body };
        total += edge_mcp::handle(&req, &env).body.len();
    }
    println!("{total}");
}
