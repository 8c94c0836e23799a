//! `"http"` in a tool declaration: the tool calls an upstream HTTP API, no handler.
//! Checks the binding against the tool's schemas and emits the `HttpBinding` that
//! `src/upstream/binding.rs` runs. Every refusal names the file.
//!
//! ```json
//! "http": {
//!   "method": "GET",
//!   "url": "https://api.github.com/repos/{owner}/{repo}",
//!   "baseFrom": "GITHUB_API_BASE",
//!   "headers": { "user-agent": "edge-mcp",
//!                "authorization": { "secret": "GITHUB_TOKEN", "prefix": "Bearer " } },
//!   "body": { "query": "{q}" },
//!   "result": "json",
//!   "maxBytes": 262144
//! }
//! ```

use miniserde::json::{self, Number, Object, Value};

use super::schema::{self, Param};
use super::Result;

const METHODS: [(&str, &str); 7] = [
    ("GET", "Get"),
    ("POST", "Post"),
    ("PUT", "Put"),
    ("DELETE", "Delete"),
    ("HEAD", "Head"),
    ("PATCH", "Patch"),
    ("OPTIONS", "Options"),
];

/// Answers larger than this are refused unless the declaration says otherwise.
const DEFAULT_MAX_BYTES: u64 = 262_144;

/// What one binding uses and needs room for, as data: build/tools.rs derives the
/// catalog's `HTTP_*` consts from these (a flag is on when any binding uses the part;
/// `HTTP_MAX_SECRETS` and `HTTP_MAX_HEADERS` are the most of any binding), and
/// `OPEN_SCHEMAS`, `TYPE_SETS` and `INTEGER_PARAMS` count the output schema's params.
pub struct Uses {
    /// Secret-valued headers sent.
    pub secrets: usize,
    /// Headers sent, the body's `content-type` included.
    pub headers: usize,
    /// A JSON body template.
    pub body: bool,
    /// `"result": "json"` (otherwise the body is answered as text).
    pub json: bool,
    /// A header whose value is an argument.
    pub arg_headers: bool,
    /// A header whose value is a configuration (dictionary/env) value.
    pub config_headers: bool,
    /// A URL slot whose property the argument check lets be an object or array: only
    /// then does the module carry the message refusing one (`catalog::HTTP_URL_ANY_TYPE`).
    pub url_any_type: bool,
    /// A URL slot whose property may be a number or boolean (`HTTP_URL_NOT_STRING`).
    pub url_not_string: bool,
    /// The outputSchema's top-level properties, checked against a JSON answer.
    pub output: Vec<Param>,
    /// Whether that schema allows properties it does not list.
    pub output_open: bool,
}

