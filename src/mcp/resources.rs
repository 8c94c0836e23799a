//! `resources/read`: static resources by exact URI, then URI templates (static, then
//! key-value), matched and filled from the pieces build.rs cut them into.

use super::{Ctx, Params};
use crate::bytes;
use crate::catalog;
use crate::json::Out;
use crate::jsonrpc::{texts, RpcError, INVALID_PARAMS, RESOURCE_NOT_FOUND};
use alloc::borrow::Cow;

pub fn read(cx: &Ctx, params: &Params, out: &mut Out) -> Result<(), RpcError> {
    let uri = params.required_str("uri")?;
    let mut hint = catalog::CACHE_HINT;
    // A static template's slot values: the URI, then its variables' (`Template::parts`).
    let mut values = [uri; catalog::TEMPLATE_MAX_VARS + 1];
    if let Some(r) = super::find_in(catalog::RESOURCES, |r| bytes::same(r.uri, uri)) {
        out.raw(r.contents.as_bytes());
    } else if let Some(t) = find_template(uri, &mut values) {
        // Text, then the value of the slot after it (escaped as string contents).
        for &(text, k) in t.parts {
            out.raw(text.as_bytes());
            if let Some(value) = values.get(k) {
                out.str_contents(value);
            }
        }
    } else if kv_read(cx, uri, out)? {
        // A KV-backed resource can change without a redeploy: never fresh for longer
        // than this answer, whatever the catalog's ttlMs.
        hint = super::NO_CACHE_HINT;
    } else {
        return Err(not_found(cx, uri));
    }
    // Every result above is written open (the build stores them so): the stateless
    // era's cache hints go in before the one closing brace.
    super::cache_hint(cx, out, hint);
    out.raw(b"}");
    Ok(())
}

/// A KV-backed resource (build with a `"kv"` resource declared), read per request.
#[cfg(edge_kv_resource)]
fn kv_read(cx: &Ctx, uri: &str, out: &mut Out) -> Result<bool, RpcError> {
    crate::upstream::kv_items::read(cx, uri, out)
}

#[cfg(not(edge_kv_resource))]
fn kv_read(_: &Ctx, _: &str, _: &mut Out) -> Result<bool, RpcError> {
    Ok(false)
}

/// "Resource not found", in the code of the request's era.
pub fn not_found(cx: &Ctx, uri: &str) -> RpcError {
    let mut data = Out::new();
    data.raw(b"{\"uri\":").str(uri).raw(b"}");
    // -32002 until 2025-11-25; the stateless era reuses -32602 and forbids -32002.
    let code = if cx.version.stateless() { INVALID_PARAMS } else { RESOURCE_NOT_FOUND };
    RpcError::compose(code, texts::RESOURCE_NOT_FOUND, Cow::Owned(crate::buf::string(uri)), "").with_data(data.buf)
}

