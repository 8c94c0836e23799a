//! Declared KV items: resources and resource templates whose content is read from a
//! FastEdge key-value store per request, and tools that answer from a lookup (a key,
//! or a sorted set's members in a score range). Content changes without a redeploy.
//! build/kv.rs checks the declarations and emits these tables.

// (`String` names a type only where a key is filled from a URI or a range bound read.)
#[cfg(any(edge_kv_resource, edge_kv_range, test))]
use alloc::string::String;
use alloc::vec::Vec;

use super::kv::{case_message, Store};
use super::slots;
use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

pub struct KvItem {
    pub store: &'static str,
    /// The key, split by the build script (literals at even indices, slot names at
    /// odd ones): slots from arguments (tools) or URI variables (templates).
    pub key: &'static [&'static str],
    /// Sorted-set lookup: `(min, max)`, each an integer, `-inf`/`+inf`, or `{slot}`.
    pub range: Option<(&'static str, &'static str)>,
}

pub struct KvResource {
    /// A level-1 URI template, or an exact URI (one without braces, which the build
    /// script checks, matches only itself as a template), split by the build script
    /// (literals at even indices, variable names at odd ones).
    pub uri: &'static [&'static str],
    /// The JSON between the uri and the text in a read's contents item: `,"text":`,
    /// after `,"mimeType":"..."` when one is declared (serialized by the build script).
    pub after_uri: &'static str,
    /// For each slot of the key, the position of its variable among the template's
    /// (the build script resolves the names, so a read fills the key by index).
    pub key_vars: &'static [usize],
    /// The store and the key, split as a [`KvItem`]'s (a read has no range lookup).
    pub store: &'static str,
    pub key: &'static [&'static str],
}

/// `resources/read` of a KV-backed resource. `Ok(false)`: no KV resource has this URI.
/// A missing key is "resource not found"; a missing store an error naming it.
/// (Only in builds that declare one: `KV_RESOURCES` exists only then.)
#[cfg(edge_kv_resource)]
// Inlined into the one caller (`resources/read`): its `Result<bool, _>` is not passed
// through memory.
#[inline(always)]
pub fn read(cx: &crate::mcp::Ctx, uri: &str, out: &mut crate::json::Out) -> Result<bool, crate::jsonrpc::RpcError> {
    use crate::jsonrpc::{RpcError, INTERNAL_ERROR};
    // The values of the matching template's variables, in the template's order.
    let mut values = [""; crate::catalog::KV_MAX_VARS];
    let Some(r) = crate::mcp::find_in(crate::catalog::KV_RESOURCES, |r| crate::mcp::resources::matches_kv(r.uri, uri, &mut values)) else {
        return Ok(false);
    };
    let mut key = String::new();
    fill_vars(&mut key, r.key, r.key_vars, &values);
    // Both internal errors leave through one `compose` call.
    let (message, detail) = 'fail: {
        let value = match Store::fetch(cx.env, r.store, &key) {
            Ok(v) => v,
            Err(m) => break 'fail ("", m),
        };
        let value = value.ok_or_else(|| crate::mcp::resources::not_found(cx, uri))?;
        let Some(text) = super::text(&value) else { break 'fail ("Resource is not UTF-8: ", crate::buf::string(uri)) };
        // Open, as every read result is until `resources/read` closes it.
        out.raw(b"{\"contents\":[{\"uri\":").str(uri).raw(r.after_uri.as_bytes()).str(text).raw(b"}]");
        return Ok(true);
    };
    Err(RpcError::compose(INTERNAL_ERROR, message, detail.into(), ""))
}

#[cfg(any(edge_kv_resource, test))]
/// The key, appended to `out`, its slots from matched URI variables, as they are (the
/// values are not filled again): slot `k` takes `values[key_vars[k]]`. The build script
/// has checked that every slot is a variable of the template and resolved it to its
/// position. (Into the caller's string: a returned one was copied from frame to frame.)
fn fill_vars(out: &mut String, parts: &[&str], key_vars: &[usize], values: &[&str]) {
    fill_vars_among(out, parts, key_vars, values, crate::catalog::KV_MAX_VARS <= 1)
}

/// [`fill_vars`], for a catalog whose KV URIs have at most one variable each
/// (`one_var`, from `KV_MAX_VARS`): then every slot is that variable, and no position
/// is looked up.
#[cfg(any(edge_kv_resource, test))]
#[inline(always)]
fn fill_vars_among(out: &mut String, parts: &[&str], key_vars: &[usize], values: &[&str], one_var: bool) {
    let first = values.first().copied();
    for (i, part) in parts.iter().enumerate() {
        let text = if i % 2 == 0 {
            Some(*part)
        } else if one_var {
            first
        } else {
            key_vars.get(i / 2).and_then(|&v| values.get(v).copied())
        };
        crate::buf::push_str(out, text.unwrap_or(""));
    }
}

