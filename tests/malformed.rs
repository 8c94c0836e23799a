//! Malformed input, case by case: each gets the right status and JSON-RPC error
//! code, and the same handler (same configuration) still answers a valid request
//! correctly right after.

use edge_mcp::env::StaticEnv;
use edge_mcp::http::{Method, Request, Response};
use edge_mcp::jsonrpc::{INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR};
use edge_mcp::limits::MAX_BODY_BYTES;
use serde_json::{json, Value};

struct Server {
    env: StaticEnv,
}

impl Server {
    fn new() -> Server {
        Server { env: StaticEnv::default() }
    }

    fn post(&self, body: &[u8]) -> Response {
        let headers = vec![("content-type".to_string(), "application/json".to_string())];
        let req = Request { method: Method::Post, uri: "/mcp", headers: &edge_mcp::http::headers(&headers), body };
        edge_mcp::handle(&req, &self.env)
    }

    /// Asserts 400 with error `code` and `id: null`. (No "still answers" check after
    /// it: `handle` keeps no state between calls, natively or in the module, where
    /// every request gets a fresh instance; the runner, which does live on, is
    /// checked after traps and refusals in runner/tests and by the differential test.)
    fn refuses(&self, body: &[u8], code: i64) -> String {
        let resp = self.post(body);
        let shown = String::from_utf8_lossy(body).chars().take(120).collect::<String>();
        assert_eq!(resp.status, 400, "{shown:?} -> {}", String::from_utf8_lossy(&resp.body));
        let v = json_body(&resp);
        assert_eq!(v["jsonrpc"], "2.0");
        assert_eq!(v["id"], Value::Null, "{shown:?}");
        assert_eq!(v["error"]["code"], json!(code), "{shown:?} -> {v}");
        v["error"]["message"].as_str().unwrap().to_string()
    }
}

fn json_body(resp: &Response) -> Value {
    serde_json::from_slice(&resp.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&resp.body)))
}

/// A ping whose id is `id` (raw JSON text, possibly invalid).
fn ping_with_id(id: &str) -> Vec<u8> {
    format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"ping"}}"#).into_bytes()
}

// ------------------------------------------------------------------ UTF-8

#[test]
fn invalid_utf8_is_a_parse_error_naming_the_byte() {
    let s = Server::new();
    let cases: &[&[u8]] = &[
        b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xffing\"}",
        b"{\"jsonrpc\":\"2.0\",\"id\":\"\xc3\",\"method\":\"ping\"}",       // truncated 2-byte sequence
        b"{\"jsonrpc\":\"2.0\",\"id\":\"\xe2\x82\",\"method\":\"ping\"}",   // truncated 3-byte sequence
        b"{\"jsonrpc\":\"2.0\",\"id\":\"\xc0\xaf\",\"method\":\"ping\"}",   // overlong '/'
        b"{\"jsonrpc\":\"2.0\",\"id\":\"\xed\xa0\x80\",\"method\":\"ping\"}", // UTF-8-encoded surrogate
        b"{\"jsonrpc\":\"2.0\",\"id\":\"\xf4\x90\x80\x80\",\"method\":\"ping\"}", // above U+10FFFF
        b"\xef\xbb\xbf{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",  // a BOM is not JSON whitespace
        b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\x80",
    ];
    for body in cases {
        let message = s.refuses(body, PARSE_ERROR);
        assert!(message.starts_with("Parse error"), "{message}");
        if let Err(e) = std::str::from_utf8(body) {
            assert_eq!(message, format!("Parse error: invalid UTF-8 at byte {}", e.valid_up_to()));
        }
    }
}

// ------------------------------------------------------------------ surrogates

