//! Turns the declarations in `catalog/` into static, pre-serialized JSON.
//!
//! Every list answer (`tools/list`, `resources/list`, ...) and every static
//! result is serialized here, once, with `miniserde`, so the server does no JSON
//! work for them at run time, and the Wasm module carries no JSON serializer for
//! them. A malformed declaration fails the build with a message naming the file.
//!
//! Layout (one file per item; the file stem is free, the `name` inside counts):
//!   catalog/server.json                  serverInfo, instructions, pageSize, ttlMs
//!   catalog/auth.json                    optional: bearer-token auth (see auth.rs)
//!   catalog/tools/*.json                 a tool; its handler is src/tools/<name>.rs
//!                                        unless the declaration has a static "result"
//!   catalog/resources/*.json             a static resource (text or blob)
//!   catalog/resource-templates/*.json    a URI template with a text body
//!   catalog/prompts/*.json               a prompt with messages and {{argument}} slots
//!   catalog/conformance/<same dirs>      fixtures, only with `--features conformance`,
//!                                        handlers in src/conformance/<name>.rs
//!
//! One file per kind of declaration (`tools.rs`, `resources.rs`, `templates.rs`,
//! `prompts.rs`): each reads and checks its files and emits its tables; `files.rs`
//! holds the checks they share, `pages.rs` the list pages and `schema.rs` the argument
//! check's reduced schema. This file reads `server.json`, derives the capabilities and
//! strings the parts together. Every build-wide fact (cfgs, `catalog::*` flags) is
//! derived from the declarations as parsed, never by searching the generated source.

mod auth;
mod files;
mod http;
mod kv;
mod pages;
mod param_headers;
mod prompts;
mod resources;
mod schema;
/// Template splitting, shared with the crate (`src/upstream/split.rs`).
#[path = "../src/upstream/split.rs"]
mod split;
mod templates;
mod tools;

use miniserde::json::{self, Number, Object, Value};
use std::fmt::Write as _;
use std::path::PathBuf;

use files::{json_files, read_object, unique};

#[allow(dead_code)] // tests/catalog_build.rs includes this file as a module
fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    // EDGE_MCP_CATALOG names another catalog directory (absolute, or relative to the
    // crate) instead of `catalog/`: scripts/size-report.sh builds the hello-only shape
    // from a scratch catalog holding only server.json and tools/hello.json.
    println!("cargo:rerun-if-env-changed=EDGE_MCP_CATALOG");
    let catalog = match std::env::var_os("EDGE_MCP_CATALOG") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("catalog"),
    };
    println!("cargo:rerun-if-changed={}", catalog.display());
    println!("cargo:rerun-if-changed=src/tools");
    println!("cargo:rerun-if-changed=src/conformance");
    // A 64 KiB stack instead of Rust's default 1 MiB: nothing here recurses, and
    // the initial linear memory (stack + data) stays at two 64 KiB pages, which is
    // what every fresh per-request instance has to allocate. Only for the module
    // (wasm32-unknown-unknown): wasm32-wasip1 test binaries set their own.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32")
        && std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("unknown")
    {
        println!("cargo:rustc-link-arg=-zstack-size=65536");
    }
    let mut sources = vec![(catalog, root.join("src/tools"))];
    if std::env::var_os("CARGO_FEATURE_CONFORMANCE").is_some() {
        sources.push((root.join("catalog/conformance"), root.join("src/conformance")));
    }
    // Pay per use: the outbound-HTTP and key-value code (src/upstream, src/host) is
    // compiled only when something uses it; see `uses`.
    for cfg in CFGS {
        println!("cargo:rustc-check-cfg=cfg({cfg})");
    }
    let generated = match generate_parts(&sources) {
        Ok((code, cfgs)) => {
            for cfg in cfgs {
                println!("cargo:rustc-cfg={cfg}");
            }
            code
        }
        Err(message) => {
            eprintln!("error: invalid catalog declaration: {message}");
            println!("cargo:warning=invalid catalog declaration: {message}");
            std::process::exit(1);
        }
    };
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("catalog.rs");
    std::fs::write(out, generated).unwrap();
}

pub type Result<T> = std::result::Result<T, String>;

/// A template's pieces (literals at even indices, slot names at odd ones) as Rust source.
fn pieces(template: &str, open: &str, close: &str) -> String {
    let mut v = Vec::new();
    split::split(template, open, close, |p| v.push(p));
    format!("&{v:?}")
}

