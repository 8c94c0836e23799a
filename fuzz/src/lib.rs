//! The fuzzing harness, shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`) and by
//! `tests/fuzz_regressions.rs`, which includes this file with `#[path]` so that every
//! saved reproducer is replayed natively on each `cargo test`.
//!
//! It depends only on `edge_mcp`, `serde_json` and `std`.
//!
//! ## The `handle` input format
//!
//! ```text
//! byte 0   bits 0-2 method (0 POST, 1 GET, 2 OPTIONS, 3 DELETE, 4 PUT, 5 HEAD, 6 PATCH, 7 POST)
//!          bits 3-4 path   (0 /mcp, 1 /mcp?x=1, 2 the metadata path, 3 a custom path)
//!          bits 5-7 config (index into CONFIGS)
//! byte 1   bit 0 no Content-Type        bit 1 odd Content-Type
//!          bit 2 an Accept header       bit 3 an Origin header
//!          bit 4 an Authorization header
//!          bit 5 the session-era MCP-Protocol-Version header
//!          bit 6 the stateless-era headers (2026-07-28 + Mcp-Method + Mcp-Name)
//!          bit 7 custom headers follow
//! byte 2   (only when bit 7 of byte 1 is set) number of custom headers n (mod 8);
//!          then n times: name index byte, value length byte, value bytes
//! rest     the body
//! ```
//!
//! So `\0\0` followed by a JSON-RPC body is "POST /mcp, Content-Type: application/json,
//! that body": the seed corpus is the transcript bodies with that prefix.
#![allow(dead_code)]

use edge_mcp::env::StaticEnv;
use edge_mcp::http::{Method, Request, Response};

pub const TOKEN: &str = "fuzz-s3cret-TOKEN-9f8e7d";

/// Configurations the input can select. Index 7 is deliberately invalid (500s).
pub fn config(index: u8) -> StaticEnv {
    let c = |k: &str, v: &str| (k.to_string(), v.to_string());
    match index & 7 {
        0 => StaticEnv::default(),
        1 => StaticEnv { secrets: vec![c("MCP_BEARER_TOKEN", TOKEN)], ..Default::default() },
        2 => StaticEnv {
            config: vec![c("MCP_ALLOWED_ORIGINS", "https://app.example.com, http://localhost:6274")],
            ..Default::default()
        },
        3 => StaticEnv {
            config: vec![
                c("MCP_AUTH_SERVER", "https://auth.example.com"),
                c("MCP_RESOURCE_URL", "https://mcp.example.com/mcp"),
            ],
            secrets: vec![c("MCP_BEARER_TOKEN", TOKEN)],
        },
        4 => StaticEnv { config: vec![c("MCP_ALLOWED_ORIGINS", "*")], ..Default::default() },
        5 => StaticEnv {
            config: vec![c("PUBLIC_GREETING", "hi \"there\"\n"), c("SECRETISH", "not public")],
            ..Default::default()
        },
        6 => StaticEnv {
            config: vec![c("MCP_AUTH_SERVER", "https://auth.example.com")],
            secrets: vec![c("MCP_BEARER_TOKEN", TOKEN)],
        },
        _ => StaticEnv {
            config: vec![c("MCP_ALLOWED_ORIGINS", "not-an-origin"), c("MCP_AUTH_SERVER", "ftp://x")],
            ..Default::default()
        },
    }
}

/// Whether a configuration can make the handler answer 500.
pub fn config_is_invalid(index: u8) -> bool {
    index & 7 == 7
}

const HEADER_NAMES: [&str; 16] = [
    "content-type",
    "accept",
    "origin",
    "authorization",
    "mcp-protocol-version",
    "mcp-method",
    "mcp-name",
    "host",
    "server_name",
    "Content-Type",
    "ACCEPT",
    "x-real-ip",
    "pop-city",
    "last-event-id",
    "mcp-session-id",
    "x-unknown",
];

const ORIGINS: [&str; 4] = ["https://app.example.com", "https://evil.example", "null", "http://localhost:6274"];
const ACCEPTS: [&str; 4] = ["application/json, text/event-stream", "text/event-stream", "*/*", "application/json;q=0"];
const SESSION_VERSIONS: [&str; 4] = ["2025-03-26", "2025-06-18", "2025-11-25", "1999-01-01"];
const METHODS_HDR: [&str; 4] = ["ping", "tools/call", "tools/list", "resources/read"];

/// A decoded fuzz input: everything `edge_mcp::handle` needs.
pub struct Input {
    pub method: Method,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub config: u8,
}

