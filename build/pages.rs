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

/// A completion table's source, its texts through `texts` (see [`Pages::text`]).
pub fn completion_table(completions: &[(String, Vec<String>)], texts: &Pages) -> String {
    completions
        .iter()
        .map(|(arg, values)| {
            let values: Vec<String> = values.iter().map(|v| texts.text(v)).collect();
            format!("({}, &[{}])", texts.text(arg), values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One list method's pages, as emitted: each a const `<NAME>_PAGE_<i>`.
pub struct Pages {
    name: String,
    pages: Vec<String>,
}

impl Pages {
    /// `s` as Rust source: a slice of a page that holds the same bytes, so the module
    /// stores them once (a tool's, prompt's or argument's name, a resource's URI, a
    /// completion value all appear in their list page), else a literal.
    pub fn text(&self, s: &str) -> String {
        for (i, page) in self.pages.iter().enumerate() {
            if let Some(at) = page.find(s).filter(|_| !s.is_empty()) {
                return format!("part({}_PAGE_{i}, {at}, {})", self.name, at + s.len());
            }
        }
        format!("{s:?}")
    }

    /// The longest run of `s` (at least `min` bytes, whole characters) that some page
    /// holds: `(start, end)` in `s`.
    pub fn longest(&self, s: &str, min: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for start in (0..s.len()).filter(|&i| s.is_char_boundary(i)) {
            let mut end = start + best.map_or(min, |(a, b)| b - a + 1);
            while end <= s.len() && s.is_char_boundary(end) && self.pages.iter().any(|p| p.contains(&s[start..end])) {
                best = Some((start, end));
                end += 1;
            }
        }
        best
    }

    /// Generated Rust source with each string literal that needs no escape put through
    /// [`Pages::text`]: a declared HTTP tool's URL pieces, headers and output properties,
    /// a KV item's store and key pieces, a KV resource's URI pieces (whose literals are
    /// all `&'static str`s).
    pub fn source(&self, code: &str) -> String {
        let mut out = String::new();
        let mut rest = code;
        while let Some(open) = rest.find('"') {
            out.push_str(&rest[..open]);
            // The literal's end: the next quote that no backslash escapes.
            let body = &rest[open + 1..];
            let mut len = 0;
            let mut chars = body.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => {
                        len = i;
                        break;
                    }
                    _ => {}
                }
            }
            let literal = &body[..len];
            if literal.contains('\\') {
                out.push_str(&rest[open..open + len + 2]);
            } else {
                out.push_str(&self.text(literal));
            }
            rest = &body[len + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// `pub const <NAME>_PAGE_<i>: &str = ...;` for each page and `pub static <NAME>_PAGES:
/// &[&str]` listing them, for one list method; the pages are returned for [`Pages::text`].
pub fn emit_pages<'a>(code: &mut String, name: &str, key: &str, items: impl Iterator<Item = &'a String>, page_size: usize) -> Pages {
    let pages = pages(key, items, page_size);
    for (i, page) in pages.iter().enumerate() {
        let _ = writeln!(code, "pub const {name}_PAGE_{i}: &str = {page:?};");
    }
    let list: Vec<String> = (0..pages.len()).map(|i| format!("{name}_PAGE_{i}")).collect();
    let _ = writeln!(code, "pub static {name}_PAGES: &[&str] = &[{}];", list.join(", "));
    Pages { name: name.to_string(), pages }
}
