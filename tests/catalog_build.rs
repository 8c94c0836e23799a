//! `build/` turns `catalog/` into static JSON and must refuse malformed
//! declarations with a message that names the file and the problem. It is
//! compiled here as a module and run on scratch catalogs.

#[path = "../build/main.rs"]
#[allow(dead_code)]
mod build_script;

use std::path::{Path, PathBuf};

/// A scratch crate root with `catalog/server.json` and the given files.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, files: &[(&str, &str)]) -> Scratch {
        // Cargo's per-package scratch directory: `std::env::temp_dir` and process ids
        // do not exist on wasm32-wasip1, where these tests run too.
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("edge-mcp-catalog-{name}-{}", std::env::consts::ARCH));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("catalog")).unwrap();
        std::fs::write(root.join("catalog/server.json"), r#"{"name":"t","version":"1"}"#).unwrap();
        for (path, text) in files {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        Scratch(root)
    }

    /// The generated code, its page slices resolved (see [`resolved`]).
    fn generate(&self) -> Result<String, String> {
        build_script::generate(&[(self.0.join("catalog"), self.0.join("src/tools"))]).map(|code| resolved(&code))
    }
}

/// The generated code with each `part(<NAME>_PAGE_<i>, start, end)` (a name, URI or
/// value stored once, as a slice of the list page that holds it) replaced by the
/// literal it stands for, so assertions read the tables as text; and checks that each
/// such slice is one.
fn resolved(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("part(") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(')').unwrap() + at;
        let args: Vec<&str> = rest[at + 5..end].split(", ").collect();
        match args[..] {
            [page, start, stop] if page.contains("_PAGE_") => {
                let decl = format!("pub const {page}: &str = ");
                let from = code.find(&decl).unwrap() + decl.len();
                let to = code[from..].find(";\n").unwrap() + from;
                // The page's literal (Rust's escaping of JSON text, which JSON reads alike).
                let text: String = serde_json::from_str(&code[from..to]).unwrap();
                let piece = &text[start.parse::<usize>().unwrap()..stop.parse::<usize>().unwrap()];
                out.push_str(&format!("{piece:?}"));
            }
            _ => out.push_str(&rest[at..=end]),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const HELLO: &str = r#"{"name":"hello","description":"d","inputSchema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}"#;

fn err(files: &[(&str, &str)]) -> String {
    let name = format!("{:x}", files.iter().map(|(p, t)| p.len() * 31 + t.len()).sum::<usize>());
    Scratch::new(&name, files).generate().expect_err("the declaration should be refused")
}

#[test]
fn the_real_catalog_generates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let code = build_script::generate(&[(root.join("catalog"), root.join("src/tools"))]).unwrap();
    assert!(code.contains("pub static TOOLS: &[Tool]"));
    // Names are slices of the list page that holds them, stored once.
    assert!(code.contains("Tool { name: part(TOOL_PAGE_0, "), "{code}");
    assert!(resolved(&code).contains(r#"name: "hello""#));
}

#[test]
fn a_valid_tool_with_a_handler_generates_a_page_and_a_table() {
    let s = Scratch::new("ok", &[("catalog/tools/hello.json", HELLO), ("src/tools/hello.rs", "")]);
    let code = s.generate().unwrap();
    assert!(code.contains(r#"{\"tools\":[{\"description\":\"d\",\"inputSchema\""#), "{code}");
    assert!(code.contains("Param { name: \"name\", types: ty::STRING, required: true, max_len: usize::MAX }"), "{code}");
    // Bit 1: one parameter allows exactly the strings (ty::STRING).
    assert!(code.contains("pub const TYPE_SETS: u128 = 0x2;"), "{code}");
    // One tool fits the default page of 100: no list has a second page.
    assert!(code.contains("pub const PAGED: bool = false;"), "{code}");
    assert!(code.contains("pub const STATIC_RESULTS: bool = false;"), "{code}");
    // The one handler, called directly.
    assert!(code.contains("run: Run::Handler(0) }") && code.contains("  let _ = n;\n  hello::call(call)\n}"), "{code}");
}

#[test]
fn lists_longer_than_a_page_turn_paging_on() {
    let tool = |name: &str| format!(r#"{{"name":"{name}","description":"d","inputSchema":{{"type":"object"}},"result":{{"content":[]}}}}"#);
    let (a, b) = (tool("a"), tool("b"));
    let files = [("catalog/server.json", r#"{"name":"t","pageSize":1}"#), ("catalog/tools/a.json", &a), ("catalog/tools/b.json", &b)];
    let code = Scratch::new("paged", &files).generate().unwrap();
    assert!(code.contains("pub const PAGED: bool = true;"), "{code}");
}

#[test]
fn closed_schemas_alone_refuse_unknown_keys_without_a_test() {
    let tool = |open: bool| {
        format!(r#"{{"name":"s","description":"d","inputSchema":{{"type":"object","additionalProperties":{open}}},"result":{{"content":[]}}}}"#)
    };
    for open in [false, true] {
        let code = Scratch::new(&format!("open-{open}"), &[("catalog/tools/s.json", &tool(open))]).generate().unwrap();
        assert!(code.contains(&format!("pub const OPEN_SCHEMAS: bool = {open};")), "{code}");
    }
}

#[test]
fn the_longest_completion_list_is_counted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let code = build_script::generate(&[(root.join("catalog"), root.join("src/tools"))]).unwrap();
    // greet's style: formal, casual, pirate. (Over 100 would compile the answer's cap in.)
    assert!(code.contains("pub const MOST_CANDIDATES: usize = 3;"), "{code}");
}

/// A static template's result is cut at build time where the server once searched it
/// per request: a `{` whose next `}` closes a variable's name or `uri` is a slot (0 the
/// URI, k + 1 variable k; a variable named `uri` wins), any other `{` stays text.
#[test]
fn template_results_are_cut_at_their_slots() {
    // (text, slot after it) pairs, as generated: the last text has none (usize::MAX).
    let parts = |t: &[&str], slots: &[&str]| {
        t.iter().zip(slots.iter().chain(&["usize::MAX"])).map(|(t, s)| format!("({t:?}, {s})")).collect::<Vec<_>>().join(", ")
    };
    let t = r#"{"uriTemplate":"x://t/{id}","name":"t","text":"{{id}} {nope} {uri} {id"}"#;
    let code = Scratch::new("template-cut", &[("catalog/resource-templates/t.json", t)]).generate().unwrap();
    let cut = parts(&[r#"{"contents":[{"text":"{"#, "} {nope} ", r#" {id","uri":""#, r#""}]"#], &["1", "0", "0"]);
    assert!(code.contains(&format!("parts: &[{cut}]")), "{code}");
    assert!(code.contains("pub const TEMPLATE_MAX_VARS: usize = 1;"), "{code}");
    assert!(code.contains("pub const TEMPLATES_TRAILING: bool = true;"), "{code}");
    let t = r#"{"uriTemplate":"x://{uri}/{b}.md","name":"t","text":"{b}{uri}"}"#;
    let code = Scratch::new("template-uri-var", &[("catalog/resource-templates/t.json", t)]).generate().unwrap();
    let cut = parts(&[r#"{"contents":[{"text":""#, "", r#"","uri":""#, r#""}]"#], &["2", "1", "1"]);
    assert!(code.contains(&format!("parts: &[{cut}]")), "{code}");
    assert!(code.contains("pub const TEMPLATES_TRAILING: bool = false;"), "{code}");
}

#[test]
fn a_static_result_needs_no_handler() {
    let tool = r#"{"name":"s","description":"d","inputSchema":{"type":"object"},"result":{"content":[{"type":"text","text":"x"}]}}"#;
    let code = Scratch::new("static", &[("catalog/tools/s.json", tool)]).generate().unwrap();
    assert!(code.contains(r#"Run::Static("{\"content\":[{\"text\":\"x\",\"type\":\"text\"}]}")"#), "{code}");
    assert!(code.contains("pub const STATIC_RESULTS: bool = true;"), "{code}");
}

#[test]
fn invalid_json_is_refused_naming_the_file() {
    let e = err(&[("catalog/tools/bad.json", r#"{"name":"bad","#)]);
    assert!(e.contains("catalog/tools/bad.json: not valid JSON"), "{e}");
}

#[test]
fn duplicate_tool_names_are_refused() {
    let e = err(&[("catalog/tools/a.json", HELLO), ("catalog/tools/b.json", HELLO), ("src/tools/hello.rs", "")]);
    assert!(e.contains("duplicate tool name \"hello\""), "{e}");
}

#[test]
fn duplicate_prompt_argument_names_are_refused() {
    let prompt = r#"{"name":"p","arguments":[{"name":"a"},{"name":"a","required":true}],"messages":[{"role":"user","content":{"type":"text","text":"{{a}}"}}]}"#;
    let e = err(&[("catalog/prompts/p.json", prompt)]);
    assert!(e.contains("catalog/prompts/p.json: duplicate argument name \"a\""), "{e}");
}

#[test]
fn a_missing_handler_is_refused() {
    let e = err(&[("catalog/tools/hello.json", HELLO)]);
    assert!(e.contains("has no static \"result\" and no handler file") && e.contains("src/tools/hello.rs"), "{e}");
}

#[test]
fn schema_mistakes_are_refused() {
    let cases = [
        (r#"{"name":"t","description":"d","inputSchema":{"type":"array"}}"#, "inputSchema.type must be \"object\""),
        (r#"{"name":"t","description":"d"}"#, "\"inputSchema\" must be an object"),
        (r#"{"name":"t","inputSchema":{"type":"object"}}"#, "\"description\" must be a non-empty string"),
        (r#"{"name":"t t","description":"d","inputSchema":{"type":"object"}}"#, "must be 1-128 of [A-Za-z0-9_.-]"),
        (r#"{"name":"t","description":"d","inputSchema":{"type":"object","required":["x"]}}"#, "required property \"x\" is not in inputSchema.properties"),
        (r#"{"name":"t","description":"d","inputSchema":{"type":"object","properties":{"x":{"type":"text"}}}}"#, "x.type \"text\" is not a JSON Schema type"),
        (r#"{"name":"t","description":"d","inputSchema":{"type":"object"},"outputSchema":{"type":"string"}}"#, "outputSchema must be an object schema"),
    ];
    for (i, (decl, message)) in cases.iter().enumerate() {
        let e = Scratch::new(&format!("schema{i}"), &[("catalog/tools/t.json", decl), ("src/tools/t.rs", "")]).generate().unwrap_err();
        assert!(e.contains(message), "case {i}: {e}");
    }
}

/// The argument check keeps one bit per parameter in a u64: 64 parameters build,
/// 65 are refused with a message that names the file, the count and the cap.
#[test]
fn tool_parameters_are_capped_at_64() {
    let schema = |n: usize| {
        let props: Vec<String> = (0..n).map(|i| format!(r#""p{i}":{{"type":"string"}}"#)).collect();
        format!(r#"{{"name":"t","description":"d","inputSchema":{{"type":"object","properties":{{{}}}}}}}"#, props.join(","))
    };
    let at = schema(64);
    let code = Scratch::new("params64", &[("catalog/tools/t.json", &at), ("src/tools/t.rs", "")]).generate().unwrap();
    assert!(code.contains("name: \"p63\""), "{code}");
    let past = schema(65);
    let e = Scratch::new("params65", &[("catalog/tools/t.json", &past), ("src/tools/t.rs", "")]).generate().unwrap_err();
    assert!(e.contains("catalog/tools/t.json: inputSchema declares 65 properties; a tool may have at most 64"), "{e}");
}

#[test]
fn prompts_and_resources_are_checked() {
    let e = err(&[("catalog/prompts/p.json", r#"{"name":"p","messages":[{"role":"user","content":{"type":"text","text":"{{who}}"}}]}"#)]);
    assert!(e.contains("uses {{who}} but no argument has that name"), "{e}");
    let e = err(&[("catalog/resources/r.json", r#"{"uri":"x://a","name":"a","text":"t","blob":"AA=="}"#)]);
    assert!(e.contains("exactly one of \"text\" or \"blob\""), "{e}");
    let e = err(&[("catalog/resource-templates/t.json", r#"{"uriTemplate":"x://{a}{b}","name":"t","text":"t"}"#)]);
    assert!(e.contains("must use simple {name} variables separated by literal text"), "{e}");
}

/// A tool whose only property is `spec` (a JSON schema object).
fn with_property(spec: &str) -> String {
    format!(r#"{{"name":"t","description":"d","inputSchema":{{"type":"object","properties":{{"p":{spec}}}}},"result":{{"content":[]}}}}"#)
}

#[test]
fn x_mcp_header_annotations_generate_a_table() {
    let tool = r#"{"name":"t","description":"d","inputSchema":{"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"},"n":{"type":"integer","x-mcp-header":"N"},"q":{"type":"string"}}},"result":{"content":[]}}"#;
    let code = Scratch::new("xmcp-ok", &[("catalog/tools/t.json", tool)]).generate().unwrap();
    assert!(code.contains(r#"("t", "region", "mcp-param-region", "Mcp-Param-Region"),"#), "{code}");
    assert!(code.contains(r#"("t", "n", "mcp-param-n", "Mcp-Param-N"),"#), "{code}");
    assert!(!code.contains(r#""q", "mcp-param"#), "{code}");
    // The annotation stays in the listed schema: clients read it there.
    assert!(code.contains(r#"\"x-mcp-header\":\"Region\""#), "{code}");
}

#[test]
fn no_annotation_means_an_empty_table() {
    let s = Scratch::new("xmcp-none", &[("catalog/tools/hello.json", HELLO), ("src/tools/hello.rs", "")]);
    assert!(s.generate().unwrap().contains("pub static PARAM_HEADERS: &[(&str, &str, &str, &str)] = &[\n];"));
}

#[test]
fn bad_x_mcp_header_annotations_are_refused_naming_the_file() {
    let cases = [
        (with_property(r#"{"type":"string","x-mcp-header":""}"#), "p.x-mcp-header \"\" must be 1-64 header-name characters"),
        (with_property(r#"{"type":"string","x-mcp-header":"Has Space"}"#), "must be 1-64 header-name characters"),
        (with_property(r#"{"type":"string","x-mcp-header":"Colon:"}"#), "must be 1-64 header-name characters"),
        (with_property(r#"{"type":"string","x-mcp-header":"Line\nBreak"}"#), "must be 1-64 header-name characters"),
        (with_property(r#"{"type":"string","x-mcp-header":"Ünicode"}"#), "must be 1-64 header-name characters"),
        (with_property(r#"{"type":"string","x-mcp-header":7}"#), "p.x-mcp-header must be a string"),
        (with_property(r#"{"type":"number","x-mcp-header":"N"}"#), "only allowed on a property whose type is string, integer or boolean"),
        (with_property(r#"{"type":"object","x-mcp-header":"O"}"#), "only allowed on a property whose type is string, integer or boolean"),
        (with_property(r#"{"type":["string","null"],"x-mcp-header":"S"}"#), "only allowed on a property whose type is string, integer or boolean"),
        (with_property(r#"{"x-mcp-header":"Untyped"}"#), "only allowed on a property whose type is string, integer or boolean"),
        (with_property(r#"{"type":"object","properties":{"deep":{"type":"string","x-mcp-header":"Deep"}}}"#), "only supported on top-level inputSchema properties"),
        (with_property(r#"{"type":"array","items":{"type":"string","x-mcp-header":"Item"}}"#), "only supported on top-level inputSchema properties"),
        (
            r#"{"name":"t","description":"d","inputSchema":{"type":"object","properties":{"a":{"type":"string","x-mcp-header":"Region"},"b":{"type":"string","x-mcp-header":"REGION"}}},"result":{"content":[]}}"#.to_string(),
            "x-mcp-header \"REGION\" is used by two properties",
        ),
    ];
    for (i, (decl, message)) in cases.iter().enumerate() {
        let e = Scratch::new(&format!("xmcp{i}"), &[("catalog/tools/t.json", decl)]).generate().unwrap_err();
        assert!(e.contains("catalog/tools/t.json: ") && e.contains(message), "case {i}: {e}");
    }
}
