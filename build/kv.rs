//! `"kv"` in a tool, resource or resource-template declaration: the answer is read from
//! a FastEdge key-value store per request, so it can change without a redeploy.
//! Emits the `KvItem`s / `KvResource`s that `src/upstream/kv_items.rs` serves.
//!
//! ```json
//! "kv": { "store": "edge-mcp", "key": "note:{name}" }
//! "kv": { "store": "edge-mcp", "key": "events", "zrangeByScore": { "min": "{from}", "max": "+inf" } }
//! ```
//! Key slots are tool arguments (tools) or URI-template variables (templates); a static
//! resource's key has none. A sorted-set range is for tools only.

use miniserde::json::{Object, Value};
use std::fmt::Write as _;

use super::Result;

/// A declared KV-backed resource, for the `KV_RESOURCES` table.
pub struct KvResourceDecl {
    pub code: String,
    /// How many variables its URI template has (none for a plain resource).
    pub vars: usize,
    /// Whether its URI has at most one variable, at its very end (`prefix{var}`): see
    /// `TEMPLATES_TRAILING`.
    pub trailing: bool,
}

/// Removes `"kv"` from a tool declaration; returns the `Run::Kv(..)` source and whether
/// it looks up a sorted-set range (`edge_kv_range`), if it has one.
pub fn tool_item(o: &mut Object, file: &str, properties: &Object) -> Result<Option<(String, bool)>> {
    let kv = match o.remove("kv") {
        None => return Ok(None),
        Some(Value::Object(kv)) => kv,
        Some(_) => return Err(format!("{file}: \"kv\" must be an object")),
    };
    let slot_ok = |name: &str| properties.contains_key(name);
    let (store, key, range) = item(&kv, file, &slot_ok, true, properties)?;
    let ranged = range != "None";
    Ok(Some((format!("Run::Kv(&KvItem {{ store: {store:?}, key: {key}, range: {range} }})"), ranged)))
}

/// Removes `"kv"` from a resource (`vars` empty) or template declaration; returns its
/// table entry, if it has one. Such a declaration has no `text`/`blob`.
pub fn resource_item(o: &mut Object, file: &str, uri: &str, vars: Option<&[String]>) -> Result<Option<KvResourceDecl>> {
    let kv = match o.remove("kv") {
        None => return Ok(None),
        Some(Value::Object(kv)) => kv,
        Some(_) => return Err(format!("{file}: \"kv\" must be an object")),
    };
    if o.contains_key("text") || o.contains_key("blob") {
        return Err(format!("{file}: a \"kv\" resource has no \"text\" or \"blob\" (its content is in the store)"));
    }
    // The module matches every KV resource's URI as a template: a plain one must have
    // no brace to be matched exactly (none belongs in a URI anyway, RFC 3986).
    if vars.is_none() && uri.contains(['{', '}']) {
        return Err(format!("{file}: the uri of a \"kv\" resource cannot hold {{ or }} (declare a resource template)"));
    }
    let allowed: Vec<String> = vars.map(<[String]>::to_vec).unwrap_or_default();
    let slot_ok = |name: &str| allowed.iter().any(|v| v == name);
    let (store, key_pieces, _) = item(&kv, file, &slot_ok, false, &Object::new())?;
    // Each key slot as the position of its variable in the template (the first of
    // that name), so the module fills the key from the matched values by index.
    let mut key_vars = Vec::new();
    let key = match kv.get("key") {
        Some(Value::String(k)) => k.as_str(),
        _ => "",
    };
    let mut n = 0;
    super::split::split(key, "{", "}", |p| {
        if n % 2 == 1 {
            key_vars.push(allowed.iter().position(|v| v == p).unwrap_or(0));
        }
        n += 1;
    });
    // What follows the uri in a read's contents item, serialized here once.
    let after_uri = match o.get("mimeType") {
        Some(Value::String(m)) => format!(",\"mimeType\":{},\"text\":", miniserde::json::to_string(m)),
        _ => ",\"text\":".into(),
    };
    Ok(Some(KvResourceDecl {
        trailing: super::templates::trailing(uri),
        code: format!(
            "KvResource {{ uri: {}, after_uri: {after_uri:?}, key_vars: &{key_vars:?}, store: {store:?}, key: {key_pieces} }}",
            super::pieces(uri, "{", "}")
        ),
        vars: allowed.len(),
    }))
}

