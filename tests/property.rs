//! Property tests with serde_json as the reference:
//!
//! * generated JSON-RPC requests (random ids, methods, params, whitespace, escapes
//!   and member order): the server's view (`json::scan` + `jsonrpc::Message::parse`,
//!   fed exactly as `src/jsonrpc/post.rs` feeds them) equals serde_json's;
//! * arbitrary bytes, token soups and mutated JSON: `scan` accepts exactly when
//!   serde_json does (within MAX_DEPTH, the top-level member limit, and numbers
//!   serde_json refuses as out of f64 range), and a `Cursor` walk of what it
//!   accepts rebuilds serde_json's value (the oracle is the fuzz target's own,
//!   `fuzz/src/lib.rs`);
//! * `Out::str` round-trips every string through serde_json.
//!
//! Duplicate keys: `scan` accepts them at every level (it validates syntax);
//! `Value::get` refuses them when looked up, and serde_json keeps the last. The
//! Cursor rebuild keeps the last too, so the comparison holds.

#[allow(dead_code, unused_imports)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

#[allow(dead_code)]
#[path = "common/generate.rs"]
mod generate;

use edge_mcp::json::{self, Out, Value as JValue};
use edge_mcp::jsonrpc::{Members, Message};
use generate::*;
use proptest::prelude::*;
use serde_json::Value;

// ------------------------------------------------------------------ the properties

/// The server's view of a message, as `src/jsonrpc/post.rs` builds it.
fn server_view(body: &[u8]) -> Result<(Option<Vec<u8>>, String, Option<Vec<u8>>), String> {
    let top = json::scan(body).map_err(|e| format!("scan: {e:?}"))?;
    assert_eq!(top.first_byte, b'{');
    match Message::parse(Members::Top { body, children: top.children.iter() }) {
        Ok(Some(Message { id: Some(id), method, params })) => {
            Ok((Some(id.bytes().to_vec()), method.to_owned(), params.map(|p| p.bytes().to_vec())))
        }
        // A notification's params are not read.
        Ok(Some(Message { id: None, method, .. })) => Ok((None, method.to_owned(), None)),
        Ok(None) => Err("classified as a response".into()),
        Err(reason) => Err(edge_mcp::jsonrpc::texts::REASONS[reason as usize].to_string()),
    }
}