pub fn decode(data: &[u8]) -> Input {
    let b0 = data.first().copied().unwrap_or(0);
    let b1 = data.get(1).copied().unwrap_or(0);
    let mut rest = data.get(2..).unwrap_or(&[]);
    let method = match b0 & 7 {
        1 => Method::Get,
        2 => Method::Options,
        3 => Method::Delete,
        4 => Method::Put,
        5 => Method::Head,
        6 => Method::Patch,
        _ => Method::Post,
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    let h = |k: &str, v: &str| (k.to_string(), v.to_string());
    if b1 & 1 == 0 {
        let ct = if b1 & 2 == 0 { "application/json" } else { "Application/JSON; charset=utf-8" };
        headers.push(h("content-type", ct));
    } else if b1 & 2 != 0 {
        headers.push(h("content-type", "text/plain"));
    }
    let pick = |list: &[&'static str], seed: u8| list[(seed as usize) % list.len()];
    if b1 & 4 != 0 {
        headers.push(h("accept", pick(&ACCEPTS, b0 >> 3)));
    }
    if b1 & 8 != 0 {
        headers.push(h("origin", pick(&ORIGINS, b0 >> 2)));
    }
    if b1 & 16 != 0 {
        let auth = match (b0 >> 1) & 3 {
            0 => format!("Bearer {TOKEN}"),
            1 => format!("bearer {TOKEN}x"),
            2 => "Basic Zm9vOmJhcg==".to_string(),
            _ => format!("Bearer {}", &TOKEN[..TOKEN.len() - 1]),
        };
        headers.push(("authorization".to_string(), auth));
    }
    if b1 & 32 != 0 {
        headers.push(h("mcp-protocol-version", pick(&SESSION_VERSIONS, b0)));
    }
    if b1 & 64 != 0 {
        headers.push(h("mcp-protocol-version", "2026-07-28"));
        headers.push(h("mcp-method", pick(&METHODS_HDR, b0 >> 4)));
        headers.push(h("mcp-name", if b0 & 0x40 == 0 { "hello" } else { "=?base64?aGVsbG8=?=" }));
    }
    let mut custom_path = None;
    if b1 & 128 != 0 {
        let n = rest.first().copied().unwrap_or(0) % 8;
        rest = rest.get(1..).unwrap_or(&[]);
        for i in 0..n {
            let (Some(&name), Some(&len)) = (rest.first(), rest.get(1)) else { break };
            let len = (len as usize).min(rest.len() - 2);
            let value = String::from_utf8_lossy(&rest[2..2 + len]).into_owned();
            rest = &rest[2 + len..];
            if i == 0 && (b0 >> 3) & 3 == 3 {
                custom_path = Some(value);
                continue;
            }
            headers.push((HEADER_NAMES[(name & 15) as usize].to_string(), value));
        }
    }
    let uri = match (b0 >> 3) & 3 {
        0 => "/mcp".to_string(),
        1 => "/mcp?x=1#f".to_string(),
        2 => "/.well-known/oauth-protected-resource/mcp".to_string(),
        _ => custom_path.unwrap_or_else(|| "https://mcp.example.com/mcp".to_string()),
    };
    Input { method, uri, headers, body: rest.to_vec(), config: b0 >> 5 }
}

/// Runs one decoded input through the handler and checks every invariant; a
/// violation panics with a description (which the fuzzer reports as a crash).
pub fn run(input: &Input) -> Response {
    let env = config(input.config);
    let req = Request { method: input.method, uri: &input.uri, headers: &edge_mcp::http::headers(&input.headers), body: &input.body };
    let resp = edge_mcp::handle(&req, &env);
    // Whatever the client itself put outside `Authorization` may be echoed (an
    // allowed Origin is, by design); the token from `Authorization` never is.
    let token = TOKEN.as_bytes();
    let sent_elsewhere = input.body.windows(token.len()).any(|w| w == token)
        || input.uri.contains(TOKEN)
        || input.headers.iter().any(|(k, v)| !k.eq_ignore_ascii_case("authorization") && v.contains(TOKEN));
    check_response(&resp, config_is_invalid(input.config), !sent_elsewhere);
    resp
}

pub fn run_bytes(data: &[u8]) -> Response {
    run(&decode(data))
}

/// The invariants every response keeps, whatever the request.
pub fn check_response(resp: &Response, may_500: bool, check_token: bool) {
    const EXPECTED: [u16; 11] = [200, 202, 204, 400, 401, 403, 404, 405, 406, 413, 415];
    assert!(
        EXPECTED.contains(&resp.status) || (may_500 && resp.status == 500),
        "unexpected status {}",
        resp.status
    );
    let token = TOKEN.as_bytes();
    if check_token {
        assert!(
            !resp.body.windows(token.len()).any(|w| w == token),
            "the bearer token was echoed in a response body"
        );
        for (name, value) in resp.headers().iter().map(|h| (h.name(), h.value())) {
            assert!(!value.contains(TOKEN), "the bearer token was echoed in header {name}");
        }
    }
    let ct = resp.header_value("content-type").unwrap_or("");
    match resp.status {
        202 | 204 => assert!(resp.body.is_empty(), "{} with a body", resp.status),
        _ => {}
    }
    if ct == "application/json" && matches!(resp.status, 200 | 400 | 404) && !is_metadata(resp) {
        check_jsonrpc_body(&resp.body);
    } else if ct == "text/event-stream" {
        check_sse(&resp.body);
    } else if ct == "application/json" {
        parse_json(&resp.body);
    }
}

fn is_metadata(resp: &Response) -> bool {
    resp.body.starts_with(b"{\"resource\":")
}

/// Parses a response body as JSON (RFC 8259). serde_json refuses numbers beyond
/// f64's range, which are valid JSON and which the server echoes as ids byte for
/// byte; for those the body is checked with the scanner and read through `Cursor`,
/// such numbers becoming strings.
pub fn parse_json(body: &[u8]) -> serde_json::Value {
    match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) if serde_only_refusal(&e) => match edge_mcp::json::scan(body) {
            Ok(top) => rebuild_with(edge_mcp::json::Value { buf: body, span: top.value }, true),
            Err(se) => panic!("response body is not JSON ({se:?}): {}", String::from_utf8_lossy(body)),
        },
        Err(e) => panic!("response body is not JSON ({e}): {}", String::from_utf8_lossy(body)),
    }
}

