//! `catalog/tools/*.json`: a tool, answered by a handler in `src/tools/<name>.rs` or by a
//! static `"result"`. Its `inputSchema` becomes the parameter table the server checks
//! arguments against before any handler runs.

use miniserde::json::{self, Number, Object, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::files::{read_object, string_field, strings};
use super::pages::emit_pages;
use super::{param_headers, Result};

pub struct ToolDecl {
    pub file: String,
    /// (property, `x-mcp-header` name) for each annotated property.
    headers: Vec<(String, String)>,
    pub name: String,
    ident: String,
    listed: String,
    /// Each parameter's name, and the rest of its `Param` source.
    params: Vec<(String, String)>,
    open: bool,
    pub handler: Option<PathBuf>,
    static_result: Option<String>,
    /// `Run::Http(..)` / `Run::Kv(..)` source for a declared upstream (build/http.rs, kv.rs).
    pub upstream: Option<String>,
    /// What a declared HTTP binding's request needs room for.
    http_room: super::http::Room,
}

/// The most properties one `inputSchema` may declare: the argument check
/// (`src/mcp/tools.rs`) records which parameters it has seen in one `u64`, one bit each.
pub const MAX_TOOL_PARAMS: usize = 64;

/// JSON Schema type names and the bit the server's argument check uses for each.
const TYPES: [(&str, &str); 7] = [
    ("string", "STRING"),
    ("number", "NUMBER"),
    ("integer", "INTEGER"),
    ("boolean", "BOOLEAN"),
    ("object", "OBJECT"),
    ("array", "ARRAY"),
    ("null", "NULL"),
];

pub fn tool(path: &Path, handlers: &Path) -> Result<ToolDecl> {
    let file = path.display().to_string();
    let mut o = read_object(path)?;
    let name = string_field(&o, "name", &file)?;
    if name.len() > 128 || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b)) {
        return Err(format!("{file}: tool name {name:?} must be 1-128 of [A-Za-z0-9_.-]"));
    }
    string_field(&o, "description", &file)?;
    let schema = match o.get("inputSchema") {
        Some(Value::Object(s)) => s.clone(),
        _ => return Err(format!("{file}: \"inputSchema\" must be an object")),
    };
    if !matches!(schema.get("type"), Some(Value::String(t)) if t == "object") {
        return Err(format!("{file}: inputSchema.type must be \"object\""));
    }
    if let Some(out) = o.get("outputSchema") {
        if !matches!(out, Value::Object(s) if matches!(s.get("type"), Some(Value::String(t)) if t == "object")) {
            return Err(format!("{file}: outputSchema must be an object schema with type \"object\""));
        }
    }
    let empty = Object::new();
    let properties = match schema.get("properties") {
        Some(Value::Object(p)) => p,
        None => &empty,
        _ => return Err(format!("{file}: inputSchema.properties must be an object")),
    };
    if properties.len() > MAX_TOOL_PARAMS {
        return Err(format!(
            "{file}: inputSchema declares {} properties; a tool may have at most {MAX_TOOL_PARAMS} \
             (the argument check tracks them in one 64-bit word): split the tool or nest an object",
            properties.len()
        ));
    }
    let required: Vec<String> = match schema.get("required") {
        Some(Value::Array(list)) => strings(list, &format!("{file}: inputSchema.required"))?,
        None => Vec::new(),
        _ => return Err(format!("{file}: inputSchema.required must be an array of strings")),
    };
    for r in &required {
        if !properties.contains_key(r) {
            return Err(format!("{file}: required property {r:?} is not in inputSchema.properties"));
        }
    }
    let open = !matches!(schema.get("additionalProperties"), Some(Value::Bool(false)));
    param_headers::only_on_top_level(&schema, &file)?;
    let mut params = Vec::new();
    let (mut header_names, mut headers) = (Vec::new(), Vec::new());
    for (prop, spec) in properties.iter() {
        let spec = match spec {
            Value::Object(s) => s,
            _ => return Err(format!("{file}: property {prop:?} must be a schema object")),
        };
        let types: Vec<String> = match spec.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(list)) => strings(list, &format!("{file}: {prop}.type"))?,
            None => TYPES.iter().map(|(t, _)| t.to_string()).collect(),
            _ => return Err(format!("{file}: {prop}.type must be a string or array")),
        };
        let mut mask = Vec::new();
        for t in &types {
            match TYPES.iter().find(|(n, _)| n == t) {
                Some((_, bit)) => mask.push(format!("ty::{bit}")),
                None => return Err(format!("{file}: {prop}.type {t:?} is not a JSON Schema type")),
            }
        }
        let max_len = match spec.get("maxLength") {
            // Written as source text: the host's usize::MAX does not fit wasm32's.
            Some(Value::Number(Number::U64(n))) => n.to_string(),
            None => "usize::MAX".to_string(),
            _ => return Err(format!("{file}: {prop}.maxLength must be a non-negative integer")),
        };
        if let Some(header) = param_headers::of(prop, spec, &types, &mut header_names, &file)? {
            headers.push((prop.clone(), header));
        }
        params.push((prop.clone(), format!("types: {}, required: {}, max_len: {max_len}", mask.join(" | "), required.contains(prop))));
    }
    let static_result = match o.remove("result") {
        Some(Value::Object(r)) => {
            if !matches!(r.get("content"), Some(Value::Array(_))) {
                return Err(format!("{file}: a static \"result\" needs a \"content\" array"));
            }
            Some(json::to_string(&r))
        }
        Some(_) => return Err(format!("{file}: \"result\" must be an object")),
        None => None,
    };
    // A declared upstream instead of a handler: build/http.rs and build/kv.rs.
    let (upstream, http_room) = match super::http::tool_binding(&mut o, &file, properties, &required)? {
        Some((run, room)) => (Some(run), room),
        None => (super::kv::tool_item(&mut o, &file, properties)?, Default::default()),
    };
    if upstream.is_some() && static_result.is_some() {
        return Err(format!("{file}: a tool has a static \"result\" or an \"http\"/\"kv\" binding, not both"));
    }
    let ident = name.replace(['-', '.'], "_");
    let handler = if static_result.is_none() && upstream.is_none() {
        let path = handlers.join(format!("{ident}.rs"));
        if !path.exists() {
            return Err(format!(
                "{file}: tool {name:?} has no static \"result\" and no handler file {}",
                path.display()
            ));
        }
        Some(path)
    } else {
        None
    };
    Ok(ToolDecl { file, listed: json::to_string(&o), name, ident, params, headers, open, handler, static_result, upstream, http_room })
}

