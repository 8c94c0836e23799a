//! SEP-2243: `Mcp-Param-*` headers checked against the arguments they mirror. Runs with
//! `--features conformance`, whose fixture `test_custom_header` annotates a string
//! (`Region`), an integer (`Priority`) and a boolean (`Dry-Run`) property; the default
//! catalog has no annotation (and pays nothing for the check: see size-report/).
#![cfg(feature = "conformance")]

use edge_mcp::env::StaticEnv;
use edge_mcp::http::{Method, Request};

const OK: &str = r#""result":{"content":[{"text":"The headers agreed with the arguments.","type":"text"}]"#;

/// A 2026-07-28 `tools/call` of `tool` with `arguments` (JSON) and extra headers;
/// returns (status, body).
fn call(tool: &str, arguments: &str, extra: &[(&str, &str)]) -> (u16, String) {
    let body = format!(
        r#"{{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{{"name":"{tool}","arguments":{arguments},"_meta":{{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{{}}}}}}}}"#
    );
    let mut headers: Vec<(String, String)> = [
        ("content-type", "application/json"),
        ("accept", "application/json, text/event-stream"),
        ("mcp-protocol-version", "2026-07-28"),
        ("mcp-method", "tools/call"),
        ("mcp-name", tool),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    headers.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let req = Request { method: Method::Post, uri: "/mcp", headers: &edge_mcp::http::headers(&headers), body: body.as_bytes() };
    let resp = edge_mcp::handle(&req, &StaticEnv::default());
    (resp.status, String::from_utf8(resp.body).unwrap())
}

fn accepted(arguments: &str, extra: &[(&str, &str)]) {
    let (status, body) = call("test_custom_header", arguments, extra);
    assert_eq!(status, 200, "{arguments} {extra:?}: {body}");
    assert!(body.contains(OK), "{arguments} {extra:?}: {body}");
}

fn rejected(arguments: &str, extra: &[(&str, &str)], names: &str) {
    let (status, body) = call("test_custom_header", arguments, extra);
    assert_eq!(status, 400, "{arguments} {extra:?}: {body}");
    let expected = format!(r#"{{"jsonrpc":"2.0","id":7,"error":{{"code":-32020,"message":"{names} header does not match the argument "#);
    assert!(body.starts_with(&expected), "{arguments} {extra:?}: {body}");
}

#[test]
fn matching_headers_are_accepted() {
    accepted(r#"{"region":"us-west1"}"#, &[("mcp-param-region", "us-west1")]);
    // Header names are caseless; surrounding whitespace is not part of the value.
    accepted(r#"{"region":"us-west1"}"#, &[("MCP-PARAM-REGION", "  us-west1\t")]);
    // Base64 of UTF-8, strictly padded.
    accepted(r#"{"region":"Hello"}"#, &[("mcp-param-region", "=?base64?SGVsbG8=?=")]);
    accepted(r#"{"region":"Hello, 世界"}"#, &[("mcp-param-region", "=?base64?SGVsbG8sIOS4lueVjA==?=")]);
    accepted(r#"{"region":" padded "}"#, &[("mcp-param-region", "=?base64?IHBhZGRlZCA=?=")]);
    accepted(r#"{"region":"=?base64?literal?="}"#, &[("mcp-param-region", "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=")]);
    // Without both the prefix and the suffix a value is literal.
    accepted(r#"{"region":"SGVsbG8="}"#, &[("mcp-param-region", "SGVsbG8=")]);
    accepted(r#"{"region":"=?base64?SGVsbG8="}"#, &[("mcp-param-region", "=?base64?SGVsbG8=")]);
    accepted(r#"{"region":"SGVsbG8=?="}"#, &[("mcp-param-region", "SGVsbG8=?=")]);
    // Integers compare numerically; booleans as true/false.
    accepted(r#"{"region":"r","priority":42}"#, &[("mcp-param-region", "r"), ("mcp-param-priority", "42")]);
    accepted(r#"{"region":"r","priority":42.0}"#, &[("mcp-param-region", "r"), ("mcp-param-priority", "42")]);
    accepted(r#"{"region":"r","priority":-7}"#, &[("mcp-param-region", "r"), ("mcp-param-priority", "-7.00")]);
    accepted(r#"{"region":"r","dry_run":false}"#, &[("mcp-param-region", "r"), ("mcp-param-dry-run", "false")]);
    // A null or absent argument needs no header (the schema check then refuses a null
    // integer as a tool error, not the transport).
    let (status, body) = call("test_custom_header", r#"{"region":"r","priority":null}"#, &[("mcp-param-region", "r")]);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""priority\" must be an integer"}],"isError":true"#), "{body}");
}

#[test]
fn disagreeing_headers_are_400_with_header_mismatch() {
    let region = "Mcp-Param-Region";
    // Missing while the body has the value.
    rejected(r#"{"region":"us-west1"}"#, &[], region);
    // Values are case-sensitive.
    rejected(r#"{"region":"us-west1"}"#, &[("mcp-param-region", "US-WEST1")], region);
    rejected(r#"{"region":"us-west1"}"#, &[("mcp-param-region", "eu-west1")], region);
    // Invalid Base64: bad padding, characters outside the alphabet, non-zero tail bits, not UTF-8.
    rejected(r#"{"region":"Hello"}"#, &[("mcp-param-region", "=?base64?SGVsbG8?=")], region);
    rejected(r#"{"region":"Hello"}"#, &[("mcp-param-region", "=?base64?SGVs!!!bG8=?=")], region);
    rejected(r#"{"region":"Hello"}"#, &[("mcp-param-region", "=?base64?SGVsbG9=?=")], region);
    rejected(r#"{"region":"Hello"}"#, &[("mcp-param-region", "=?base64?/w==?=")], region);
    // A literal value with a byte a client must encode.
    rejected(r#"{"region":"a\u0001b"}"#, &[("mcp-param-region", "a\u{1}b")], region);
    // A header for an argument the body does not carry.
    rejected(r#"{"region":"r"}"#, &[("mcp-param-region", "r"), ("mcp-param-priority", "1")], "Mcp-Param-Priority");
    rejected(r#"{"region":"r","priority":null}"#, &[("mcp-param-region", "r"), ("mcp-param-priority", "null")], "Mcp-Param-Priority");
    // Numbers: numerically different, or not an integer text.
    rejected(r#"{"region":"r","priority":42}"#, &[("mcp-param-region", "r"), ("mcp-param-priority", "43")], "Mcp-Param-Priority");
    rejected(r#"{"region":"r","priority":42}"#, &[("mcp-param-region", "r"), ("mcp-param-priority", "42.5")], "Mcp-Param-Priority");
    rejected(r#"{"region":"r","priority":-1}"#, &[("mcp-param-region", "r"), ("mcp-param-priority", "1")], "Mcp-Param-Priority");
    rejected(r#"{"region":"r","dry_run":true}"#, &[("mcp-param-region", "r"), ("mcp-param-dry-run", "True")], "Mcp-Param-Dry-Run");
}

#[test]
fn other_tools_and_the_session_era_are_not_affected() {
    // A tool without annotations ignores Mcp-Param headers.
    let (status, body) = call("test_simple_text", "{}", &[("mcp-param-region", "anything")]);
    assert_eq!(status, 200, "{body}");
    // Session-era clients know nothing of SEP-2243.
    let body = br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"test_custom_header","arguments":{"region":"r"}}}"#;
    let headers = vec![("content-type".to_string(), "application/json".to_string()), ("mcp-protocol-version".to_string(), "2025-11-25".to_string())];
    let req = Request { method: Method::Post, uri: "/mcp", headers: &edge_mcp::http::headers(&headers), body };
    assert_eq!(edge_mcp::handle(&req, &StaticEnv::default()).status, 200);
}
