//! `catalog/resource-templates/*.json`: a level-1 URI template whose text body keeps
//! `{var}` slots for the server to fill, with optional completions per variable.

use miniserde::json;
use std::fmt::Write as _;
use std::path::Path;

use super::files::{completions, read_object, string_field};
use super::pages::{completion_table, emit_pages};
use super::resources::contents_of;
use super::Result;

pub struct TemplateDecl {
    pub file: String,
    pub pattern: String,
    /// The variables' names, in the pattern's order.
    vars: Vec<String>,
    listed: String,
    contents: String,
    pub completions: Vec<(String, Vec<String>)>,
    /// Read from a key-value store per request instead (build/kv.rs).
    pub kv: Option<super::kv::KvResourceDecl>,
}

pub fn template(path: &Path) -> Result<TemplateDecl> {
    let file = path.display().to_string();
    let mut o = read_object(path)?;
    let pattern = string_field(&o, "uriTemplate", &file)?;
    string_field(&o, "name", &file)?;
    let vars = template_vars(&pattern).ok_or_else(|| format!("{file}: uriTemplate {pattern:?} must use simple {{name}} variables separated by literal text"))?;
    let completions = completions(&mut o, &file, &vars)?;
    if let Some(kv) = super::kv::resource_item(&mut o, &file, &pattern, Some(&vars))? {
        if !completions.is_empty() {
            return Err(format!("{file}: completions are not supported on a \"kv\" template"));
        }
        return Ok(TemplateDecl { file, listed: json::to_string(&o), pattern, vars, contents: String::new(), completions, kv: Some(kv) });
    }
    // The body keeps {var} slots; the server fills them (escaped) per request.
    let contents = contents_of(&mut o, "uri", "{uri}", &file)?;
    Ok(TemplateDecl { file, listed: json::to_string(&o), pattern, vars, contents, completions, kv: None })
}

/// The variables of a level-1 URI template, if every variable is followed by a
/// literal (so matching a URI against it is unambiguous).
fn template_vars(pattern: &str) -> Option<Vec<String>> {
    let mut vars = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        let name = &rest[open + 1..close];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        rest = &rest[close + 1..];
        if rest.starts_with('{') {
            return None;
        }
        vars.push(name.to_string());
    }
    Some(vars)
}

/// Whether a pattern has at most one variable, at its very end (`prefix{var}`), so
/// matching it is a prefix test (`mcp::resources::matches_trailing`).
pub fn trailing(pattern: &str) -> bool {
    let mut n = 0;
    let mut last_empty = false;
    super::split::split(pattern, "{", "}", |p| {
        n += 1;
        last_empty = p.is_empty();
    });
    n == 1 || (n == 3 && last_empty)
}

/// A serialized `resources/read` result, open (no closing brace), cut at its `{name}`
/// slots as the server once searched it per request: each `{` whose next `}` closes a variable's name (or `uri`)
/// is a slot; any other `{` is text. Returns the texts (one more than the slots) and
/// each slot's place in a read's values: 0 for the URI, `k + 1` for variable `k` (the
/// first of that name; a variable named `uri` wins over the URI, as it did).
fn cut(contents: &str, vars: &[String]) -> (Vec<String>, Vec<usize>) {
    let place = |name: &str| vars.iter().position(|v| v == name).map(|k| k + 1).or((name == "uri").then_some(0));
    let (mut texts, mut slots, mut text) = (Vec::new(), Vec::new(), String::new());
    let mut rest = contents;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}').and_then(|j| place(&after[..j]).map(|k| (k, j))) {
            Some((k, j)) => {
                text.push_str(&rest[..i]);
                texts.push(std::mem::take(&mut text));
                slots.push(k);
                rest = &after[j + 1..];
            }
            None => {
                text.push_str(&rest[..=i]);
                rest = after;
            }
        }
    }
    // Open: `resources/read` adds the stateless era's cache hints, then the brace.
    text.push_str(rest.strip_suffix('}').unwrap_or(rest));
    texts.push(text);
    (texts, slots)
}

/// The `resources/templates/list` pages and the `TEMPLATES` table.
pub fn emit(code: &mut String, templates: &[TemplateDecl], page_size: usize) -> super::pages::Pages {
    let pages = emit_pages(code, "TEMPLATE", "resourceTemplates", templates.iter().map(|t| &t.listed), page_size);
    code.push_str("pub static TEMPLATES: &[Template] = &[\n");
    let statics: Vec<&TemplateDecl> = templates.iter().filter(|t| t.kv.is_none()).collect();
    for t in &statics {
        let (texts, slots) = cut(&t.contents, &t.vars);
        // Each text with the slot after it (the last with none: usize::MAX).
        let after = slots.iter().map(|s| s.to_string()).chain(["usize::MAX".to_string()]);
        let parts: Vec<String> = texts.iter().zip(after).map(|(t, s)| format!("({t:?}, {s})")).collect();
        let _ = writeln!(
            code,
            "  Template {{ pattern: {}, pieces: {}, parts: &[{}], completions: &[{}] }},",
            pages.text(&t.pattern),
            pages.source(&super::pieces(&t.pattern, "{", "}")),
            parts.join(", "),
            completion_table(&t.completions, &pages)
        );
    }
    code.push_str("];\n");
    // The most variables one static template has: room for a read's values (after the URI).
    let _ = writeln!(code, "pub const TEMPLATE_MAX_VARS: usize = {};", statics.iter().map(|t| t.vars.len()).max().unwrap_or(0));
    pages
}
