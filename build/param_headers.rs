//! `x-mcp-header` on a tool's input property (SEP-2243, 2026-07-28 Streamable HTTP):
//! clients mirror that argument into the request header `Mcp-Param-{Name}`, and the
//! server checks the two agree. Only string, integer and boolean properties may carry
//! one (the spec excludes `number`), the name must be a valid header-name token, and no
//! two properties of a tool may use the same name, ignoring case (header names are
//! caseless). The spec allows nested `properties` chains; this server checks top-level
//! arguments only, so an annotation anywhere else fails the build rather than being
//! silently left unchecked.
//!
//! The table this emits is empty for a catalog with no annotation, and the server's
//! check is then compiled out: such a catalog pays nothing for the feature.

use miniserde::json::{Object, Value};
use std::fmt::Write as _;

use super::Result;

/// The longest `{Name}` accepted; header names this long are already unusual.
const MAX_NAME: usize = 64;

/// The annotation on property `prop`, if any: its `{Name}`, checked.
pub fn of(prop: &str, spec: &Object, types: &[String], seen: &mut Vec<String>, file: &str) -> Result<Option<String>> {
    let name = match spec.get("x-mcp-header") {
        None => return Ok(None),
        Some(Value::String(n)) => n,
        Some(_) => return Err(format!("{file}: {prop}.x-mcp-header must be a string")),
    };
    if name.is_empty() || name.len() > MAX_NAME || !name.bytes().all(is_token_byte) {
        return Err(format!(
            "{file}: {prop}.x-mcp-header {name:?} must be 1-{MAX_NAME} header-name characters (letters, digits, !#$%&'*+-.^_`|~)"
        ));
    }
    if spec.get("type").is_none() || types.iter().any(|t| !matches!(t.as_str(), "string" | "integer" | "boolean")) {
        return Err(format!(
            "{file}: {prop}.x-mcp-header is only allowed on a property whose type is string, integer or boolean"
        ));
    }
    let lower = name.to_ascii_lowercase();
    if seen.contains(&lower) {
        return Err(format!("{file}: x-mcp-header {name:?} is used by two properties (names are compared ignoring case)"));
    }
    seen.push(lower);
    Ok(Some(name.clone()))
}

/// Fails if `x-mcp-header` appears in `schema` other than on a top-level property.
pub fn only_on_top_level(schema: &Object, file: &str) -> Result<()> {
    let mut stack: Vec<(&Value, bool)> = Vec::new();
    if schema.contains_key("x-mcp-header") {
        return Err(format!("{file}: x-mcp-header is only supported on top-level inputSchema properties"));
    }
    for (key, value) in schema.iter() {
        match (key.as_str(), value) {
            ("properties", Value::Object(props)) => stack.extend(props.values().map(|spec| (spec, true))),
            _ => stack.push((value, false)),
        }
    }
    while let Some((value, top_level_property)) = stack.pop() {
        match value {
            Value::Object(o) => {
                for (key, inner) in o.iter() {
                    if key == "x-mcp-header" && !top_level_property {
                        return Err(format!("{file}: x-mcp-header is only supported on top-level inputSchema properties"));
                    }
                    stack.push((inner, false));
                }
            }
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, false))),
            _ => {}
        }
    }
    Ok(())
}

/// RFC 9110 `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `PARAM_HEADERS`: (tool, property, lower-case header name, header name as declared).
pub fn emit<'a>(code: &mut String, rows: impl Iterator<Item = (&'a str, &'a str, &'a str)>) {
    code.push_str("pub static PARAM_HEADERS: &[(&str, &str, &str, &str)] = &[\n");
    for (tool, prop, name) in rows {
        let header = format!("Mcp-Param-{name}");
        let _ = writeln!(code, "  ({tool:?}, {prop:?}, {:?}, {header:?}),", header.to_ascii_lowercase());
    }
    code.push_str("];\n");
}