/// A JSON-RPC response, or a non-empty array of them.
pub fn check_jsonrpc_body(body: &[u8]) {
    let v = parse_json(body);
    match &v {
        serde_json::Value::Array(items) => {
            assert!(!items.is_empty(), "an empty batch response");
            for item in items {
                check_jsonrpc_response(item);
            }
        }
        _ => check_jsonrpc_response(&v),
    }
}

pub fn check_jsonrpc_response(v: &serde_json::Value) {
    let o = v.as_object().unwrap_or_else(|| panic!("not an object: {v}"));
    assert_eq!(o.get("jsonrpc").and_then(|j| j.as_str()), Some("2.0"), "jsonrpc member: {v}");
    let id = o.get("id").unwrap_or_else(|| panic!("no id: {v}"));
    assert!(id.is_string() || id.is_number() || id.is_null(), "bad id: {v}");
    match (o.get("result"), o.get("error")) {
        (Some(r), None) => assert!(r.is_object(), "result is not an object: {v}"),
        (None, Some(e)) => {
            assert!(e.get("code").is_some_and(|c| c.is_i64()), "error.code: {v}");
            assert!(e.get("message").is_some_and(|m| m.is_string()), "error.message: {v}");
        }
        _ => panic!("needs exactly one of result and error: {v}"),
    }
    let allowed = ["jsonrpc", "id", "result", "error"];
    assert!(o.keys().all(|k| allowed.contains(&k.as_str())), "extra members: {v}");
}

/// A finite SSE stream: `event: message` / `data: <json>` / blank line, repeated;
/// every message is a notification except the last, which is the response.
pub fn check_sse(body: &[u8]) {
    let text = std::str::from_utf8(body).expect("SSE body is not UTF-8");
    assert!(text.ends_with("\n\n"), "SSE stream does not end with a blank line");
    let events: Vec<&str> = text.trim_end_matches('\n').split("\n\n").collect();
    assert!(!events.is_empty());
    for (i, event) in events.iter().enumerate() {
        let data = event
            .strip_prefix("event: message\ndata: ")
            .unwrap_or_else(|| panic!("malformed SSE event: {event:?}"));
        assert!(!data.contains('\n'), "multi-line SSE data: {data:?}");
        if i + 1 == events.len() {
            check_jsonrpc_body(data.as_bytes());
        } else {
            let v = parse_json(data.as_bytes());
            assert_eq!(v.get("jsonrpc").and_then(|j| j.as_str()), Some("2.0"));
            assert!(v.get("method").is_some_and(|m| m.is_string()), "not a notification: {v}");
            assert!(v.get("id").is_none(), "notification with an id: {v}");
        }
    }
}

