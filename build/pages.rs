//! List answers split into pages, and completion tables, as Rust source text.

use std::fmt::Write as _;

/// Splits listed items into pages: each page is `{"<key>":[item,item,...]`, left
/// open so the server can append `nextCursor` and era-specific fields.
pub fn pages<'a>(key: &str, items: impl Iterator<Item = &'a String>, page_size: usize) -> Vec<String> {
    let items: Vec<&String> = items.collect();
    let mut pages: Vec<String> = items
        .chunks(page_size)
        .map(|chunk| format!("{{\"{key}\":[{}]", chunk.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")))
        .collect();
    if pages.is_empty() {
        pages.push(format!("{{\"{key}\":[]"));
    }
    pages
}

pub fn completion_table(completions: &[(String, Vec<String>)]) -> String {
    completions
        .iter()
        .map(|(arg, values)| format!("({arg:?}, &{values:?})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `pub static <NAME>_PAGES: &[&str] = &[...];` for one list method.
pub fn emit_pages<'a>(code: &mut String, name: &str, key: &str, items: impl Iterator<Item = &'a String>, page_size: usize) {
    let _ = writeln!(code, "pub static {name}_PAGES: &[&str] = &{:?};", pages(key, items, page_size));
}
