//! Every limit in `src/limits.rs`, exactly at the limit (accepted) and one past it
//! (refused with the documented status, code and message). The tests use the
//! constants, never literals, so changing a limit keeps them meaningful.

use edge_mcp::catalog::{self, ty};
use edge_mcp::env::StaticEnv;
use edge_mcp::http::{Method, Request, Response};
use edge_mcp::jsonrpc::{INVALID_REQUEST, PARSE_ERROR};
use edge_mcp::limits::{MAX_ARG_STRING_CHARS, MAX_BATCH_LEN, MAX_BODY_BYTES, MAX_DEPTH};
use serde_json::{json, Value};

fn post(body: &[u8]) -> Response {
    let headers = vec![("content-type".to_string(), "application/json".to_string())];
    let req = Request { method: Method::Post, uri: "/mcp", headers: &edge_mcp::http::headers(&headers), body };
    edge_mcp::handle(&req, &StaticEnv::default())
}

fn body_json(resp: &Response) -> Value {
    serde_json::from_slice(&resp.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&resp.body)))
}

/// Asserts a 400 with a JSON-RPC error of `code` and `id: null`; returns the message.
fn fault(resp: &Response, code: i64) -> String {
    assert_eq!(resp.status, 400, "{}", String::from_utf8_lossy(&resp.body));
    let v = body_json(resp);
    assert_eq!(v["id"], Value::Null);
    assert_eq!(v["error"]["code"], json!(code), "{v}");
    v["error"]["message"].as_str().unwrap().to_string()
}

fn ping_ok(resp: &Response, id: i64) {
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    assert_eq!(body_json(resp), json!({"jsonrpc":"2.0","id":id,"result":{}}));
}

const PING: &str = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;

// ---------------------------------------------------------------- MAX_BODY_BYTES

fn ping_of_len(len: usize) -> Vec<u8> {
    let mut body = PING.as_bytes().to_vec();
    assert!(body.len() <= len);
    body.resize(len, b' '); // trailing whitespace is part of a JSON text
    body
}

#[test]
fn body_exactly_max_body_bytes_is_answered() {
    let body = ping_of_len(MAX_BODY_BYTES);
    assert_eq!(body.len(), MAX_BODY_BYTES);
    ping_ok(&post(&body), 1);
}

#[test]
fn body_one_past_max_body_bytes_is_413() {
    let resp = post(&ping_of_len(MAX_BODY_BYTES + 1));
    assert_eq!(resp.status, 413);
    let text = String::from_utf8(resp.body.clone()).unwrap();
    assert!(text.starts_with("Payload Too Large"), "{text}");
    // The message names the limit; it must be the constant's value.
    assert!(text.contains(&format!(": over {MAX_BODY_BYTES} bytes")), "{text}");
}

#[test]
fn body_limit_is_checked_before_parsing() {
    // Not JSON at all, but too large: the size rule comes first.
    let resp = post(&vec![b'['; MAX_BODY_BYTES + 1]);
    assert_eq!(resp.status, 413);
}

// ---------------------------------------------------------------- MAX_DEPTH

/// A ping whose params hold arrays nested so that the whole text is `depth` deep
/// (the envelope object is level 1, `params` level 2).
fn ping_with_depth(depth: usize) -> Vec<u8> {
    assert!(depth >= 2);
    let inner = depth - 2;
    format!(r#"{{"jsonrpc":"2.0","id":1,"method":"ping","params":{{"x":{}{}}}}}"#, "[".repeat(inner), "]".repeat(inner))
        .into_bytes()
}

#[test]
fn nesting_exactly_max_depth_is_answered() {
    let body = ping_with_depth(MAX_DEPTH as usize);
    // Cross-check the depth with serde_json (its own limit is 128).
    let v: Value = serde_json::from_slice(&body).unwrap();
    fn depth(v: &Value) -> usize {
        match v {
            Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
            Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }
    assert_eq!(depth(&v), MAX_DEPTH as usize);
    ping_ok(&post(&body), 1);
}

#[test]
fn nesting_one_past_max_depth_is_parse_error() {
    let body = ping_with_depth(MAX_DEPTH as usize + 1);
    let message = fault(&post(&body), PARSE_ERROR);
    // The offending byte is the bracket that opens level MAX_DEPTH + 1.
    let offset = body.iter().enumerate().filter(|(_, &b)| b == b'[' || b == b'{').nth(MAX_DEPTH as usize).unwrap().0;
    assert_eq!(message, format!("Parse error: deeper than MAX_DEPTH ({MAX_DEPTH}) at byte {offset}"));
}

#[test]
fn bare_arrays_at_and_past_max_depth() {
    let d = MAX_DEPTH as usize;
    // At the limit the text parses: a batch whose one element is not an object.
    let at = format!("{}{}", "[".repeat(d), "]".repeat(d));
    let resp = post(at.as_bytes());
    assert_eq!(resp.status, 200);
    assert_eq!(body_json(&resp)[0]["error"]["code"], json!(INVALID_REQUEST));
    let past = format!("{}{}", "[".repeat(d + 1), "]".repeat(d + 1));
    let message = fault(&post(past.as_bytes()), PARSE_ERROR);
    assert!(message.ends_with(&format!("at byte {d}")), "{message}");
}

#[test]
fn depth_message_names_the_constant() {
    let message = fault(&post(ping_with_depth(MAX_DEPTH as usize + 1).as_slice()), PARSE_ERROR);
    assert!(message.contains(&format!("MAX_DEPTH ({MAX_DEPTH})")), "{message}");
}

// ---------------------------------------------------------------- MAX_BATCH_LEN

fn batch(n: usize) -> Vec<u8> {
    let items: Vec<String> = (0..n).map(|i| format!(r#"{{"jsonrpc":"2.0","id":{i},"method":"ping"}}"#)).collect();
    format!("[{}]", items.join(",")).into_bytes()
}

#[test]
fn batch_of_exactly_max_batch_len_is_answered() {
    let resp = post(&batch(MAX_BATCH_LEN));
    assert_eq!(resp.status, 200);
    let v = body_json(&resp);
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), MAX_BATCH_LEN);
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item, &json!({"jsonrpc":"2.0","id":i,"result":{}}));
    }
}