/// A tool declared with `"kv"`: the value at a key, or the members of a sorted set
/// whose scores are in a range (one per line).
pub fn tool(call: &mut ToolCall, item: &KvItem) -> ToolResult {
    let store = Store::open(call.cx.env, item.store)?;
    let key = slots::fill_text(item.key, call.args())?;
    let text = match item.range {
        None => match store.get(&key)? {
            Some(value) => value,
            None => {
                let mut m = crate::buf::string("No key \"");
                crate::buf::push_str(&mut m, &key);
                crate::buf::push_str(&mut m, "\" in KV store \"");
                crate::buf::push_str(&mut m, item.store);
                crate::buf::push_str(&mut m, "\"");
                return Err(m.into());
            }
        },
        // Only in builds whose catalog declares a range lookup (`edge_kv_range`).
        #[cfg(not(edge_kv_range))]
        Some(_) => Vec::new(),
        #[cfg(edge_kv_range)]
        Some((min, max)) => {
            let (min, max) = (bound(call, min)?, bound(call, max)?);
            let mut lines = Vec::new();
            for (member, _) in store.zrange_by_score(&key, min, max)? {
                if !lines.is_empty() {
                    crate::buf::extend(&mut lines, b"\n");
                }
                crate::buf::extend(&mut lines, &member);
            }
            lines
        }
    };
    match super::text(&text) {
        Some(t) => {
            call.text(t);
            Ok(())
        }
        None => Err(case_message(item.store, 3, "value is not UTF-8").into()),
    }
}

/// A score bound: `-inf`, `+inf`, an integer, or `{slot}` naming an integer argument.
#[cfg(edge_kv_range)]
fn bound(call: &ToolCall, spec: &str) -> Result<f64, String> {
    let text = match spec.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        Some(name) => match slots::arg_text(call.args(), name)? {
            Some(v) => v,
            None => return Err(missing(name)),
        },
        None => alloc::borrow::Cow::Borrowed(spec),
    };
    parse_bound(&text).ok_or_else(|| super::join!("A score bound must be an integer, -inf or +inf, not ", &text))
}

#[cfg(edge_kv_range)]
fn missing(name: &str) -> String {
    super::join!("Missing score bound \"", name, "\"")
}

/// `-inf`, `+inf`, or a decimal integer (scores are compared as f64, as Redis does).
#[cfg(any(edge_kv_range, test))]
pub fn parse_bound(text: &str) -> Option<f64> {
    match text {
        "-inf" => Some(f64::NEG_INFINITY),
        "+inf" | "inf" => Some(f64::INFINITY),
        _ => {
            let (negative, digits) = match text.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, text),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n = crate::json::text::parse_u64(digits.as_bytes())? as f64;
            Some(if negative { -n } else { n })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert_eq!(parse_bound("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_bound("+inf"), Some(f64::INFINITY));
        assert_eq!(parse_bound("42"), Some(42.0));
        assert_eq!(parse_bound("-7"), Some(-7.0));
        for bad in ["", "-", "1.5", "x", "1e3", " 1"] {
            assert_eq!(parse_bound(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn vars_fill_keys() {
        let parts = |t| crate::upstream::slots::parts(t, "{", "}");
        let fill_as = |parts: &[&str], key_vars: &[usize], values: &[&str], one_var: bool| {
            let mut key = String::new();
            fill_vars_among(&mut key, parts, key_vars, values, one_var);
            key
        };
        let fill = |parts: &[&str], key_vars: &[usize], values: &[&str]| fill_as(parts, key_vars, values, false);
        assert_eq!(fill(&parts("note:{name}:{name}"), &[0, 0], &["a"]), "note:a:a");
        assert_eq!(fill(&parts("fixed"), &[], &["y"]), "fixed");
        assert_eq!(fill(&parts("k:{a}"), &[0], &["{a}"]), "k:{a}");
        assert_eq!(fill(&parts("{b}/{a}"), &[1, 0], &["x", "y"]), "y/x");
        // With at most one variable per URI, every slot takes it, as the lookup would.
        for (t, key_vars, values) in [("note:{name}:{name}", &[0, 0][..], &["a"][..]), ("fixed", &[], &["y"]), ("k:{a}", &[0], &["{a}"]), ("{a}", &[0], &[""])] {
            assert_eq!(fill_as(&parts(t), key_vars, values, true), fill(&parts(t), key_vars, values), "{t}");
        }
    }
}