/// Reads every declaration and returns the Rust source of `catalog.rs`, or a
/// message naming the file and what is wrong with it. `sources` pairs a catalog
/// directory with its handlers' directory; `server.json` is read from the first.
pub fn generate(sources: &[(PathBuf, PathBuf)]) -> Result<String> {
    generate_parts(sources).map(|(code, _)| code)
}

/// The cfgs this script may set: `edge_auth` (catalog/auth.json declares auth), the APIs
/// (`edge_http`, `edge_kv`: handler-facing types and the FastEdge import glue) and the
/// declared kinds that need more code.
/// (`edge_kv_range`: a KV tool reads a sorted set's score range; `edge_kv_all`: a handler
/// or a range uses key-value operations beyond `open`/`get`, so the module imports the
/// whole interface, not wit/module/'s trimmed one; `edge_structured`: something may set
/// a tool result's `structuredContent`, a handler through `ToolCall::structured` or a
/// declared HTTP tool's JSON answer; `edge_notifications`: a handler sends log or progress
/// notifications, which are streamed before its result.)
pub const CFGS: [&str; 10] = [
    "edge_auth",
    "edge_http",
    "edge_kv",
    "edge_http_tool",
    "edge_kv_tool",
    "edge_kv_resource",
    "edge_kv_range",
    "edge_kv_all",
    "edge_structured",
    "edge_notifications",
];

/// Text in a handler that means it uses outbound HTTP / a key-value store / sets
/// `structuredContent` / sends notifications (`ToolCall::log`, `ToolCall::progress`, or
/// reads the token progress goes to, `ToolCall::progress_token`).
const HTTP_API: [&str; 2] = ["upstream::http", "fetch("];
const KV_API: [&str; 2] = ["upstream::kv", "kv_open("];
const STRUCTURED_API: [&str; 1] = ["structured("];
const NOTIFY_API: [&str; 3] = [".log(", ".progress(", ".progress_token("];