/// Removes `"http"` from the declaration and returns the `Run::Http(..)` source and what
/// it uses, or `None` when the tool has no binding.
pub fn tool_binding(o: &mut Object, file: &str, properties: &Object, required: &[String]) -> Result<Option<(String, Uses)>> {
    let b = match o.remove("http") {
        None => return Ok(None),
        Some(Value::Object(b)) => b,
        Some(_) => return Err(format!("{file}: \"http\" must be an object")),
    };
    for key in b.keys() {
        if !["method", "url", "baseFrom", "headers", "body", "result", "maxBytes"].contains(&key.as_str()) {
            return Err(format!("{file}: http.{key} is not a binding field (method, url, baseFrom, headers, body, result, maxBytes)"));
        }
    }
    let method = match b.get("method") {
        None => "Get",
        Some(Value::String(m)) => match METHODS.iter().find(|(n, _)| n == m) {
            Some((_, v)) => v,
            None => return Err(format!("{file}: http.method {m:?} is not one of GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS")),
        },
        Some(_) => return Err(format!("{file}: http.method must be a string")),
    };
    let url = match b.get("url") {
        Some(Value::String(u)) => u.clone(),
        _ => return Err(format!("{file}: http.url must be a string")),
    };
    check_url(&url, file, properties, required)?;
    let base_from = match b.get("baseFrom") {
        None => "None".to_string(),
        Some(Value::String(k)) if !k.is_empty() => format!("Some({k:?})"),
        Some(_) => return Err(format!("{file}: http.baseFrom must name a configuration value")),
    };
    // Fixed headers (a declared string) go to the module as the host takes them;
    // computed ones (a lookup or an argument) are listed apart and sent after them.
    let (mut headers, mut computed, mut secrets) = (Vec::new(), Vec::new(), 0);
    let (mut config_headers, mut arg_headers) = (false, false);
    match b.get("headers") {
        None => {}
        Some(Value::Object(h)) => {
            for (name, value) in h.iter() {
                match header(name, value, file, properties)? {
                    Header::Fixed(source) => headers.push(source),
                    Header::Computed(source) => {
                        let from = |key| matches!(value, Value::Object(v) if v.contains_key(key));
                        secrets += from("secret") as usize;
                        config_headers |= from("config");
                        arg_headers |= from("arg");
                        computed.push(source)
                    }
                }
            }
        }
        Some(_) => return Err(format!("{file}: http.headers must be an object of name -> value")),
    }
    let body = match b.get("body") {
        None => "None".to_string(),
        Some(v) => {
            let text = json::to_string(v);
            for slot in json_slots(&text) {
                if !properties.contains_key(&slot) {
                    return Err(format!("{file}: http.body slot \"{{{slot}}}\" is not in inputSchema.properties"));
                }
            }
            format!("Some({})", super::pieces(&text, "\"{", "}\""))
        }
    };
    let json_result = match b.get("result") {
        None => false,
        Some(Value::String(r)) if r == "text" => false,
        Some(Value::String(r)) if r == "json" => true,
        Some(_) => return Err(format!("{file}: http.result must be \"text\" or \"json\"")),
    };
    let (output, output_open) = match (o.get("outputSchema"), json_result) {
        (Some(Value::Object(s)), true) => output_params(s, file)?,
        (Some(_), false) => return Err(format!("{file}: a tool with an outputSchema needs http.result \"json\"")),
        // None; or not an object, which tools.rs has already refused.
        _ => (Vec::new(), None),
    };
    let output_source = match output_open {
        None => "None".to_string(),
        Some(open) => format!("Some((&[{}], {open}))", output.iter().map(|p| p.source(&format!("{:?}", p.name))).collect::<Vec<_>>().join(", ")),
    };
    let max_bytes = match b.get("maxBytes") {
        None => DEFAULT_MAX_BYTES,
        Some(Value::Number(Number::U64(n))) if *n > 0 && *n <= 16 << 20 => *n,
        Some(_) => return Err(format!("{file}: http.maxBytes must be an integer from 1 to 16777216")),
    };
    // Split once here, so the module never parses the URL.
    let mut rest = Vec::new();
    let (origin, path_slots) = super::split::split_url(&url, |p| rest.push(p)).ok_or_else(|| format!("{file}: http.url {url:?} must be an absolute URL"))?;
    let slots = || rest.iter().skip(1).step_by(2).map(|name| properties.get(*name));
    let uses = Uses {
        secrets,
        headers: headers.len() + computed.len() + (body != "None") as usize,
        body: body != "None",
        json: json_result,
        arg_headers,
        config_headers,
        url_any_type: slots().any(|p| !declared_only(p, &["object", "array"])),
        url_not_string: slots().any(|p| !declared_only(p, &["object", "array", "number", "integer", "boolean"])),
        output,
        output_open: output_open == Some(true),
    };
    Ok(Some((format!(
        "Run::Http(&HttpBinding {{ method: crate::http::Method::{method}, origin: {origin:?}, url: &{rest:?}, path_slots: {path_slots}, base_from: {base_from}, \
         headers: &[{}], computed: &[{}], body: {body}, json: {json_result}, output: {output_source}, max_bytes: {max_bytes} }})",
        headers.join(", "),
        computed.join(", ")
    ), uses)))
}

/// Whether a property declares a `type` that admits none of `refused` (the argument
/// check, which runs first, then refuses a value of those types).
fn declared_only(property: Option<&Value>, refused: &[&str]) -> bool {
    let allowed = |t: &Value| matches!(t, Value::String(s) if !refused.contains(&s.as_str()));
    match property {
        Some(Value::Object(p)) => match p.get("type") {
            Some(Value::Array(types)) => types.iter().all(allowed),
            Some(t) => allowed(t),
            None => false,
        },
        _ => false,
    }
}

/// The origin must be fixed (no slot in scheme, host or port), `https://` unless the
/// host is loopback; every slot after it must name a property, and a path slot a
/// required one (an absent one would change the path).
pub fn check_url(url: &str, file: &str, properties: &Object, required: &[String]) -> Result<()> {
    let (scheme, rest) = url.split_once("://").ok_or_else(|| format!("{file}: http.url {url:?} must be an absolute URL"))?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.is_empty() || authority.contains(['{', '}']) || scheme.contains(['{', '}']) {
        return Err(format!("{file}: http.url {url:?}: the scheme, host and port cannot come from a slot (use \"baseFrom\" for an operator-set origin)"));
    }
    if authority.contains('@') {
        return Err(format!("{file}: http.url {url:?}: credentials do not belong in the URL (use a secret header)"));
    }
    let host = if authority.starts_with('[') { &authority[..authority.find(']').map_or(authority.len(), |i| i + 1)] } else { authority.split(':').next().unwrap_or("") };
    let loopback = host == "localhost" || host == "[::1]" || (host.starts_with("127.") && host.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    match scheme {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(format!("{file}: http.url {url:?} must be https:// (http:// only for a loopback host)")),
    }
    let path_and_query = &rest[authority_end..];
    let query_start = path_and_query.find(['?', '#']).unwrap_or(path_and_query.len());
    let mut tail = path_and_query;
    let mut offset = 0;
    while let Some(open) = tail.find('{') {
        let close = tail[open..].find('}').map(|c| c + open).ok_or_else(|| format!("{file}: http.url {url:?} has an unclosed slot"))?;
        if tail[..open].contains('}') {
            return Err(format!("{file}: http.url {url:?} has an unbalanced brace"));
        }
        let name = &tail[open + 1..close];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!("{file}: http.url slot {{{name}}} must be a property name ([A-Za-z0-9_])"));
        }
        if !properties.contains_key(name) {
            return Err(format!("{file}: http.url slot {{{name}}} is not in inputSchema.properties"));
        }
        if offset + open < query_start && !required.iter().any(|r| r == name) {
            return Err(format!("{file}: http.url slot {{{name}}} is in the path, so it must be in inputSchema.required"));
        }
        offset += close + 1;
        tail = &tail[close + 1..];
    }
    if tail.contains('}') {
        return Err(format!("{file}: http.url {url:?} has an unbalanced brace"));
    }
    Ok(())
}