#[test]
fn lone_surrogate_escapes_are_parse_errors() {
    let s = Server::new();
    for id in [
        r#""\ud800""#,         // high without low, at the end
        r#""\ud800x""#,        // high followed by a plain character
        r#""\udbff\""#,        // high followed by a quote escape (then unterminated)
        r#""\udc00""#,         // low alone
        r#""\udfff\ud800""#,   // low then high
        r#""\ud800\u0041""#,   // high followed by a non-surrogate escape
        r#""\ud800\ud800""#,   // high followed by another high
        r#""\ud800\n""#,       // high followed by a short escape
        r#""\ud800\udc0""#,    // low escape too short
        r#""\uD83D""#,         // upper-case hex, still lone
        r#""\ud83d\uDE0G""#,   // not hex
    ] {
        s.refuses(&ping_with_id(id), PARSE_ERROR);
        // The same string as a member name and inside params.
        s.refuses(format!(r#"{{{id}:1,"jsonrpc":"2.0","id":1,"method":"ping"}}"#).as_bytes(), PARSE_ERROR);
        s.refuses(
            format!(r#"{{"jsonrpc":"2.0","id":1,"method":"ping","params":{{"a":[{id}]}}}}"#).as_bytes(),
            PARSE_ERROR,
        );
    }
}

#[test]
fn paired_surrogates_and_escapes_are_echoed_byte_for_byte() {
    let s = Server::new();
    for id in [r#""\ud83d\ude00""#, r#""\uD83D\uDE00""#, r#""\u0000""#, r#""a\"b\\c\/d""#, r#""é😀""#] {
        let resp = s.post(&ping_with_id(id));
        assert_eq!(resp.status, 200);
        assert_eq!(resp.body, format!(r#"{{"jsonrpc":"2.0","id":{id},"result":{{}}}}"#).into_bytes());
    }
}

// ------------------------------------------------------------------ NUL and control bytes

#[test]
fn raw_nul_and_control_bytes_are_parse_errors() {
    let s = Server::new();
    let cases: &[&[u8]] = &[
        b"{\"jsonrpc\":\"2.0\",\"id\":\"a\0b\",\"method\":\"ping\"}",
        b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\0\"}",
        b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\0",
        b"\0{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
        b"{\"jsonrpc\":\"2.0\",\0\"id\":1,\"method\":\"ping\"}",
        b"{\"jsonrpc\":\"2.0\",\"id\":1\0,\"method\":\"ping\"}",
        b"{\"jsonrpc\":\"2.0\",\"id\":\"\x1f\",\"method\":\"ping\"}",
        b"{\"jsonrpc\":\"2.0\",\"id\":\"\n\",\"method\":\"ping\"}",
        b"{\"jsonrpc\":\"2.0\",\"id\":\"\t\",\"method\":\"ping\"}",
        b"{\"jsonrpc\":\"2.0\",\x0c\"id\":1,\"method\":\"ping\"}", // form feed is not JSON whitespace
        b"{\"jsonrpc\":\"2.0\",\x0b\"id\":1,\"method\":\"ping\"}", // nor is vertical tab
        b"{\"jsonrpc\":\"2.0\",\xc2\xa0\"id\":1,\"method\":\"ping\"}", // nor NBSP
        b"\0",
    ];
    for body in cases {
        s.refuses(body, PARSE_ERROR);
    }
    // DEL (0x7f) is not a control character in JSON's sense.
    let resp = s.post(b"{\"jsonrpc\":\"2.0\",\"id\":\"\x7f\",\"method\":\"ping\"}");
    assert_eq!(resp.status, 200);
}

// ------------------------------------------------------------------ numbers

#[test]
fn malformed_numbers_are_parse_errors() {
    let s = Server::new();
    for id in [
        "01", "-01", "00", "00.5", "1e", "1e+", "1E-", "1.e3", "-", "-a", ".5", "-.5", "1.", "1.e", "+1", "NaN",
        "nan", "Infinity", "-Infinity", "inf", "0x10", "1_000", "1e1.5", "--1", "1ee2", "0.", "١",
    ] {
        let message = s.refuses(&ping_with_id(id), PARSE_ERROR);
        assert!(message.starts_with("Parse error: invalid JSON at byte"), "{id}: {message}");
        assert!(serde_json::from_slice::<Value>(&ping_with_id(id)).is_err(), "serde_json accepts {id}");
    }
}

#[test]
fn valid_numbers_are_echoed_exactly() {
    let s = Server::new();
    for id in ["0", "-0", "-1", "1.5", "1e3", "1E+3", "-1.25e-7", "0.0", "12345678901234567890123", "1e400"] {
        let resp = s.post(&ping_with_id(id));
        assert_eq!(resp.status, 200, "{id}");
        assert_eq!(resp.body, format!(r#"{{"jsonrpc":"2.0","id":{id},"result":{{}}}}"#).into_bytes());
    }
}

// ------------------------------------------------------------------ literals and structure

#[test]
fn broken_literals_and_structure_are_parse_errors() {
    let s = Server::new();
    let cases: &[&str] = &[
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":tru}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":True}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":nul}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":undefined}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping",}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping"]"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping"}]"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping" "x":1}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":'ping'}"#,
        r#"{jsonrpc:"2.0","id":1,"method":"ping"}"#,
        r#"{"jsonrpc":"2.0","id":1,"method"="ping"}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping",/* c */"x":1}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":[1,,2]}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":[,]}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{,}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{1:2}}"#,
        r#"{"jsonrpc":"2.0","id":"\x","method":"ping"}"#,
        r#"{"jsonrpc":"2.0","id":"\u12","method":"ping"}"#,
        r#"{"jsonrpc":"2.0","id":"unterminated,"method":"ping"}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping"} {}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping"}{"jsonrpc":"2.0","id":2,"method":"ping"}"#,
        "", " ", "\n\t\r ", "{", "}", "[", "]", ",", ":", "\"", "[}", "{]",
    ];
    for body in cases {
        s.refuses(body.as_bytes(), PARSE_ERROR);
    }
}

// ------------------------------------------------------------------ duplicate keys

#[test]
fn duplicate_envelope_keys_are_invalid_requests() {
    let s = Server::new();
    for body in [
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","method":"tools/list"}"#,
        r#"{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}"#,
        r#"{"jsonrpc":"2.0","jsonrpc":"2.0","id":1,"method":"ping"}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{},"params":{}}"#,
        // A key spelled with an escape is refused, so it cannot smuggle a duplicate.
        r#"{"jsonrpc":"2.0","id":1,"method":"ping","m\u0065thod":"tools/list"}"#,
        r#"{"jsonrpc":"2.0","id":1,"m\u0065thod":"ping"}"#,
    ] {
        let message = s.refuses(body.as_bytes(), INVALID_REQUEST);
        assert!(message.starts_with("Invalid Request: "), "{message}");
    }
}

#[test]
fn duplicate_params_keys_are_invalid_params() {
    let s = Server::new();
    for body in [
        r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"hello","name":"edge_info"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"hello","arguments":{},"arguments":{"name":"x"}}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"1","cursor":"2"}}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"hello","n\u0061me":"edge_info"}}"#,
    ] {
        let resp = s.post(body.as_bytes());
        assert_eq!(resp.status, 200, "{body}");
        let v = json_body(&resp);
        assert_eq!(v["id"], json!(1));
        assert_eq!(v["error"]["code"], json!(INVALID_PARAMS), "{body} -> {v}");
    }
}