/// [`generate`], plus the cfgs the crate needs: `edge_http` when a tool declares an
/// HTTP binding or a handler uses the HTTP API, `edge_kv` likewise for key-value.
pub fn generate_parts(sources: &[(PathBuf, PathBuf)]) -> Result<(String, Vec<&'static str>)> {
    let Some((catalog, _)) = sources.first() else { return Err("no catalog directory".into()) };
    let server = read_object(&catalog.join("server.json"))?;
    let page_size = match server.get("pageSize") {
        Some(Value::Number(Number::U64(n))) if *n > 0 => *n as usize,
        None => 100,
        _ => return Err("catalog/server.json: \"pageSize\" must be a positive integer".into()),
    };
    let ttl_ms = match server.get("ttlMs") {
        Some(Value::Number(Number::U64(n))) => *n,
        None => 300_000,
        _ => return Err("catalog/server.json: \"ttlMs\" must be a non-negative integer".into()),
    };
    let mut code = String::from("// @generated by build.rs from catalog/. Do not edit.\n");
    let mut tools = Vec::new();
    let mut resources = Vec::new();
    let mut templates = Vec::new();
    let mut prompts = Vec::new();
    for (catalog, handlers) in sources {
        for path in json_files(&catalog.join("tools"))? {
            tools.push(tools::tool(&path, handlers)?);
        }
        for path in json_files(&catalog.join("resources"))? {
            resources.push(resources::resource(&path)?);
        }
        for path in json_files(&catalog.join("resource-templates"))? {
            templates.push(templates::template(&path)?);
        }
        for path in json_files(&catalog.join("prompts"))? {
            prompts.push(prompts::prompt(&path)?);
        }
    }
    unique(tools.iter().map(|t| (&t.name, &t.file)), "tool name")?;
    unique(resources.iter().map(|r| (&r.uri, &r.file)), "resource uri")?;
    unique(templates.iter().map(|t| (&t.pattern, &t.file)), "resource template")?;
    unique(prompts.iter().map(|p| (&p.name, &p.file)), "prompt name")?;

    // serverInfo and capabilities
    let mut info = Object::new();
    for key in ["name", "title", "version", "description", "websiteUrl", "icons"] {
        if let Some(v) = server.get(key) {
            info.insert(key.into(), v.clone());
        }
    }
    if !info.contains_key("name") {
        return Err("catalog/server.json: \"name\" is required".into());
    }
    info.entry("version".into())
        .or_insert_with(|| Value::String(std::env::var("CARGO_PKG_VERSION").unwrap_or_default()));
    let has_completions = prompts.iter().any(|p| !p.completions.is_empty())
        || templates.iter().any(|t| !t.completions.is_empty());
    let logging = std::env::var_os("CARGO_FEATURE_CONFORMANCE").is_some();
    // resources/subscribe answered with {} (session era only; no update is ever
    // sent): the conformance fixtures need it, a stateless server has nothing to push.
    let subscribe = logging;
    // Two capability objects: the session era (initialize) may advertise
    // `subscribe`; the stateless era (server/discover) never does, since it has
    // no subscriptions/listen stream to deliver updates on.
    let capabilities = |subscribe: bool| {
        let mut caps = String::from("{");
        let mut cap = |name: &str, on: bool, body: &str| {
            if on {
                if caps.len() > 1 {
                    caps.push(',');
                }
                let _ = write!(caps, "\"{name}\":{body}");
            }
        };
        cap("completions", has_completions, "{}");
        cap("logging", logging, "{}");
        cap("prompts", !prompts.is_empty(), "{\"listChanged\":false}");
        let resources_body = if subscribe { "{\"listChanged\":false,\"subscribe\":true}" } else { "{\"listChanged\":false,\"subscribe\":false}" };
        cap("resources", !resources.is_empty() || !templates.is_empty(), resources_body);
        cap("tools", !tools.is_empty(), "{\"listChanged\":false}");
        caps.push('}');
        caps
    };
    let caps = capabilities(false);
    let session_caps = capabilities(subscribe);
    let instructions = match server.get("instructions") {
        Some(Value::String(s)) => json::to_string(s),
        None => String::new(),
        _ => return Err("catalog/server.json: \"instructions\" must be a string".into()),
    };

    // `initialize`'s result after its version, as one text, so the server writes it
    // with one copy; the capabilities, server info and instructions it holds are
    // slices of it (for `server/discover`), not second copies.
    let info = json::to_string(&info);
    // `server/discover` writes its `,"capabilities":{...}` and `,"instructions":"..."`
    // members as slices of this text too, key and value in one copy each.
    let mut tail = String::from("\",\"capabilities\":");
    let piece = |tail: &mut String, text: &str| {
        let start = tail.len();
        tail.push_str(text);
        (start, tail.len())
    };
    let session_at = piece(&mut tail, &session_caps);
    tail.push_str(",\"serverInfo\":");
    let info_at = piece(&mut tail, &info);
    let member_start = tail.len();
    if !instructions.is_empty() {
        tail.push_str(",\"instructions\":");
    }
    let instructions_at = piece(&mut tail, &instructions);
    tail.push('}');
    let _ = writeln!(code, "pub const INITIALIZE_TAIL: &str = {tail:?};");
    let _ = writeln!(code, "pub const SERVER_INFO: &str = part(INITIALIZE_TAIL, {}, {});", info_at.0, info_at.1);
    let _ = writeln!(code, "pub const SESSION_CAPABILITIES: &str = part(INITIALIZE_TAIL, {}, {});", session_at.0, session_at.1);
    // The stateless era's `,"capabilities":{...}` member (1: after the tail's quote).
    if session_caps == caps {
        let _ = writeln!(code, "pub const CAPABILITIES_MEMBER: &str = part(INITIALIZE_TAIL, 1, {});", session_at.1);
    } else {
        let _ = writeln!(code, "pub const CAPABILITIES_MEMBER: &str = {:?};", format!(",\"capabilities\":{caps}"));
    }
    let _ = writeln!(code, "pub const SUBSCRIBE: bool = {subscribe};");
    // MRTR (2026-07-28): results of resultType "input_required" from tools and
    // prompts. Only the conformance fixtures use them so far.
    let _ = writeln!(code, "pub const INPUT_REQUIRED: bool = {logging};");
    // `,"instructions":"..."`, or empty when there are none.
    let _ = writeln!(code, "pub const INSTRUCTIONS_MEMBER: &str = part(INITIALIZE_TAIL, {member_start}, {});", instructions_at.1);
    let _ = writeln!(code, "pub const TTL_MS: u64 = {ttl_ms};");
    // The stateless era's cache hints for that ttl, written whole here: one append per
    // answer, not the number formatted between two pieces at run time.
    let _ = writeln!(code, "pub const CACHE_HINT: &str = {:?};", format!(",\"ttlMs\":{ttl_ms},\"cacheScope\":\"public\""));
    let _ = writeln!(code, "pub const LOGGING: bool = {logging};");
    let _ = writeln!(code, "pub const COMPLETIONS: bool = {has_completions};");
    // The most candidates one argument declares: `completion/complete` caps an answer
    // at 100 values, and a catalog with no longer list carries no cap.
    let most_candidates = prompts
        .iter()
        .flat_map(|p| &p.completions)
        .chain(templates.iter().flat_map(|t| &t.completions))
        .map(|(_, values)| values.len())
        .max()
        .unwrap_or(0);
    let _ = writeln!(code, "pub const MOST_CANDIDATES: usize = {most_candidates};");

    let handler_uses = |api: &[&str]| {
        tools.iter().filter_map(|t| t.handler.as_ref()).any(|path| {
            let source = std::fs::read_to_string(path).unwrap_or_default();
            api.iter().any(|needle| source.contains(needle))
        })
    };
    let kv_resources: Vec<&kv::KvResourceDecl> =
        resources.iter().filter_map(|r| r.kv.as_ref()).chain(templates.iter().filter_map(|t| t.kv.as_ref())).collect();
    let http_tool = tools.iter().any(|t| matches!(t.binding, tools::Binding::Http(_)));
    let kv_tool = tools.iter().any(|t| matches!(t.binding, tools::Binding::Kv { .. }));
    let kv_resource = !kv_resources.is_empty();
    let kv_range = tools.iter().any(|t| matches!(t.binding, tools::Binding::Kv { range: true }));
    let uses_http = http_tool || handler_uses(&HTTP_API);
    let kv_handler = handler_uses(&KV_API);
    let uses_kv = kv_tool || kv_resource || kv_handler;
    let kv_all = kv_range || kv_handler;
    let auth = auth::declared(catalog)?;
    let structured = http_tool || handler_uses(&STRUCTURED_API);
    let notifies = handler_uses(&NOTIFY_API);
    let cfgs: Vec<&'static str> = [auth, uses_http, uses_kv, http_tool, kv_tool, kv_resource, kv_range, kv_all, structured, notifies]
        .iter()
        .zip(CFGS)
        .filter_map(|(on, cfg)| on.then_some(cfg))
        .collect();

    // Whether any list needs a second page: without one, no cursor names a page and
    // the server reads none (`mcp::list`).
    let paged = [tools.len(), resources.len(), templates.len(), prompts.len()].iter().any(|&n| n > page_size);
    let _ = writeln!(code, "pub const PAGED: bool = {paged};");
    tools::emit(&mut code, &tools, page_size);
    let resource_pages = resources::emit(&mut code, &resources, page_size);
    let template_pages = templates::emit(&mut code, &templates, page_size);
    prompts::emit(&mut code, &prompts, page_size);
    kv::emit(&mut code, &kv_resources, kv_resource, &[&template_pages, &resource_pages]);
    // Whether every URI the module matches as a template (static templates, KV URIs) is
    // `prefix{var}` or has no variable: then a match is a prefix test
    // (`mcp::resources::matches_trailing`), and the general matcher is left out.
    let trailing = templates.iter().filter(|t| t.kv.is_none()).all(|t| templates::trailing(&t.pattern)) && kv_resources.iter().all(|r| r.trailing);
    let _ = writeln!(code, "pub const TEMPLATES_TRAILING: bool = {trailing};");
    // Every parameter the argument check reads: tool inputs and HTTP tools' output schemas.
    let params: Vec<&schema::Param> = tools
        .iter()
        .flat_map(|t| t.params.iter().chain(if let tools::Binding::Http(u) = &t.binding { &u.output[..] } else { &[] }))
        .collect();
    // Whether any of them allows "integer": without one, telling integers from other
    // numbers decides nothing, and a build leaves that test (`text::is_integer`) out.
    let integers = params.iter().any(|p| p.mask & schema::INTEGER != 0);
    let _ = writeln!(code, "pub const INTEGER_PARAMS: bool = {integers};");
    let sets = schema::type_sets(params.iter().copied());
    let _ = writeln!(code, "pub const TYPE_SETS: u128 = {sets:#x};");
    Ok((code, cfgs))
}