/// The static template `uri` matches, its variables' values written after the URI's
/// place in `values`.
fn find_template<'u>(uri: &'u str, values: &mut [&'u str]) -> Option<&'static catalog::Template> {
    let vars = values.get_mut(1..).unwrap_or_default();
    catalog::TEMPLATES.iter().find(|t| matches(t.pieces, uri, vars))
}

/// Matches `uri` against a template the build cut into pieces: by prefix when every
/// template in the catalog is `prefix{var}` or has no variable (`TEMPLATES_TRAILING`),
/// so only one of the two matchers is in a module.
pub fn matches<'u>(pieces: &[&str], uri: &'u str, values: &mut [&'u str]) -> bool {
    if catalog::TEMPLATES_TRAILING {
        matches_trailing(pieces, uri, values)
    } else {
        matches_pieces(pieces, uri, values)
    }
}

/// [`matches`] for a KV-backed resource's URI: where every one in the catalog is a
/// trailing template with its variable (`KV_MIN_VARS` > 0), [`matches_trailing_var`],
/// which has no case for a plain URI.
pub fn matches_kv<'u>(pieces: &[&str], uri: &'u str, values: &mut [&'u str]) -> bool {
    if catalog::TEMPLATES_TRAILING && catalog::KV_MIN_VARS > 0 {
        matches_trailing_var(pieces, uri, values)
    } else {
        matches(pieces, uri, values)
    }
}

/// [`matches_trailing`] for a template known to end with its one variable (pieces
/// `[prefix, name, ""]`): the prefix, then the rest is the value (non-empty, no `/`).
pub fn matches_trailing_var<'u>(pieces: &[&str], uri: &'u str, values: &mut [&'u str]) -> bool {
    let Some(prefix) = pieces.first() else { return false };
    if !uri.as_bytes().starts_with(prefix.as_bytes()) {
        return false;
    }
    // SAFETY: as in `matches_trailing`: `uri` begins with all of `prefix`, a `str`.
    let rest = unsafe { uri.get_unchecked(prefix.len()..) };
    if let Some(value) = values.first_mut() {
        *value = rest;
    }
    !rest.is_empty() && !bytes::contains(rest.as_bytes(), b'/')
}

/// The matcher the server once ran per request, on the bare pattern: the reference the
/// build-time pieces are tested against. Each variable takes the shortest run up to
/// the next literal (or the rest), must be non-empty, and may not contain `/`.
#[cfg(test)]
pub fn matches_pattern<'t, 'u>(pattern: &'t str, uri: &'u str) -> Option<alloc::vec::Vec<(&'t str, &'u str)>> {
    let mut vars = alloc::vec::Vec::new();
    let mut pattern = pattern;
    let mut rest = uri;
    loop {
        let open = match bytes::pos_any(pattern, b"{") {
            Some(i) => i,
            None => return if pattern == rest { Some(vars) } else { None },
        };
        rest = rest.strip_prefix(bytes::sub(pattern, 0, open))?;
        let close = bytes::pos_any(bytes::from(pattern, open), b"}")? + open;
        let name = bytes::sub(pattern, open + 1, close);
        pattern = bytes::from(pattern, close + 1);
        let literal = bytes::before_any(pattern, b"{");
        let end = if literal.is_empty() { rest.len() } else { bytes::find(rest, literal)? };
        let value = bytes::sub(rest, 0, end);
        if value.is_empty() || bytes::pos_any(value, b"/").is_some() {
            return None;
        }
        vars.push((name, value));
        rest = bytes::from(rest, end);
    }
}

/// [`matches_pattern`] for a template the build script has already cut into pieces
/// (literal, variable name, literal, ..., literal: `split::split`), so no request
/// searches the template for its braces. The same rules: each variable takes the
/// shortest non-empty run up to the next literal (the rest, after the last one), and
/// may not contain `/`; the URI must end with the last literal. The values go to
/// `values`, in the template's order (names are the build script's business: it
/// resolves them to positions); on a mismatch some may have been written.
pub fn matches_pieces<'u>(pieces: &[&str], uri: &'u str, values: &mut [&'u str]) -> bool {
    let Some((first, slots)) = pieces.split_first() else { return false };
    let Some(mut rest) = uri.strip_prefix(*first) else { return false };
    for (k, pair) in slots.chunks_exact(2).enumerate() {
        let (Some(literal), Some(value)) = (pair.get(1), values.get_mut(k)) else { return false };
        let Some(end) = value_end(rest, literal) else { return false };
        *value = bytes::sub(rest, 0, end);
        rest = bytes::from(rest, end + literal.len());
    }
    rest.is_empty()
}

/// [`matches_pieces`] for a template with at most one variable, at its very end
/// (pieces `[prefix, name, ""]`, or `[uri]` for none), as the build tells of every
/// static template and KV URI in a catalog (`TEMPLATES_TRAILING`): the same rules come
/// down to a prefix test, then the rest is the value (non-empty, no `/`) or, without a
/// variable, must be empty.
pub fn matches_trailing<'u>(pieces: &[&str], uri: &'u str, values: &mut [&'u str]) -> bool {
    // A bool and a cut, not `strip_prefix`'s `Option<&str>` returned through memory.
    let Some(prefix) = pieces.first() else { return false };
    if !uri.as_bytes().starts_with(prefix.as_bytes()) {
        return false;
    }
    // SAFETY: `uri` begins with all of `prefix`, itself a `str`, so the cut after it is
    // a character boundary of `uri`, within its length.
    let rest = unsafe { uri.get_unchecked(prefix.len()..) };
    // (A catalog of plain URIs may have no room for values: `KV_MAX_VARS` 0.)
    match values.first_mut() {
        Some(value) if pieces.len() > 1 => {
            *value = rest;
            !rest.is_empty() && !bytes::contains(rest.as_bytes(), b'/')
        }
        _ => pieces.len() == 1 && rest.is_empty(),
    }
}

/// Where a variable's value ends in `rest`: at the first place `literal` follows
/// (the end of `rest` for the empty literal that closes a template), if the value
/// before it is non-empty and holds no `/`. A match starts at a character boundary
/// (a UTF-8 literal starts with a lead or ASCII byte).
fn value_end(rest: &str, literal: &str) -> Option<usize> {
    let (b, lit) = (rest.as_bytes(), literal.as_bytes());
    let mut i = 0;
    loop {
        let tail = bytes::range(b, i, b.len());
        if tail.starts_with(lit) && (!lit.is_empty() || tail.is_empty()) {
            return (i > 0).then_some(i);
        }
        match tail.first() {
            None | Some(b'/') => return None,
            Some(_) => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// The build-time pieces match exactly the URIs the bare pattern matches, with
    /// the same values.
    #[test]
    fn pieces_match_as_the_pattern_does() {
        let patterns = ["kv://notes/{name}", "test://template/{id}/data", "a/{x}.json", "{a}-{b}", "plain://uri", "x{a}y{b}z"];
        let uris = [
            "kv://notes/", "kv://notes/a", "kv://notes/a/b", "kv://notes/é", "test://template/7/data", "test://template//data",
            "test://template/7/data/data", "test://template/7/x/data", "a/b.json", "a/b.json.json", "a/.json", "p-q", "-q", "p-",
            "p-q-r", "plain://uri", "plain://urix", "xayb", "xaybz", "xybz", "xaybzz", "xay/bz", "",
        ];
        for p in patterns {
            let pieces = crate::upstream::slots::parts(p, "{", "}");
            let names: Vec<&str> = pieces.iter().skip(1).step_by(2).copied().collect();
            for u in uris {
                let mut values = [""; 4];
                let got = matches_pieces(&pieces, u, &mut values)
                    .then(|| names.iter().copied().zip(values.iter().copied()).collect::<Vec<_>>());
                assert_eq!(got, matches_pattern(p, u), "{p} {u}");
            }
        }
    }

    /// On the templates the build marks trailing, the prefix test decides as the
    /// general matcher does, with the same value.
    #[test]
    fn trailing_matches_as_the_pieces_do() {
        let patterns = ["kv://notes/{name}", "plain://uri", "{a}", "x/{a}", ""];
        let uris = ["kv://notes/", "kv://notes/a", "kv://notes/a/b", "kv://notes/é", "kv://notes", "plain://uri", "plain://urix", "a", "", "/", "x/", "x/y", "x/y/"];
        for p in patterns {
            let pieces = crate::upstream::slots::parts(p, "{", "}");
            assert!(pieces.len() == 1 || (pieces.len() == 3 && pieces[2].is_empty()), "{p}");
            for u in uris {
                let (mut a, mut b) = ([""; 1], [""; 1]);
                let (ta, tb) = (matches_trailing(&pieces, u, &mut a), matches_pieces(&pieces, u, &mut b));
                assert_eq!((ta, ta.then_some(a)), (tb, tb.then_some(b)), "{p} {u}");
                if pieces.len() == 1 {
                    assert_eq!(matches_trailing(&pieces, u, &mut []), tb, "{p} {u} without room for values");
                } else {
                    let mut c = [""; 1];
                    let tc = matches_trailing_var(&pieces, u, &mut c);
                    assert_eq!((tc, tc.then_some(c)), (tb, tb.then_some(b)), "{p} {u} by the variable's matcher");
                }
            }
        }
    }

    /// The conformance catalog's static template: its result's `{id}` slots and `{uri}`
    /// filled, each value escaped as string contents, the stateless era adding its hints.
    #[cfg(feature = "conformance")]
    #[test]
    fn static_templates_fill_their_slots() {
        use crate::mcp::version::Version;
        let read_uri = |body: &str, version: Version| crate::mcp::answer_for_test(body, version, read).map_err(|e| e.text());
        let v = Version::V2025_11_25;
        assert_eq!(
            read_uri(r#"{"uri":"test://template/42/data"}"#, v).unwrap(),
            r#"{"contents":[{"mimeType":"application/json","text":"{\"id\":\"42\",\"templateTest\":true,\"data\":\"Data for ID: 42\"}","uri":"test://template/42/data"}]}"#
        );
        assert_eq!(
            read_uri(r#"{"uri":"test://template/a\"\\{id}/data"}"#, v).unwrap(),
            r#"{"contents":[{"mimeType":"application/json","text":"{\"id\":\"a\"\\{id}\",\"templateTest\":true,\"data\":\"Data for ID: a\"\\{id}\"}","uri":"test://template/a\"\\{id}/data"}]}"#
        );
        assert!(read_uri(r#"{"uri":"test://template/4/2/data"}"#, v).unwrap_err().starts_with("Resource not found: "));
        assert!(read_uri(r#"{"uri":"test://template//data"}"#, v).is_err());
        let hinted = read_uri(r#"{"uri":"test://template/7/data"}"#, Version::V2026_07_28).unwrap();
        assert!(hinted.ends_with(r#""uri":"test://template/7/data"}],"ttlMs":300000,"cacheScope":"public"}"#), "{hinted}");
    }
}