/// Duplicates deeper inside params are refused too wherever the server reads the
/// member (regressions: `prompts/get` took the first of two values for one argument,
/// and a duplicated `_meta` protocol version was read as absent, which picked the
/// session era for a request an intermediary could read as stateless).
#[test]
fn duplicate_nested_keys_the_server_reads_are_refused() {
    let s = Server::new();
    let resp = s.post(br#"{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"greet","arguments":{"name":"a","name":"b"}}}"#);
    assert_eq!(resp.status, 200);
    let v = json_body(&resp);
    assert_eq!(v["error"]["code"], json!(INVALID_PARAMS), "{v}");
    let resp = s.post(br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"hello","arguments":{"name":"x"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/protocolVersion":"2025-11-25"}}}"#);
    let v = json_body(&resp);
    assert_eq!(v["id"], json!(1));
    assert_eq!(v["error"]["code"], json!(INVALID_PARAMS), "{v}");
    assert_eq!(v["error"]["message"], "duplicate key in _meta");
    // Without the duplicate, the same prompt is answered.
    let resp = s.post(br#"{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"greet","arguments":{"name":"a"}}}"#);
    assert!(json_body(&resp)["result"].is_object());
}

// ------------------------------------------------------------------ size and depth

#[test]
fn ten_megabyte_string_body_is_413() {
    let s = Server::new();
    let mut body = br#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":""#.to_vec();
    body.resize(10 * 1024 * 1024, b'a');
    body.extend_from_slice(br#""}}"#);
    assert!(body.len() > MAX_BODY_BYTES);
    let resp = s.post(&body);
    assert_eq!(resp.status, 413);
    assert!(resp.body.starts_with(b"Payload Too Large"));
}

/// Runs `f` on a thread with a 64 KiB stack: anything recursive per nesting level
/// would overflow it (and abort the test binary) long before 100,000 levels.
#[cfg(not(target_os = "wasi"))]
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(64 * 1024).spawn(f).unwrap().join().unwrap()
}

/// wasm32-wasip1 has no threads: the same inputs run on the main stack, so there
/// these tests check the answers on a 32-bit target and the native run proves the
/// stack bound.
#[cfg(target_os = "wasi")]
fn on_small_stack<T>(f: impl FnOnce() -> T) -> T {
    f()
}

#[test]
fn hundred_thousand_nested_arrays_without_stack_growth() {
    let (status, code) = on_small_stack(|| {
        let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let resp = Server::new().post(body.as_bytes());
        let v: Value = serde_json::from_slice(&resp.body).unwrap();
        (resp.status, v["error"]["code"].as_i64())
    });
    assert_eq!((status, code), (400, Some(PARSE_ERROR)));
}

#[test]
fn deep_nesting_of_every_shape_on_a_small_stack() {
    on_small_stack(|| {
        let s = Server::new();
        let n = 100_000;
        let bodies = [
            "[".repeat(n),                                  // unterminated
            "{\"a\":".repeat(n),                            // objects
            format!("{}{}", "{\"a\":".repeat(n), "}".repeat(n)),
            format!("{}1{}", "[".repeat(n), "]".repeat(n)),
            format!(r#"{{"jsonrpc":"2.0","id":1,"method":"ping","params":{{"x":{}}}}}"#, "[".repeat(n)),
            "]".repeat(n),
            "[{".repeat(n / 2),
        ];
        for body in &bodies {
            s.refuses(body.as_bytes(), PARSE_ERROR);
        }
    });
}

#[test]
fn wide_values_are_fine() {
    // Wide, not deep: a 100,000-element array in params is just bytes to skip.
    let body = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"ping","params":{{"x":[{}0]}}}}"#,
        "[],".repeat(100_000)
    );
    let resp = on_small_stack(move || Server::new().post(body.as_bytes()).status);
    assert_eq!(resp, 200);
}

// ------------------------------------------------------------------ truncation

/// Every prefix of a valid request is either a parse error (400/-32700) or, when
/// the prefix happens to be complete JSON, a proper answer; never a panic.
#[test]
fn every_prefix_of_a_valid_request() {
    let s = Server::new();
    let requests: &[&str] = &[
        r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#,
        r#"  { "jsonrpc" : "2.0" , "id" : "a\"\u00e9\ud83d\ude00" , "method" : "tools/call" , "params" : { "name" : "hello" , "arguments" : { "name" : "x\ny" } } }  "#,
        r#"{"jsonrpc":"2.0","id":-12.5e-3,"method":"tools/list","params":{"cursor":null,"_meta":{"progressToken":1}}}"#,
        r#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":2,"result":{}}]"#,
        r#"{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}"#,
        "{\"jsonrpc\":\"2.0\",\"id\":\"é😀\",\"method\":\"ping\"}",
    ];
    let mut checked = 0;
    for request in requests {
        let bytes = request.as_bytes();
        for end in 0..=bytes.len() {
            let prefix = &bytes[..end];
            let resp = s.post(prefix);
            let complete = serde_json::from_slice::<Value>(prefix).is_ok();
            if !complete {
                assert_eq!(resp.status, 400, "prefix {end} of {request}");
                let v = json_body(&resp);
                assert_eq!(v["error"]["code"], json!(PARSE_ERROR), "prefix {end} of {request}: {v}");
            } else {
                assert!(matches!(resp.status, 200 | 202), "{request} -> {}", resp.status);
            }
            checked += 1;
        }
    }
    assert!(checked > 500);
}

// ------------------------------------------------------------------ JSON, but not JSON-RPC

#[test]
fn valid_json_that_is_not_a_message() {
    let s = Server::new();
    for (body, want) in [
        ("null", "message must be an object"),
        ("42", "message must be an object"),
        ("\"ping\"", "message must be an object"),
        ("true", "message must be an object"),
        ("{}", "jsonrpc must be \"2.0\""),
        (r#"{"jsonrpc":"2.0"}"#, "method must be a string"),
        (r#"{"jsonrpc":"2.0","id":1}"#, "method must be a string"),
        (r#"{"jsonrpc":2.0,"id":1,"method":"ping"}"#, "jsonrpc must be \"2.0\""),
        (r#"{"jsonrpc":"2.0 ","id":1,"method":"ping"}"#, "jsonrpc must be \"2.0\""),
        (r#"{"jsonrpc":"2.0","id":1,"method":7}"#, "method must be a string"),
        (r#"{"jsonrpc":"2.0","id":1,"method":null}"#, "method must be a string"),
        (r#"{"jsonrpc":"2.0","id":1,"method":["ping"]}"#, "method must be a string"),
        (r#"{"jsonrpc":"2.0","id":1,"method":{"name":"ping"}}"#, "method must be a string"),
        (r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":"x"}"#, "params must be an object"),
        (r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":1}"#, "params must be an object"),
        (r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":null}"#, "params must be an object"),
        (r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":false}"#, "params must be an object"),
        (r#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, "id must be a string or number"),
        (r#"{"jsonrpc":"2.0","id":{},"method":"ping"}"#, "id must be a string or number"),
        (r#"{"jsonrpc":"2.0","id":[1],"method":"ping"}"#, "id must be a string or number"),
        (r#"{"jsonrpc":"2.0","id":true,"method":"ping"}"#, "id must be a string or number"),
        (r#"{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}"#, "both result and error"),
        (r#"{"jsonrpc":"2.0","result":{}}"#, "a response needs an id and no method"),
        (r#"{"jsonrpc":"2.0","id":1,"method":"ping","result":{}}"#, "a response needs an id and no method"),
        ("[]", "empty batch"),
    ] {
        let message = s.refuses(body.as_bytes(), INVALID_REQUEST);
        assert!(message.starts_with("Invalid Request: "), "{body}: {message}");
        assert!(message.ends_with(want), "{body}: {message}");
    }
}

#[test]
fn batches_of_non_messages_answer_each_element() {
    let s = Server::new();
    for (body, n) in [("[1,2,3]", 3), (r#"[null,"x",[],{}]"#, 4), (r#"[{"jsonrpc":"2.0","id":1,"method":"ping"},7]"#, 2)] {
        let resp = s.post(body.as_bytes());
        assert_eq!(resp.status, 200, "{body}");
        let v = json_body(&resp);
        let items = v.as_array().unwrap_or_else(|| panic!("{body} -> {v}"));
        assert_eq!(items.len(), n, "{body} -> {v}");
        for item in items {
            if item["id"] == json!(1) {
                assert_eq!(item["result"], json!({}));
            } else {
                assert_eq!(item["id"], Value::Null);
                assert_eq!(item["error"]["code"], json!(INVALID_REQUEST), "{body} -> {v}");
            }
        }
    }
}

#[test]
fn a_batch_of_only_notifications_and_responses_is_202() {
    let s = Server::new();
    let resp = s.post(br#"[{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":9,"result":{}}]"#);
    assert_eq!(resp.status, 202);
    assert!(resp.body.is_empty());
}

#[test]
fn unknown_envelope_members_are_ignored_and_methods_are_case_sensitive() {
    let s = Server::new();
    let resp = s.post(br#"{"jsonrpc":"2.0","id":1,"method":"ping","extra":{"deep":[1,2,{"x":null}]}}"#);
    assert_eq!(resp.status, 200);
    let resp = s.post(br#"{"jsonrpc":"2.0","id":1,"method":"PING"}"#);
    let v = json_body(&resp);
    assert_eq!(v["error"]["code"], json!(-32601));
}
