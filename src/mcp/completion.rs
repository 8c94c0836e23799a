//! `completion/complete`: declared candidate values filtered by the typed prefix.

use crate::bytes::same;
use super::Params;
use crate::catalog::{self, Completions};
use crate::json::{Kind, Out};
use crate::jsonrpc::{texts, RpcError};

/// The spec caps one answer at 100 values.
const MAX_VALUES: usize = 100;

/// Whether some argument declares more candidates than one answer may hold: only then
/// can a prefix match more, and only then is the cap compiled in.
const CAPPED: bool = catalog::MOST_CANDIDATES > MAX_VALUES;

pub fn complete(params: &Params, out: &mut Out) -> Result<(), RpcError> {
    // Member names borrowed from longer texts (see `bytes::within`).
    // Each object is indexed into a list held here (`Params::index`), not passed
    // back in a `Result`.
    let mut reference = Params::EMPTY;
    required_object(params, const { crate::bytes::within("ref/prompt", "ref") }, &mut reference)?;
    let mut argument = Params::EMPTY;
    required_object(params, const { crate::bytes::within("arguments", "argument") }, &mut argument)?;
    let arg_name = argument.required_str("name")?;
    // Optional; present, a string (`Params::str`'s rule, without its Result<Option<_>>
    // written to memory and read back).
    let typed = match argument.get("value") {
        None => "",
        Some(_) => argument.required_str("value")?,
    };
    let table: Completions = match reference.required_str("type")? {
        "ref/prompt" => {
            let name = reference.required_str("name")?;
            super::prompts::find(name).map(|p| p.completions)
        }
        "ref/resource" => {
            let uri = reference.required_str("uri")?;
            catalog::TEMPLATES.iter().find(|t| same(t.pattern, uri)).map(|t| t.completions)
        }
        // "Invalid params: " and the rest through the shared prefix (`params::must_be`).
        _ => return Err(super::params::must_be("unknown ref type", "")),
    }
    .ok_or_else(|| super::params::must_be("unknown prompt or resource template", ""))?;
    let candidates = super::find_in(table, |(a, _)| same(a, arg_name)).map_or(&[][..], |(_, v)| *v);
    out.raw(b"{\"completion\":{\"values\":[");
    let mut total = 0;
    for value in candidates {
        if !value.starts_with(typed) {
            continue;
        }
        if !CAPPED || total < MAX_VALUES {
            // The comma before every value but the first, as its length (0 or 1): one
            // call, no branch.
            out.raw(&b","[..(total > 0) as usize]);
            out.str(value);
        }
        total += 1;
    }
    out.raw(b"],\"total\":").int(total as i64);
    out.raw(if CAPPED && total > MAX_VALUES { b",\"hasMore\":true}}" } else { b",\"hasMore\":false}}" });
    Ok(())
}

/// A required object member, indexed into `into` (one body for `ref` and `argument`).
fn required_object<'a>(params: &Params<'a>, key: &'static str, into: &mut Params<'a>) -> Result<(), RpcError> {
    // `Params::object`'s test and refusal, then absence refused too, without its
    // `Result<Option<_>>` passed back through memory.
    let rule = match params.get(key) {
        Some(v) if v.kind() == Kind::Object => return into.index(Some(*v)),
        Some(_) => texts::MUST_BE_OBJECT,
        None => texts::IS_REQUIRED,
    };
    Err(super::params::must_be(key, rule))
}