// ---------------------------------------------------------------------------------
// The scanner oracle.

/// Nesting depth of a JSON-ish text, counting brackets outside strings (the same
/// way the scanner counts). Garbage is fine: this is only used to exclude inputs.
pub fn bracket_depth(buf: &[u8]) -> usize {
    let (mut depth, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for &b in buf {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Whether serde_json's error is one the scanner rightly does not share: serde_json
/// refuses numbers outside f64's range, RFC 8259 does not.
pub fn serde_only_refusal(e: &serde_json::Error) -> bool {
    e.to_string().contains("number out of range")
}

/// Checks the scanner against serde_json on arbitrary bytes and walks what it
/// accepts with `Cursor`, rebuilding a `serde_json::Value` that must equal
/// serde_json's own parse.
pub fn check_scan(data: &[u8]) {
    use edge_mcp::json::ScanError;
    let ours = edge_mcp::json::scan(data);
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    let deep = bracket_depth(data) > edge_mcp::limits::MAX_DEPTH as usize;
    match (&ours, &theirs) {
        (Ok(top), Ok(value)) => {
            let root = edge_mcp::json::Value { buf: data, span: top.value };
            let rebuilt = rebuild(root);
            assert_eq!(&rebuilt, value, "Cursor walk differs from serde_json");
            // The recorded top-level children are the root's members/elements.
            let walked: Vec<_> = match root.kind() {
                edge_mcp::json::Kind::Object => root.members().map(|(_, v)| v.span).collect(),
                edge_mcp::json::Kind::Array => root.elements().map(|(_, v)| v.span).collect(),
                _ => Vec::new(),
            };
            let recorded: Vec<_> = top.children.iter().map(|c| c.value).collect();
            assert_eq!(walked, recorded, "top-level children differ from the Cursor walk");
        }
        (Ok(_), Err(e)) => {
            assert!(deep || serde_only_refusal(e), "scan accepted what serde_json refuses ({e})");
        }
        (Err(ScanError::TooDeep(_)), Ok(_)) => assert!(deep, "TooDeep below MAX_DEPTH"),
        (Err(ScanError::TooManyChildren), Ok(value)) => {
            let n = value.as_array().map(|a| a.len()).or_else(|| value.as_object().map(|o| o.len()));
            // (serde_json's map folds duplicate keys, so an object may show fewer.)
            assert!(n.is_some(), "TooManyChildren for a scalar");
        }
        (Err(ScanError::TooManyChildren), Err(e)) => {
            assert!(deep || serde_only_refusal(e), "TooManyChildren for text serde_json refuses ({e})");
        }
        (Err(e), Ok(_)) => {
            assert!(deep, "scan refused ({e:?}) what serde_json accepts");
        }
        (Err(_), Err(_)) => {}
    }
}

/// Rebuilds a validated value through `Cursor` and `text` only: the code paths the
/// handlers use to read requests.
pub fn rebuild(v: edge_mcp::json::Value) -> serde_json::Value {
    rebuild_with(v, false)
}

/// `rebuild`; with `lossy`, numbers serde_json cannot hold become strings.
pub fn rebuild_with(v: edge_mcp::json::Value, lossy: bool) -> serde_json::Value {
    use edge_mcp::json::Kind;
    let rebuild = |v| rebuild_with(v, lossy);
    match v.kind() {
        Kind::Object => {
            let mut map = serde_json::Map::new();
            for (key, value) in v.members() {
                // Last duplicate wins, as in serde_json.
                map.insert(edge_mcp::json::text::unescape(key).into_owned(), rebuild(value));
            }
            serde_json::Value::Object(map)
        }
        Kind::Array => serde_json::Value::Array(v.elements().map(|(_, e)| rebuild(e)).collect()),
        Kind::String => serde_json::Value::String(v.str().expect("a string").to_owned()),
        Kind::Null => {
            assert_eq!(v.bytes(), b"null");
            serde_json::Value::Null
        }
        Kind::Bool => serde_json::Value::Bool(match v.bytes() {
            b"true" => true,
            b"false" => false,
            other => panic!("bad literal {:?}", String::from_utf8_lossy(other)),
        }),
        Kind::Number if lossy => serde_json::from_slice(v.bytes())
            .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(v.bytes()).into_owned())),
        Kind::Number => serde_json::from_slice(v.bytes()).unwrap_or_else(|e| {
            panic!("number span {:?} does not parse: {e}", String::from_utf8_lossy(v.bytes()))
        }),
    }
}
