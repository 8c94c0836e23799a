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

/// `pub static <NAME>_PAGES: &[&str] = &[<NAME>_PAGE_0, ...];` for one list method,
/// each page a `const` of its own, so that texts listed on a page (an item's name)
/// can be borrowed from it with `crate::bytes::within` ([`on_page`]).
/// Returns the pages, for [`on_page`].
pub fn emit_pages<'a>(code: &mut String, name: &str, key: &str, items: impl Iterator<Item = &'a String>, page_size: usize) -> Vec<String> {
    let pages = pages(key, items, page_size);
    let mut list = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let _ = writeln!(code, "const {name}_PAGE_{i}: &str = {page:?};");
        list.push(format!("{name}_PAGE_{i}"));
    }
    let _ = writeln!(code, "pub static {name}_PAGES: &[&str] = &[{}];", list.join(", "));
    pages
}

/// Rust for `text` (an item's name or URI), borrowed from the page of [`emit_pages`]
/// that lists item `index` when that page holds it as it is, else a literal of its own
/// (a text that JSON escapes).
pub fn on_page(name: &str, pages: &[String], index: usize, page_size: usize, text: &str) -> String {
    let page = index / page_size;
    match pages.get(page) {
        Some(p) if p.contains(text) => format!("crate::bytes::within({name}_PAGE_{page}, {text:?})"),
        _ => format!("{text:?}"),
    }
}