#[test]
fn batch_one_past_max_batch_len_is_refused() {
    let message = fault(&post(&batch(MAX_BATCH_LEN + 1)), INVALID_REQUEST);
    assert!(message.contains(&format!("MAX_BATCH_LEN ({MAX_BATCH_LEN})")), "{message}");
}

/// The member limit never hides a syntax error: JSON that goes wrong after the
/// limit is still a parse error (regression: the scanner used to stop at the
/// limit and answer -32700 "Parse error" for valid JSON, and could not tell the two apart).
#[test]
fn syntax_error_after_the_batch_limit_is_still_a_parse_error() {
    let mut body = batch(MAX_BATCH_LEN + 1);
    body.pop(); // the closing ']'
    body.extend_from_slice(b",]");
    fault(&post(&body), PARSE_ERROR);
    let mut body = ping_with_members(MAX_BATCH_LEN + 1);
    body.pop();
    body.extend_from_slice(b",\"x\":01}");
    fault(&post(&body), PARSE_ERROR);
}

/// A ping with `n` members in its envelope (the four real ones plus padding).
fn ping_with_members(n: usize) -> Vec<u8> {
    assert!(n >= 3);
    let mut s = String::from(r#"{"jsonrpc":"2.0","id":1,"method":"ping""#);
    for i in 0..n - 3 {
        s.push_str(&format!(r#","x{i}":{i}"#));
    }
    s.push('}');
    s.into_bytes()
}

#[test]
fn message_with_exactly_max_batch_len_members_is_answered() {
    let body = ping_with_members(MAX_BATCH_LEN);
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap().as_object().unwrap().len(), MAX_BATCH_LEN);
    ping_ok(&post(&body), 1);
}

#[test]
fn message_with_one_member_past_max_batch_len_is_refused() {
    let message = fault(&post(&ping_with_members(MAX_BATCH_LEN + 1)), INVALID_REQUEST);
    assert!(message.contains(&format!("MAX_BATCH_LEN ({MAX_BATCH_LEN})")), "{message}");
}

#[test]
fn member_limit_is_only_for_the_top_level() {
    // Nested objects and arrays may be larger: only the envelope and the batch are bounded.
    let wide: Vec<String> = (0..MAX_BATCH_LEN * 4).map(|i| format!(r#""k{i}":[{}]"#, "0,".repeat(MAX_BATCH_LEN) + "0")).collect();
    let body = format!(r#"{{"jsonrpc":"2.0","id":1,"method":"ping","params":{{{}}}}}"#, wide.join(","));
    ping_ok(&post(body.as_bytes()), 1);
}

// ---------------------------------------------------------------- MAX_ARG_STRING_CHARS

/// Arguments that satisfy every required parameter of `tool` except `skip`.
fn base_arguments(tool: &catalog::Tool, skip: &str) -> serde_json::Map<String, Value> {
    let mut args = serde_json::Map::new();
    for p in tool.params.iter().filter(|p| p.required && p.name != skip) {
        let v = if p.types & ty::STRING != 0 {
            json!("a")
        } else if p.types & (ty::INTEGER | ty::NUMBER) != 0 {
            json!(1)
        } else if p.types & ty::BOOLEAN != 0 {
            json!(true)
        } else if p.types & ty::OBJECT != 0 {
            json!({})
        } else if p.types & ty::ARRAY != 0 {
            json!([])
        } else {
            Value::Null
        };
        args.insert(p.name.to_string(), v);
    }
    args
}

/// Calls `tool` with string argument `param` of `chars` characters (a mix of one-,
/// two- and four-byte characters, and escapes, so that characters, not bytes or
/// escape sequences, are what is counted). Returns the result's first text.
fn call_with_string(tool: &catalog::Tool, param: &str, chars: usize) -> (bool, String) {
    let pattern = ['a', 'é', '😀', '\n', '"'];
    let value: String = (0..chars).map(|i| pattern[i % pattern.len()]).collect();
    assert_eq!(value.chars().count(), chars);
    let mut args = base_arguments(tool, param);
    args.insert(param.to_string(), Value::String(value));
    let body = json!({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":tool.name,"arguments":args}});
    let resp = post(body.to_string().as_bytes());
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    let v = body_json(&resp);
    let result = &v["result"];
    assert!(result.is_object(), "{v}");
    let is_error = result["isError"] == json!(true);
    (is_error, result["content"][0]["text"].as_str().unwrap_or("").to_string())
}

fn too_long_message(param: &str, limit: usize) -> String {
    format!("Invalid arguments: \"{param}\" is longer than {limit} characters")
}

/// Each string parameter of each tool, at its effective limit (the schema's
/// `maxLength`, capped by MAX_ARG_STRING_CHARS) and one character past it.
#[test]
fn tool_string_arguments_at_and_past_their_limit() {
    let mut checked = 0;
    for tool in catalog::TOOLS {
        for p in tool.params.iter().filter(|p| p.types & ty::STRING != 0) {
            let limit = p.max_len.min(MAX_ARG_STRING_CHARS);
            let (_, text) = call_with_string(tool, p.name, limit);
            assert!(!text.contains("is longer than"), "{}.{} at its limit {limit}: {text}", tool.name, p.name);
            let (is_error, text) = call_with_string(tool, p.name, limit + 1);
            assert!(is_error, "{}.{} past its limit", tool.name, p.name);
            assert_eq!(text, too_long_message(p.name, limit));
            checked += 1;
        }
    }
    assert!(checked > 0, "no tool has a string parameter");
}

/// MAX_ARG_STRING_CHARS binds where a schema sets no `maxLength` (build.rs writes
/// `usize::MAX`, see tests/catalog_build.rs) or a larger one. The shipped catalog
/// has no such parameter, so a scratch tool table has both kinds, and the argument
/// check runs on it at exactly MAX_ARG_STRING_CHARS characters and one past.
#[test]
fn max_arg_string_chars_caps_parameters_without_a_smaller_max_length() {
    use edge_mcp::catalog::{Param, Run, Tool};
    const PARAMS: &[Param] = &[
        Param { name: "free", types: ty::STRING, required: false, max_len: usize::MAX },
        Param { name: "wide", types: ty::STRING, required: false, max_len: MAX_ARG_STRING_CHARS * 2 },
    ];
    let scratch = Tool { name: "scratch", params: PARAMS, open: false, run: Run::Static("{\"content\":[]}") };
    let check = |param: &str, chars: usize| {
        let value: String = (0..chars).map(|i| ['a', '\u{e9}', '\u{1F600}'][i % 3]).collect();
        let args = json!({ param: value }).to_string();
        let top = edge_mcp::json::scan(args.as_bytes()).expect("valid JSON");
        edge_mcp::mcp::tools::check_arguments(&scratch, Some(edge_mcp::json::Value { buf: args.as_bytes(), span: top.value }))
    };
    for p in PARAMS {
        assert_eq!(check(p.name, MAX_ARG_STRING_CHARS), Ok(()), "{} at MAX_ARG_STRING_CHARS", p.name);
        assert_eq!(
            check(p.name, MAX_ARG_STRING_CHARS + 1),
            Err(too_long_message(p.name, MAX_ARG_STRING_CHARS)),
            "{} one past MAX_ARG_STRING_CHARS",
            p.name
        );
    }
}

/// Characters are counted after decoding: a `\uXXXX` escape is one character,
/// a surrogate-pair escape is one character.
#[test]
fn argument_length_counts_decoded_characters() {
    let tool = catalog::TOOLS.iter().find(|t| t.name == "hello").expect("the hello tool");
    let p = tool.params.iter().find(|p| p.name == "name").unwrap();
    let limit = p.max_len.min(MAX_ARG_STRING_CHARS);
    for (escape, _) in [("\\u00e9", 'é'), ("\\ud83d\\ude00", '😀'), ("\\n", '\n'), ("\\\"", '"')] {
        for (chars, too_long) in [(limit, false), (limit + 1, true)] {
            let body = format!(
                r#"{{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{"name":"hello","arguments":{{"name":"{}"}}}}}}"#,
                escape.repeat(chars)
            );
            let v = body_json(&post(body.as_bytes()));
            let text = v["result"]["content"][0]["text"].as_str().unwrap().to_string();
            assert_eq!(text == too_long_message("name", limit), too_long, "{escape} x {chars}: {text}");
        }
    }
}

// ---------------------------------------------------------------- the messages

/// The parse-error messages spell the limits out in digits; they must be the
/// constants' values.
#[test]
fn limit_messages_match_the_constants() {
    let deep = fault(&post(&ping_with_depth(MAX_DEPTH as usize + 1)), PARSE_ERROR);
    assert!(deep.contains(&format!("MAX_DEPTH ({MAX_DEPTH})")), "{deep}");
    let wide = fault(&post(&batch(MAX_BATCH_LEN + 1)), INVALID_REQUEST);
    assert!(wide.contains(&format!("MAX_BATCH_LEN ({MAX_BATCH_LEN})")), "{wide}");
    let big = post(&ping_of_len(MAX_BODY_BYTES + 1));
    assert!(String::from_utf8_lossy(&big.body).contains(&MAX_BODY_BYTES.to_string()));
    // And the source's own text, in case a message is ever built differently.
    let src = include_str!("../src/jsonrpc/texts.rs");
    assert!(src.contains(&format!("MAX_DEPTH ({MAX_DEPTH})")));
    assert!(src.contains(&format!("MAX_BATCH_LEN ({MAX_BATCH_LEN})")));
    let transport = include_str!("../src/transport/mod.rs");
    assert!(transport.contains(&format!(": over {MAX_BODY_BYTES} bytes")));
}

// ---------------------------------------------------------------- work per byte

/// Bodies of MAX_BODY_BYTES built to make a careless parser slow: each must be
/// answered quickly (the bound is generous, for debug builds on a loaded machine;
/// anything quadratic in the body would take minutes).
#[test]
fn worst_case_bodies_at_the_size_limit_are_linear() {
    fn pad_to(mut s: String, filler: &str, tail: &str) -> Vec<u8> {
        let room = MAX_BODY_BYTES - s.len() - tail.len();
        let n = room / filler.len();
        s.push_str(&filler.repeat(n));
        s.push_str(tail);
        s.into_bytes()
    }
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("wide params", pad_to(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"#.into(), r#""k":[[[0]]],"#, r#""cursor":"1"}}"#)),
        ("escaped argument", pad_to(r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"hello","arguments":{"name":""#.into(), r"\ud83d\ude00", r#""}}}"#)),
        ("many arguments", pad_to(r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"edge_info","arguments":{"#.into(), r#""a":"\"","#, r#""z":0}}}"#)),
        ("deep and wide", pad_to(r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":["#.into(), &format!("{}{},", "[".repeat(60), "]".repeat(60)), "0]}}"),),
        ("long key", pad_to(r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"hello","arguments":{"name":"x",""#.into(), r"\u0061", r#"":1}}}"#)),
        ("long method", pad_to(r#"{"jsonrpc":"2.0","id":1,"method":""#.into(), "\\\\", r#""}"#)),
    ];
    for (what, body) in &bodies {
        assert!(body.len() <= MAX_BODY_BYTES && body.len() > MAX_BODY_BYTES - 64, "{what}: {}", body.len());
        assert!(serde_json::from_slice::<Value>(body).is_ok(), "{what} is not JSON");
        let start = std::time::Instant::now();
        let resp = post(body);
        let took = start.elapsed();
        assert!(matches!(resp.status, 200 | 400 | 404), "{what}: {}", resp.status);
        assert!(took < std::time::Duration::from_secs(5), "{what} took {took:?}");
    }
    // A batch of MAX_BATCH_LEN large calls.
    let arg = "é".repeat(MAX_BODY_BYTES / MAX_BATCH_LEN / 2 - 64);
    let items: Vec<String> = (0..MAX_BATCH_LEN)
        .map(|i| format!(r#"{{"jsonrpc":"2.0","id":{i},"method":"tools/call","params":{{"name":"hello","arguments":{{"name":"{arg}"}}}}}}"#))
        .collect();
    let body = format!("[{}]", items.join(","));
    assert!(body.len() <= MAX_BODY_BYTES);
    let start = std::time::Instant::now();
    let resp = post(body.as_bytes());
    assert_eq!(resp.status, 200);
    assert_eq!(body_json(&resp).as_array().unwrap().len(), MAX_BATCH_LEN);
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}
