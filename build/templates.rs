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
        return Ok(TemplateDecl { file, listed: json::to_string(&o), pattern, contents: String::new(), completions, kv: Some(kv) });
    }
    // The body keeps {var} slots; the server fills them (escaped) per request.
    let contents = contents_of(&mut o, "uri", "{uri}", &file)?;
    Ok(TemplateDecl { file, listed: json::to_string(&o), pattern, contents, completions, kv: None })
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

/// The `resources/templates/list` pages and the `TEMPLATES` table.
pub fn emit(code: &mut String, templates: &[TemplateDecl], page_size: usize) -> super::pages::Pages {
    let pages = emit_pages(code, "TEMPLATE", "resourceTemplates", templates.iter().map(|t| &t.listed), page_size);
    code.push_str("pub static TEMPLATES: &[Template] = &[\n");
    for t in templates.iter().filter(|t| t.kv.is_none()) {
        let _ = writeln!(
            code,
            "  Template {{ pattern: {:?}, contents: {:?}, completions: &[{}] }},",
            t.pattern,
            t.contents,
            completion_table(&t.completions, &pages)
        );
    }
    code.push_str("];\n");
    pages
}