proptest! {
    // 512 cases by default; PROPTEST_CASES=20000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_requests_are_seen_as_serde_json_sees_them(req in request()) {
        let text = req.text();
        let body = text.as_bytes();
        let reference: Value = serde_json::from_slice(body).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        let (id, method, params) = server_view(body).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        // id: the raw bytes, re-parsed, are serde_json's id.
        match (&id, reference.get("id")) {
            (Some(raw), Some(want)) => {
                let got: Value = serde_json::from_slice(raw).unwrap();
                prop_assert_eq!(&got, want);
                // And they are exactly the bytes sent (ids are echoed byte for byte).
                prop_assert_eq!(String::from_utf8(raw.clone()).unwrap(), req.id.clone().unwrap());
            }
            (None, None) => {}
            (got, want) => prop_assert!(false, "id {:?} vs {:?}", got, want),
        }
        // method: decoded, equal to what was encoded.
        prop_assert_eq!(&method, &req.method);
        prop_assert_eq!(Some(&Value::String(method.clone())), reference.get("method"));
        // params: the span parses to serde_json's params, and so does a Cursor walk.
        if id.is_some() {
            match (&params, reference.get("params")) {
                (Some(span), Some(want)) => {
                    let got: Value = serde_json::from_slice(span).unwrap();
                    prop_assert_eq!(&got, want);
                    let walked = harness::rebuild(JValue { buf: span, span: json::Span::new(0, span.len()) });
                    prop_assert_eq!(&walked, want);
                }
                (None, None) => {}
                (got, want) => prop_assert!(false, "params {:?} vs {:?}", got, want),
            }
        }
        // The whole handler answers it without a parse or framing error.
        let headers = vec![("content-type".to_string(), "application/json".to_string())];
        let r = edge_mcp::http::Request { method: edge_mcp::http::Method::Post, uri: "/mcp", headers: &edge_mcp::http::headers(&headers), body };
        let resp = edge_mcp::handle(&r, &edge_mcp::env::StaticEnv::default());
        harness::check_response(&resp, false, true);
        if resp.status == 400 {
            let v: Value = serde_json::from_slice(&resp.body).unwrap();
            let code = v["error"]["code"].as_i64().unwrap();
            prop_assert!(code != -32700 && code != -32600, "{}: {}", text, v);
        }
        if let (Some(_), 200) = (&id, resp.status) {
            let v: Value = serde_json::from_slice(&resp.body).unwrap();
            prop_assert_eq!(&v["id"], reference.get("id").unwrap());
        }
    }

    #[test]
    fn generated_values_scan_and_walk_like_serde_json(v in json_value(), seed in any::<u64>()) {
        let mut w = Writer::new(seed);
        w.ws();
        w.value(&v);
        w.ws();
        let text = w.out;
        let top = json::scan(text.as_bytes());
        let too_wide = v.as_array().map_or(0, |a| a.len()).max(v.as_object().map_or(0, |o| o.len()))
            > edge_mcp::limits::MAX_BATCH_LEN;
        prop_assert!(top.is_ok() || too_wide, "{:?}: {}", top, text);
        harness::check_scan(text.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_scan_like_serde_json(bytes in prop::collection::vec(any::<u8>(), 0..48)) {
        harness::check_scan(&bytes);
    }

    #[test]
    fn token_soup_scans_like_serde_json(tokens in prop::collection::vec(token(), 0..24)) {
        let text: Vec<u8> = tokens.concat();
        harness::check_scan(&text);
    }

    #[test]
    fn mutated_json_scans_like_serde_json(v in json_value(), seed in any::<u64>(), edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, token()), 1..4)) {
        let mut w = Writer::new(seed);
        w.value(&v);
        let mut text = w.out.into_bytes();
        for (at, kind, tok) in edits {
            let i = at.index(text.len() + 1);
            match kind {
                0 => { text.splice(i..i, tok); }
                1 if i < text.len() => { text.remove(i); }
                _ if i < text.len() => { text.splice(i..i + 1, tok); }
                _ => {}
            }
        }
        harness::check_scan(&text);
    }

    #[test]
    fn out_str_round_trips_through_serde_json(s in tricky_string()) {
        let mut out = Out::new();
        out.str(&s);
        let back: String = serde_json::from_slice(&out.buf).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(&back, &s);
        // Our own scanner accepts it and our own decoder inverts it.
        let top = json::scan(&out.buf).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let v = JValue { buf: &out.buf, span: top.value };
        let decoded = v.str().unwrap().to_owned();
        prop_assert_eq!(&decoded, &s);
        prop_assert_eq!(edge_mcp::json::text::char_len(v.raw_str().unwrap()), s.chars().count());
        // Only ASCII control characters, '"' and '\\' are escaped: the rest is copied.
        let expected_len: usize = 2 + s
            .chars()
            .map(|c| match c {
                '"' | '\\' | '\n' | '\r' | '\t' => 2,
                c if c < ' ' => 6,
                c => c.len_utf8(),
            })
            .sum::<usize>();
        prop_assert_eq!(out.buf.len(), expected_len);
    }

    #[test]
    fn out_int_matches_display(n in any::<i64>()) {
        let mut out = Out::new();
        out.int(n);
        prop_assert_eq!(String::from_utf8(out.buf).unwrap(), n.to_string());
    }
}

/// Fragments, valid and not, to build near-JSON from.
fn token() -> impl Strategy<Value = Vec<u8>> {
    let fixed: Vec<&'static [u8]> = vec![
        b"{", b"}", b"[", b"]", b",", b":", b" ", b"\n", b"\"a\"", b"\"\"", b"\"\\u00e9\"", b"\"\\ud83d\\ude00\"",
        b"\"\\ud800\"", b"\"\\udc00\"", b"\"\\x\"", b"\"\\", b"\"", b"0", b"-0", b"01", b"1.5", b"1.", b".5",
        b"1e5", b"1e", b"-", b"1e400", b"true", b"tru", b"false", b"null", b"nul", b"NaN", b"\0", b"\t", b"\x0c",
        b"\xff", b"\xc3\xa9", b"\"\x01\"", b"\"k\":", b"\"\\/\"", b"\"\\uD800\\uDC00\"", b"-1e-7", b"1E+2",
    ];
    prop_oneof![
        4 => prop::sample::select(fixed).prop_map(|t| t.to_vec()),
        1 => prop::collection::vec(any::<u8>(), 1..3),
    ]
}

#[test]
fn writer_produces_json_serde_json_reads_back() {
    // A sanity check of the generator itself, on a fixed tricky value.
    let v = serde_json::json!({"a\u{0}\"\\/": ["\u{10ffff}é\n", -1, 1.5e300, null, true, {}], "": []});
    for seed in 0..64 {
        let mut w = Writer::new(seed);
        w.value(&v);
        let back: Value = serde_json::from_str(&w.out).unwrap();
        assert_eq!(back, v, "{}", w.out);
    }
}
