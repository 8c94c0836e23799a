//! Transcript files: real HTTP exchanges, written down exactly.
//!
//! ```text
//! # a comment
//! ! config MCP_ALLOWED_ORIGINS=https://app.example     (applies to the whole file)
//! ! secret MCP_BEARER_TOKEN=s3cret
//!
//! > POST /mcp
//! > content-type: application/json
//! >
//! > {"jsonrpc":"2.0","id":1,"method":"ping"}
//! < 200
//! < content-type: application/json
//! <
//! < {"jsonrpc":"2.0","id":1,"result":{}}
//! ```
//!
//! Request lines start with `> `; after the first bare `>` come body lines. The
//! response's status must match; each listed header must be present with exactly
//! that value (`< -name` asserts the header is absent); after the bare `<`, the
//! body must match exactly (lines joined by `\n`, `<.` is an empty line; `<`
//! with no body lines means an empty body). A `<~ text` line instead asserts the body contains `text`.
//! The same files run natively (`tests/transcripts.rs`) and over real HTTP
//! against the shipped module in the local runner (`runner/tests`).
#![allow(dead_code)]

#[derive(Debug, Clone, Default)]
pub struct Transcript {
    pub name: String,
    pub config: Vec<(String, String)>,
    pub secrets: Vec<(String, String)>,
    pub exchanges: Vec<Exchange>,
}

#[derive(Debug, Clone, Default)]
pub struct Exchange {
    pub line: usize,
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub status: u16,
    pub expect_headers: Vec<(String, Option<String>)>,
    pub expect_body: Option<String>,
    pub expect_contains: Vec<String>,
}

pub fn load_dir(dir: &std::path::Path) -> Vec<Transcript> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "http"))
        .collect();
    files.sort();
    files.iter().map(|p| parse(&p.file_name().unwrap().to_string_lossy(), &std::fs::read_to_string(p).unwrap())).collect()
}

pub fn parse(name: &str, text: &str) -> Transcript {
    let mut t = Transcript { name: name.to_string(), ..Default::default() };
    let mut current: Option<Exchange> = None;
    let (mut in_req_body, mut in_resp_body) = (false, false);
    let mut req_body: Vec<String> = Vec::new();
    let mut resp_body: Vec<String> = Vec::new();
    let finish = |ex: &mut Option<Exchange>, rb: &mut Vec<String>, pb: &mut Vec<String>, body_open: bool, out: &mut Vec<Exchange>| {
        if let Some(mut e) = ex.take() {
            e.body = rb.join("\n").into_bytes();
            if body_open {
                e.expect_body = Some(pb.join("\n"));
            }
            out.push(e);
        }
        rb.clear();
        pb.clear();
    };
    let mut resp_body_open = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        if let Some(rest) = raw.strip_prefix("! ") {
            let (kind, kv) = rest.split_once(' ').expect("! config|secret KEY=VALUE");
            let (k, v) = kv.split_once('=').expect("KEY=VALUE");
            match kind {
                "config" => t.config.push((k.into(), v.into())),
                "secret" => t.secrets.push((k.into(), v.into())),
                other => panic!("{name}:{line_no}: unknown directive {other}"),
            }
        } else if raw == ">" {
            in_req_body = true;
        } else if let Some(rest) = raw.strip_prefix("> ") {
            if in_req_body {
                req_body.push(rest.to_string());
            } else if current.as_ref().is_some_and(|e| e.status == 0) && rest.contains(':') && !rest.starts_with('/') {
                let (k, v) = rest.split_once(':').unwrap();
                current.as_mut().unwrap().headers.push((k.trim().to_lowercase(), v.trim().to_string()));
            } else {
                finish(&mut current, &mut req_body, &mut resp_body, resp_body_open, &mut t.exchanges);
                resp_body_open = false;
                in_resp_body = false;
                let (method, path) = rest.split_once(' ').unwrap_or_else(|| panic!("{name}:{line_no}: > METHOD PATH"));
                current = Some(Exchange { line: line_no, method: method.into(), path: path.into(), ..Default::default() });
            }
        } else if raw == "<" {
            in_req_body = false;
            in_resp_body = true;
            resp_body_open = true;
        } else if raw == "<." {
            // An empty body line (SSE events end with a blank line).
            resp_body.push(String::new());
        } else if let Some(rest) = raw.strip_prefix("<~ ") {
            current.as_mut().expect("response before request").expect_contains.push(rest.to_string());
        } else if let Some(rest) = raw.strip_prefix("< ") {
            in_req_body = false;
            let e = current.as_mut().unwrap_or_else(|| panic!("{name}:{line_no}: response before request"));
            if in_resp_body {
                resp_body.push(rest.to_string());
            } else if e.status == 0 {
                e.status = rest.trim().parse().unwrap_or_else(|_| panic!("{name}:{line_no}: < STATUS"));
            } else if let Some(absent) = rest.strip_prefix('-') {
                e.expect_headers.push((absent.trim().to_lowercase(), None));
            } else {
                let (k, v) = rest.split_once(':').unwrap_or_else(|| panic!("{name}:{line_no}: < name: value"));
                e.expect_headers.push((k.trim().to_lowercase(), Some(v.trim().to_string())));
            }
        } else if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        } else {
            panic!("{name}:{line_no}: unrecognised line {raw:?}");
        }
    }
    finish(&mut current, &mut req_body, &mut resp_body, resp_body_open, &mut t.exchanges);
    t
}

/// Compares a response with an exchange's expectations; `Err` explains the difference.
pub fn check(ex: &Exchange, status: u16, headers: &[(String, String)], body: &[u8]) -> Result<(), String> {
    let body_text = String::from_utf8_lossy(body);
    let mut problems = Vec::new();
    if status != ex.status {
        problems.push(format!("status {status}, expected {}", ex.status));
    }
    for (name, want) in &ex.expect_headers {
        let got = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
        match (want, got) {
            (None, Some(g)) => problems.push(format!("header {name}: {g:?} present, expected absent")),
            (Some(w), Some(g)) if w == g => {}
            (Some(w), g) => problems.push(format!("header {name}: {g:?}, expected {w:?}")),
            (None, None) => {}
        }
    }
    if let Some(want) = &ex.expect_body {
        if body_text != *want {
            problems.push(format!("body:\n  got:      {body_text}\n  expected: {want}"));
        }
    }
    for needle in &ex.expect_contains {
        if !body_text.contains(needle.as_str()) {
            problems.push(format!("body does not contain {needle:?}: {body_text}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("line {} ({} {}): {}", ex.line, ex.method, ex.path, problems.join("; ")))
    }
}