/// A declared header as generated source: a `Header` of the fixed list, or a computed
/// one's `(name, HeaderValue)`.
enum Header {
    Fixed(String),
    Computed(String),
}

fn header(name: &str, value: &Value, file: &str, properties: &Object) -> Result<Header> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) {
        return Err(format!("{file}: http.headers: {name:?} is not a header name"));
    }
    let name = name.to_ascii_lowercase();
    if ["host", "content-length", "transfer-encoding", "connection"].contains(&name.as_str()) {
        return Err(format!("{file}: http.headers: {name} is set by the platform"));
    }
    let source = match value {
        Value::String(t) if !t.bytes().any(|b| b < 0x20 || b == 0x7f) => return Ok(Header::Fixed(format!("Header::new({name:?}, {t:?})"))),
        Value::String(_) => return Err(format!("{file}: http.headers.{name} cannot hold control characters")),
        Value::Object(v) => {
            let one = |k: &str| match v.get(k) {
                Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
                None => Ok(None),
                Some(_) => Err(format!("{file}: http.headers.{name}.{k} must be a non-empty string")),
            };
            let prefix = match v.get("prefix") {
                None => String::new(),
                Some(Value::String(p)) if !p.bytes().any(|b| b < 0x20) => p.clone(),
                Some(_) => return Err(format!("{file}: http.headers.{name}.prefix must be a string")),
            };
            match (one("secret")?, one("config")?, one("arg")?) {
                (Some(s), None, None) => format!("HeaderValue::Lookup {{ secret: true, key: {s:?}, prefix: {prefix:?} }}"),
                (None, Some(c), None) if prefix.is_empty() => format!("HeaderValue::Lookup {{ secret: false, key: {c:?}, prefix: \"\" }}"),
                (None, None, Some(a)) if prefix.is_empty() => {
                    if !properties.contains_key(&a) {
                        return Err(format!("{file}: http.headers.{name}.arg {a:?} is not in inputSchema.properties"));
                    }
                    format!("HeaderValue::Text(&[\"\", {a:?}, \"\"])")
                }
                _ => return Err(format!("{file}: http.headers.{name} must be a string or exactly one of {{\"secret\"[, \"prefix\"]}}, {{\"config\"}}, {{\"arg\"}}")),
            }
        }
        _ => return Err(format!("{file}: http.headers.{name} must be a string or an object")),
    };
    Ok(Header::Computed(format!("({name:?}, {source})")))
}

/// The `"{name}"` strings of a serialized JSON body template.
fn json_slots(text: &str) -> Vec<String> {
    let mut slots = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("\"{") {
        rest = &rest[i + 2..];
        if let Some(j) = rest.find("}\"") {
            let name = &rest[..j];
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                slots.push(name.to_string());
                rest = &rest[j + 2..];
            }
        }
    }
    slots
}

/// The top level of an `outputSchema` as the argument check's reduced form: property
/// types, required, and whether other properties are allowed (`Some(open)`). (Nested
/// schemas are not checked at run time; the whole answer still has to be a JSON object.)
fn output_params(schema: &Object, file: &str) -> Result<(Vec<Param>, Option<bool>)> {
    let empty = Object::new();
    let properties = match schema.get("properties") {
        Some(Value::Object(p)) => p,
        None => &empty,
        _ => return Err(format!("{file}: outputSchema.properties must be an object")),
    };
    let required: Vec<&str> = match schema.get("required") {
        Some(Value::Array(r)) => r.iter().filter_map(|v| if let Value::String(s) = v { Some(s.as_str()) } else { None }).collect(),
        _ => Vec::new(),
    };
    let mut params = Vec::new();
    for (prop, spec) in properties.iter() {
        let types: Vec<&str> = match spec {
            Value::Object(s) => match s.get("type") {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(list)) => list.iter().filter_map(|v| if let Value::String(s) = v { Some(s.as_str()) } else { None }).collect(),
                _ => schema::ANY.to_vec(),
            },
            _ => return Err(format!("{file}: outputSchema property {prop:?} must be a schema object")),
        };
        let mask = schema::mask(types).map_err(|t| format!("{file}: outputSchema {prop}.type {t:?} is not a JSON Schema type"))?;
        params.push(Param { name: prop.clone(), mask, required: required.contains(&prop.as_str()), max_len: None });
    }
    let open = !matches!(schema.get("additionalProperties"), Some(Value::Bool(false)));
    Ok((params, Some(open)))
}
