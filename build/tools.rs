//! `catalog/tools/*.json`: a tool, answered by a handler in `src/tools/<name>.rs` or by a
//! static `"result"`. Its `inputSchema` becomes the parameter table the server checks
//! arguments against before any handler runs.

use miniserde::json::{self, Number, Object, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::files::{read_object, string_field, strings};
use super::pages::emit_pages;
use super::schema::{self, Param};
use super::{param_headers, Result};

pub struct ToolDecl {
    pub file: String,
    /// (property, `x-mcp-header` name) for each annotated property.
    headers: Vec<(String, String)>,
    pub name: String,
    ident: String,
    listed: String,
    /// The `inputSchema`'s properties, as the argument check reads them.
    pub params: Vec<Param>,
    open: bool,
    pub handler: Option<PathBuf>,
    static_result: Option<String>,
    /// `Run::Http(..)` / `Run::Kv(..)` source for a declared upstream (build/http.rs, kv.rs).
    upstream: Option<String>,
    /// What the upstream is and uses, as data for the build-wide flags.
    pub binding: Binding,
}

/// A tool's declared upstream, by kind, with what the build needs to know of it.
pub enum Binding {
    None,
    Http(super::http::Uses),
    Kv { range: bool },
}

/// The most properties one `inputSchema` may declare: the argument check
/// (`src/mcp/tools.rs`) records which parameters it has seen in one `u64`, one bit each.
pub const MAX_TOOL_PARAMS: usize = 64;

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
            None => schema::ANY.iter().map(|t| t.to_string()).collect(),
            _ => return Err(format!("{file}: {prop}.type must be a string or array")),
        };
        let mask = schema::mask(types.iter().map(String::as_str))
            .map_err(|t| format!("{file}: {prop}.type {t:?} is not a JSON Schema type"))?;
        let max_len = match spec.get("maxLength") {
            Some(Value::Number(Number::U64(n))) => Some(*n),
            None => None,
            _ => return Err(format!("{file}: {prop}.maxLength must be a non-negative integer")),
        };
        if let Some(header) = param_headers::of(prop, spec, &types, &mut header_names, &file)? {
            headers.push((prop.clone(), header));
        }
        params.push(Param { name: prop.clone(), mask, required: required.contains(prop), max_len });
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
    let (upstream, binding) = match super::http::tool_binding(&mut o, &file, properties, &required)? {
        Some((run, uses)) => (Some(run), Binding::Http(uses)),
        None => match super::kv::tool_item(&mut o, &file, properties)? {
            Some((run, range)) => (Some(run), Binding::Kv { range }),
            None => (None, Binding::None),
        },
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
    Ok(ToolDecl { file, listed: json::to_string(&o), name, ident, params, headers, open, handler, static_result, upstream, binding })
}

/// Handler modules, the `tools/list` pages and the `TOOLS` table.
pub fn emit(code: &mut String, tools: &[ToolDecl], page_size: usize) {
    for t in tools {
        if let Some(handler) = &t.handler {
            let _ = writeln!(code, "#[path = {:?}] mod {};", handler.display(), t.ident);
        }
    }
    let pages = emit_pages(code, "TOOL", "tools", tools.iter().map(|t| &t.listed), page_size);
    // A catalog with one declared HTTP tool names its binding as a constant too, so the
    // module reads it from constant data (`binding::call` folds its fields) rather than
    // through the tool's entry.
    let http_runs: Vec<&String> = tools.iter().filter(|t| t.static_result.is_none()).filter_map(|t| t.upstream.as_ref()).filter(|r| r.starts_with("Run::Http(")).collect();
    let sole_http = match http_runs.as_slice() {
        [run] => {
            let binding = pages.source(run);
            let binding = binding.strip_prefix("Run::Http(").and_then(|b| b.strip_suffix(')')).unwrap_or(&binding).to_string();
            let _ = writeln!(code, "const SOLE_HTTP: &HttpBinding = {binding};");
            code.push_str("pub const SOLE_HTTP_BINDING: Option<&HttpBinding> = Some(SOLE_HTTP);\n");
            true
        }
        // (None also where an HTTP tool's run is not a binding's, so the name always
        // exists where `binding::call` is compiled: cfg `edge_http_tool`.)
        _ => {
            if tools.iter().any(|t| matches!(t.binding, Binding::Http(_))) {
                code.push_str("pub const SOLE_HTTP_BINDING: Option<&HttpBinding> = None;\n");
            }
            false
        }
    };
    code.push_str("pub static TOOLS: &[Tool] = &[\n");
    let mut handlers = Vec::new();
    for t in tools {
        let run = match (&t.static_result, &t.upstream) {
            (Some(result), _) => format!("Run::Static({result:?})"),
            (None, Some(run)) if sole_http && run.starts_with("Run::Http(") => "Run::Http(SOLE_HTTP)".to_string(),
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
            t.params.iter().map(|p| p.source(&pages.text(&p.name))).collect::<Vec<_>>().join(", "),
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
    let uses: Vec<&super::http::Uses> = tools.iter().filter_map(|t| if let Binding::Http(u) = &t.binding { Some(u) } else { None }).collect();
    // Whether any schema the argument check reads allows properties it does not list
    // (a tool's `additionalProperties` not false, or an HTTP tool's open outputSchema):
    // without one, an unknown key is always refused.
    let open = tools.iter().any(|t| t.open) || uses.iter().any(|u| u.output_open);
    let _ = writeln!(code, "pub const OPEN_SCHEMAS: bool = {open};");
    // Whether any tool answers a result fixed at build time.
    let _ = writeln!(code, "pub const STATIC_RESULTS: bool = {};", tools.iter().any(|t| t.static_result.is_some()));
    // What declared HTTP tools use, so the code for what none uses is compiled away.
    let any = |used: fn(&super::http::Uses) -> bool| uses.iter().any(|u| used(u));
    let _ = writeln!(code, "pub const HTTP_BODIES: bool = {};", any(|u| u.body));
    let _ = writeln!(code, "pub const HTTP_JSON: bool = {};", any(|u| u.json));
    let _ = writeln!(code, "pub const HTTP_TEXT: bool = {};", any(|u| !u.json));
    let _ = writeln!(code, "pub const HTTP_ARG_HEADERS: bool = {};", any(|u| u.arg_headers));
    let _ = writeln!(code, "pub const HTTP_CONFIG_HEADERS: bool = {};", any(|u| u.config_headers));
    // Room for the secrets one call sends, which its answer is redacted of.
    let _ = writeln!(code, "pub const HTTP_MAX_SECRETS: usize = {};", uses.iter().map(|u| u.secrets).max().unwrap_or(0));
    // Room for the headers one call sends: the list is allocated at this size.
    let _ = writeln!(code, "pub const HTTP_MAX_HEADERS: usize = {};", uses.iter().map(|u| u.headers).max().unwrap_or(0));
    let _ = writeln!(code, "pub const HTTP_URL_ANY_TYPE: bool = {};", any(|u| u.url_any_type));
    let _ = writeln!(code, "pub const HTTP_URL_NOT_STRING: bool = {};", any(|u| u.url_not_string));
    let headers = tools.iter().flat_map(|t| t.headers.iter().map(|(prop, name)| (t.name.as_str(), prop.as_str(), name.as_str())));
    param_headers::emit(code, headers);
}