/// A KV declaration checked: its store, its key's pieces (Rust source) and, for a tool,
/// its range lookup (Rust source, `None` if it has none).
fn item(kv: &Object, file: &str, slot_ok: &dyn Fn(&str) -> bool, tool: bool, properties: &Object) -> Result<(String, String, String)> {
    for key in kv.keys() {
        if !["store", "key", "zrangeByScore"].contains(&key.as_str()) {
            return Err(format!("{file}: kv.{key} is not a kv field (store, key, zrangeByScore)"));
        }
    }
    let field = |k: &str| match kv.get(k) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(format!("{file}: kv.{k} must be a non-empty string")),
    };
    let store = field("store")?;
    let key = field("key")?;
    for slot in slots(&key).map_err(|m| format!("{file}: kv.key {key:?}: {m}"))? {
        if !slot_ok(&slot) {
            let whose = if tool { "inputSchema.properties" } else { "the URI template's variables" };
            return Err(format!("{file}: kv.key slot {{{slot}}} is not in {whose}"));
        }
    }
    let range = match kv.get("zrangeByScore") {
        None => "None".to_string(),
        Some(_) if !tool => return Err(format!("{file}: kv.zrangeByScore is for tools only")),
        Some(Value::Object(r)) => {
            let bound = |k: &str| -> Result<String> {
                let b = match r.get(k) {
                    Some(Value::String(b)) => b.clone(),
                    _ => return Err(format!("{file}: kv.zrangeByScore.{k} must be a string: an integer, \"-inf\", \"+inf\" or \"{{argument}}\"")),
                };
                if let Some(name) = b.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    match properties.get(name) {
                        Some(Value::Object(p)) if matches!(p.get("type"), Some(Value::String(t)) if t == "integer") => {}
                        _ => return Err(format!("{file}: kv.zrangeByScore.{k} slot {{{name}}} must be an integer property of inputSchema")),
                    }
                } else if !(b == "-inf" || b == "+inf" || b.trim_start_matches('-').parse::<u64>().is_ok()) {
                    return Err(format!("{file}: kv.zrangeByScore.{k} {b:?} must be an integer, \"-inf\", \"+inf\" or \"{{argument}}\""));
                }
                Ok(b)
            };
            format!("Some(({:?}, {:?}))", bound("min")?, bound("max")?)
        }
        Some(_) => return Err(format!("{file}: kv.zrangeByScore must be an object with min and max")),
    };
    Ok((store, super::pieces(&key, "{", "}"), range))
}

fn slots(template: &str) -> std::result::Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if rest[..open].contains('}') {
            return Err("unbalanced brace".into());
        }
        let close = rest[open..].find('}').ok_or("unclosed slot")? + open;
        let name = &rest[open + 1..close];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!("slot {{{name}}} must be a name ([A-Za-z0-9_])"));
        }
        out.push(name.to_string());
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err("unbalanced brace".into());
    }
    Ok(out)
}

/// The `KV_RESOURCES` table (empty when none is declared, and then unused); its texts
/// are slices of the list pages (`pages`) where those hold them.
pub fn emit(code: &mut String, resources: &[&KvResourceDecl], uses_kv: bool, pages: &[&super::pages::Pages]) {
    let _ = writeln!(code, "pub const KV_RESOURCE_COUNT: usize = {};", resources.len());
    // The most variables one KV template has: room for a match's values.
    let _ = writeln!(code, "pub const KV_MAX_VARS: usize = {};", resources.iter().map(|r| r.vars).max().unwrap_or(0));
    // The fewest: when every KV URI has a variable, a read never tests for a plain one.
    let _ = writeln!(code, "pub const KV_MIN_VARS: usize = {};", resources.iter().map(|r| r.vars).min().unwrap_or(0));
    if uses_kv {
        code.push_str("pub static KV_RESOURCES: &[KvResource] = &[\n");
        for r in resources {
            let source = pages.iter().fold(r.code.clone(), |source, p| p.source(&source));
            let _ = writeln!(code, "  {source},");
        }
        code.push_str("];\n");
    }
}
