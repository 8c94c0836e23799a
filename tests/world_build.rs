//! build/http.rs and build/kv.rs refuse malformed bindings, naming the file, and set
//! the cfgs only when something uses the feature (pay per use).

#[path = "../build/main.rs"]
#[allow(dead_code)]
mod build_script;

use std::path::PathBuf;

fn generate(name: &str, files: &[(&str, &str)]) -> Result<(String, Vec<&'static str>), String> {
    // Cargo's per-package scratch directory: `std::env::temp_dir` and process ids do not
    // exist on wasm32-wasip1, where these tests run too.
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("edge-mcp-world-{name}-{}", std::env::consts::ARCH));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("catalog")).unwrap();
    std::fs::write(root.join("catalog/server.json"), r#"{"name":"t","version":"1"}"#).unwrap();
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let sources: Vec<(PathBuf, PathBuf)> = vec![(root.join("catalog"), root.join("src/tools"))];
    let r = build_script::generate_parts(&sources);
    let _ = std::fs::remove_dir_all(&root);
    r
}

fn tool(http: &str) -> String {
    format!(r#"{{"name":"t","description":"d","inputSchema":{{"type":"object","properties":{{"a":{{"type":"string"}},"n":{{"type":"integer"}}}},"required":["a"]}},"http":{http}}}"#)
}

fn refused(http: &str, needle: &str) {
    let e = generate(&format!("{:x}", http.len() * 7 + needle.len()), &[("catalog/tools/t.json", &tool(http))]).expect_err(http);
    assert!(e.contains("catalog/tools/t.json") && e.contains(needle), "{http}: {e}");
}

#[test]
fn bindings_are_checked_naming_the_file() {
    refused(r#"{"url":"https://{a}.example.com/x"}"#, "scheme, host and port cannot come from a slot");
    refused(r#"{"url":"https://example.com:{n}/x"}"#, "scheme, host and port cannot come from a slot");
    refused(r#"{"url":"https://example.com/{zz}"}"#, "slot {zz} is not in inputSchema.properties");
    refused(r#"{"url":"https://example.com/{n}"}"#, "must be in inputSchema.required");
    refused(r#"{"url":"http://example.com/{a}"}"#, "must be https://");
    refused(r#"{"url":"https://u:p@example.com/{a}"}"#, "credentials");
    refused(r#"{"url":"https://example.com/{a"}"#, "unclosed slot");
    refused(r#"{"url":"https://example.com/{a}","body":{"q":"{zz}"}}"#, "http.body slot");
    refused(r#"{"url":"https://example.com/{a}","headers":{"x":{"arg":"zz"}}}"#, "is not in inputSchema.properties");
    refused(r#"{"url":"https://example.com/{a}","headers":{"host":"x"}}"#, "set by the platform");
    refused(r#"{"url":"https://example.com/{a}","method":"TRACE"}"#, "http.method");
    refused(r#"{"url":"https://example.com/{a}","follow":true}"#, "not a binding field");
    // Loopback may be plain http (tests), and query slots may be optional.
    assert!(generate("ok", &[("catalog/tools/t.json", &tool(r#"{"url":"http://127.0.0.1:9/{a}?n={n}"}"#))]).is_ok());
}

#[test]
fn kv_items_are_checked_naming_the_file() {
    let kv_tool = |kv: &str| format!(r#"{{"name":"t","description":"d","inputSchema":{{"type":"object","properties":{{"a":{{"type":"string"}},"n":{{"type":"integer"}}}}}},"kv":{kv}}}"#);
    let e = generate("kv1", &[("catalog/tools/t.json", &kv_tool(r#"{"store":"s","key":"k:{zz}"}"#))]).unwrap_err();
    assert!(e.contains("catalog/tools/t.json") && e.contains("kv.key slot {zz}"), "{e}");
    let e = generate("kv2", &[("catalog/tools/t.json", &kv_tool(r#"{"store":"s","key":"k","zrangeByScore":{"min":"{a}","max":"+inf"}}"#))]).unwrap_err();
    assert!(e.contains("must be an integer property"), "{e}");
    let e = generate("kv3", &[("catalog/resource-templates/r.json", r#"{"uriTemplate":"kv://x/{id}","name":"r","kv":{"store":"s","key":"k:{other}"}}"#)]).unwrap_err();
    assert!(e.contains("catalog/resource-templates/r.json") && e.contains("URI template's variables"), "{e}");
    let e = generate("kv4", &[("catalog/resources/r.json", r#"{"uri":"kv://x","name":"r","text":"t","kv":{"store":"s","key":"k"}}"#)]).unwrap_err();
    assert!(e.contains("no \"text\" or \"blob\""), "{e}");
    let e = generate("kv6", &[("catalog/resources/r.json", r#"{"uri":"kv://x/{id}","name":"r","kv":{"store":"s","key":"k"}}"#)]).unwrap_err();
    assert!(e.contains("catalog/resources/r.json") && e.contains("cannot hold { or }"), "{e}");
    let (_, cfgs) = generate("kv5", &[("catalog/tools/t.json", &kv_tool(r#"{"store":"s","key":"k","zrangeByScore":{"min":"{n}","max":"-3"}}"#))]).unwrap();
    assert_eq!(cfgs, ["edge_kv", "edge_kv_tool", "edge_kv_range", "edge_kv_all"]);
}

#[test]
fn cfgs_only_for_what_is_used() {
    let hello = r#"{"name":"hello","description":"d","inputSchema":{"type":"object","properties":{}}}"#;
    let (_, cfgs) = generate("c1", &[("catalog/tools/hello.json", hello), ("src/tools/hello.rs", "pub fn call() {}")]).unwrap();
    assert!(cfgs.is_empty(), "{cfgs:?}");
    let (_, cfgs) = generate("c2", &[("catalog/tools/hello.json", hello), ("src/tools/hello.rs", "use crate::upstream::http::OutRequest;")]).unwrap();
    assert_eq!(cfgs, ["edge_http"]);
    let (_, cfgs) = generate("c3", &[("catalog/tools/hello.json", hello), ("src/tools/hello.rs", "let s = call.kv_open(\"x\")?;")]).unwrap();
    assert_eq!(cfgs, ["edge_kv", "edge_kv_all"]);
    let (_, cfgs) = generate("c4", &[("catalog/tools/t.json", &tool(r#"{"url":"https://example.com/{a}"}"#))]).unwrap();
    assert_eq!(cfgs, ["edge_http", "edge_http_tool", "edge_structured"]);
    let (_, cfgs) = generate("c5", &[("catalog/resource-templates/r.json", r#"{"uriTemplate":"kv://x/{id}","name":"r","kv":{"store":"s","key":"k:{id}"}}"#)]).unwrap();
    assert_eq!(cfgs, ["edge_kv", "edge_kv_resource"]);
    let (_, cfgs) = generate("c6", &[("catalog/tools/hello.json", hello), ("src/tools/hello.rs", "unsafe { call.structured(b) };")]).unwrap();
    assert_eq!(cfgs, ["edge_structured"]);
    let (_, cfgs) = generate("c7", &[("catalog/tools/hello.json", hello), ("src/tools/hello.rs", "call.progress(1, 2, \"half\");")]).unwrap();
    assert_eq!(cfgs, ["edge_notifications"]);
}

#[test]
fn auth_only_where_declared() {
    let hello = r#"{"name":"hello","description":"d","inputSchema":{"type":"object","properties":{}}}"#;
    let with = |name: &str, auth: &str| {
        generate(name, &[("catalog/tools/hello.json", hello), ("src/tools/hello.rs", "pub fn call() {}"), ("catalog/auth.json", auth)])
    };
    assert_eq!(with("a1", r#"{"scheme":"bearer"}"#).unwrap().1, ["edge_auth"]);
    let e = with("a2", r#"{"scheme":"basic"}"#).unwrap_err();
    assert!(e.contains("auth.json") && e.contains("\"scheme\" must be \"bearer\""), "{e}");
    let e = with("a3", r#"{"scheme":"bearer","token":"x"}"#).unwrap_err();
    assert!(e.contains("auth.json") && e.contains("\"token\" is not an auth field"), "{e}");
    let e = with("a4", r#"["bearer"]"#).unwrap_err();
    assert!(e.contains("auth.json") && e.contains("must be a JSON object"), "{e}");
}
