//! Splits a declared template into literal text and slot names, once, at build time:
//! the build script (`build/http.rs`, `build/kv.rs`) includes this file and emits the
//! pieces, so the module fills templates without parsing them. Native tests and the
//! fuzz target include it too, to build the same pieces from text. Core only (no
//! allocation), so it compiles in the build script and in the crate alike.

/// Calls `piece` with `template`'s pieces in order: literal text, then a slot name,
/// then literal text, ... ending with literal text (so always an odd number of calls,
/// empty literals included). A slot is `open` + a name of `[A-Za-z0-9_]`+ + `close`
/// (`{`/`}` in URLs and keys; `"{`/`}"` in JSON bodies, where a slot is a whole JSON
/// string); anything else, an unclosed `{` included, is literal text.
pub fn split<'t>(template: &'t str, open: &str, close: &str, mut piece: impl FnMut(&'t str)) {
    let (mut literal, mut at) = (0, 0);
    while let Some(i) = template.get(at..).and_then(|t| t.find(open)) {
        let start = at + i + open.len();
        let rest = template.get(start..).unwrap_or("");
        let name = rest.find(close).and_then(|j| rest.get(..j));
        match name {
            Some(name) if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                piece(template.get(literal..at + i).unwrap_or(""));
                piece(name);
                at = start + name.len() + close.len();
                literal = at;
            }
            _ => at += i + 1,
        }
    }
    piece(template.get(literal..).unwrap_or(""));
}

/// A declared URL (already checked by the build script): its origin
/// (`scheme://authority`) and how many slots are in its path (before `?` or `#`);
/// `piece` gets the rest as [`split`] gives it. `None` if the URL has no origin.
pub fn split_url<'t>(url: &'t str, mut piece: impl FnMut(&'t str)) -> Option<(&'t str, usize)> {
    let after = url.find("://")? + 3;
    let end = url.get(after..)?.find(['/', '?', '#']).map_or(url.len(), |i| i + after);
    if end == after {
        return None;
    }
    let (origin, rest) = url.split_at(end);
    let (mut n, mut in_query, mut path_slots) = (0, false, 0);
    split(rest, "{", "}", |p| {
        if n % 2 == 0 {
            in_query |= p.contains(['?', '#']);
        } else if !in_query {
            path_slots += 1;
        }
        n += 1;
        piece(p);
    });
    Some((origin, path_slots))
}