/// Handler modules, the `tools/list` pages and the `TOOLS` table.
pub fn emit(code: &mut String, tools: &[ToolDecl], page_size: usize) {
    for t in tools {
        if let Some(handler) = &t.handler {
            let _ = writeln!(code, "#[path = {:?}] mod {};", handler.display(), t.ident);
        }
    }
    let pages = emit_pages(code, "TOOL", "tools", tools.iter().map(|t| &t.listed), page_size);
    code.push_str("pub static TOOLS: &[Tool] = &[\n");
    let mut handlers = Vec::new();
    for t in tools {
        let run = match (&t.static_result, &t.upstream) {
            (Some(result), _) => format!("Run::Static({result:?})"),
            (None, Some(run)) => pages.source(run),
            (None, None) => {
                handlers.push(t.ident.as_str());
                format!("Run::Handler({})", handlers.len() - 1)
            }
        };
        let _ = writeln!(
            code,
            "  Tool {{ name: {}, params: &[{}], open: {}, run: {run} }},",
            pages.text(&t.name),
            t.params.iter().map(|(name, rest)| format!("Param {{ name: {}, {rest} }}", pages.text(name))).collect::<Vec<_>>().join(", "),
            t.open
        );
    }
    code.push_str("];\n");
    // Handlers are called by number through one `match`, not through a function
    // pointer: direct calls, which the optimizer may inline (one handler: no match).
    code.push_str("pub fn run_handler(n: u16, call: &mut ToolCall) -> ToolResult {\n");
    match handlers.as_slice() {
        [] => code.push_str("  let _ = (n, call);\n  Ok(())\n"),
        [one] => {
            let _ = writeln!(code, "  let _ = n;\n  {one}::call(call)");
        }
        many => {
            code.push_str("  match n {\n");
            for (n, ident) in many.iter().enumerate() {
                let last = n + 1 == many.len();
                let _ = writeln!(code, "    {} => {ident}::call(call),", if last { "_".to_string() } else { n.to_string() });
            }
            code.push_str("  }\n");
        }
    }
    code.push_str("}\n");
    // Whether any schema the argument check reads allows properties it does not list
    // (a tool's `additionalProperties` not false, or an HTTP tool's open outputSchema,
    // `output: Some((&[..], true))`): without one, an unknown key is always refused.
    let open = tools.iter().any(|t| t.open || t.upstream.as_ref().is_some_and(|u| u.contains("], true)), max_bytes")));
    let _ = writeln!(code, "pub const OPEN_SCHEMAS: bool = {open};");
    // Whether any tool answers a result fixed at build time.
    let _ = writeln!(code, "pub const STATIC_RESULTS: bool = {};", tools.iter().any(|t| t.static_result.is_some()));
    // What declared HTTP tools use, so the code for what none uses is compiled away.
    let http = |part: &str| tools.iter().any(|t| t.upstream.as_ref().is_some_and(|u| u.starts_with("Run::Http") && u.contains(part)));
    let _ = writeln!(code, "pub const HTTP_BODIES: bool = {};", http(", body: Some("));
    let _ = writeln!(code, "pub const HTTP_JSON: bool = {};", http(", json: true"));
    let _ = writeln!(code, "pub const HTTP_TEXT: bool = {};", http(", json: false"));
    let _ = writeln!(code, "pub const HTTP_ARG_HEADERS: bool = {};", http("HeaderValue::Text(&[\"\", "));
    let _ = writeln!(code, "pub const HTTP_CONFIG_HEADERS: bool = {};", http("Lookup { secret: false"));
    // Room for the secrets one call sends, which its answer is redacted of.
    let _ = writeln!(code, "pub const HTTP_MAX_SECRETS: usize = {};", tools.iter().map(|t| t.http_room.secrets).max().unwrap_or(0));
    // Room for the headers one call sends: the list is allocated at this size.
    let _ = writeln!(code, "pub const HTTP_MAX_HEADERS: usize = {};", tools.iter().map(|t| t.http_room.headers).max().unwrap_or(0));
    let _ = writeln!(code, "pub const HTTP_URL_ANY_TYPE: bool = {};", http(super::http::URL_SLOT_ANY_TYPE));
    let _ = writeln!(code, "pub const HTTP_URL_NOT_STRING: bool = {};", http(super::http::URL_SLOT_NOT_STRING));
    let headers = tools.iter().flat_map(|t| t.headers.iter().map(|(prop, name)| (t.name.as_str(), prop.as_str(), name.as_str())));
    param_headers::emit(code, headers);
}
