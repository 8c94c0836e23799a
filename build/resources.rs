//! `catalog/resources/*.json`: a static resource, text or blob, whose `resources/read`
//! answer is serialized here.

use miniserde::json::{self, Array, Object, Value};
use std::fmt::Write as _;
use std::path::Path;

use super::files::{read_object, string_field};
use super::pages::emit_pages;
use super::Result;

pub struct ResourceDecl {
    pub file: String,
    pub uri: String,
    listed: String,
    contents: String,
    /// Read from a key-value store per request instead (build/kv.rs).
    pub kv: Option<super::kv::KvResourceDecl>,
}

/// Moves `text` or `blob` out of a declaration into a `resources/read` answer.
pub fn contents_of(o: &mut Object, uri_key: &str, uri: &str, file: &str) -> Result<String> {
    let mut item = Object::new();
    item.insert("uri".into(), Value::String(uri.into()));
    if let Some(m) = o.get("mimeType") {
        item.insert("mimeType".into(), m.clone());
    }
    match (o.remove("text"), o.remove("blob")) {
        (Some(Value::String(t)), None) => item.insert("text".into(), Value::String(t)),
        (None, Some(Value::String(b))) => item.insert("blob".into(), Value::String(b)),
        _ => return Err(format!("{file}: exactly one of \"text\" or \"blob\" (a string) is required")),
    };
    let _ = uri_key;
    let mut list = Array::new();
    list.push(Value::Object(item));
    let mut result = Object::new();
    result.insert("contents".into(), Value::Array(list));
    Ok(json::to_string(&result))
}

pub fn resource(path: &Path) -> Result<ResourceDecl> {
    let file = path.display().to_string();
    let mut o = read_object(path)?;
    let uri = string_field(&o, "uri", &file)?;
    if !uri.contains(':') {
        return Err(format!("{file}: uri {uri:?} must be an absolute URI"));
    }
    string_field(&o, "name", &file)?;
    if let Some(kv) = super::kv::resource_item(&mut o, &file, &uri, None)? {
        return Ok(ResourceDecl { file, listed: json::to_string(&o), uri, contents: String::new(), kv: Some(kv) });
    }
    let contents = contents_of(&mut o, "uri", &uri, &file)?;
    Ok(ResourceDecl { file, listed: json::to_string(&o), uri, contents, kv: None })
}

/// The `resources/list` pages and the `RESOURCES` table.
pub fn emit(code: &mut String, resources: &[ResourceDecl], page_size: usize) -> super::pages::Pages {
    let pages = emit_pages(code, "RESOURCE", "resources", resources.iter().map(|r| &r.listed), page_size);
    code.push_str("pub static RESOURCES: &[Resource] = &[\n");
    for r in resources.iter().filter(|r| r.kv.is_none()) {
        // Open: `resources/read` adds the stateless era's cache hints, then the brace.
        let open = r.contents.strip_suffix('}').unwrap_or(&r.contents);
        let _ = writeln!(code, "  Resource {{ uri: {}, contents: {open:?} }},", pages.text(&r.uri));
    }
    code.push_str("];\n");
    pages
}
