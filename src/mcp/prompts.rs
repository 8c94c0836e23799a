//! `prompts/get`: the declared messages with argument values filled in.

use crate::bytes::same;
use alloc::borrow::Cow;

use super::Params;
use crate::catalog;
use crate::json::{text, Kind, Out};
use crate::jsonrpc::{texts, RpcError, INVALID_PARAMS};

pub fn get(params: &Params, out: &mut Out) -> Result<(), RpcError> {
    let name = params.required_str("name")?;
    let prompt = find(name).ok_or_else(|| {
        RpcError::compose(INVALID_PARAMS, texts::UNKNOWN_PROMPT, Cow::Owned(crate::buf::string(name)), "")
    })?;
    // Each declared argument's value, by its position in `arguments` (argument names
    // are unique, build/prompts.rs), as a plain borrow (see `json::text::leak`).
    let mut values: [Option<&str>; catalog::MAX_PROMPT_ARGS] = catalog::NO_PROMPT_VALUES;
    // `Params::object`'s test and refusal in place, without its `Result<Option<_>>`
    // passed back through memory; the member handed on as `get` left it, not copied
    // into a new `Option`.
    let arguments = params.get("arguments");
    if arguments.is_some_and(|v| v.kind() != Kind::Object) {
        return Err(super::params::must_be("arguments", texts::MUST_BE_OBJECT));
    }
    // (`members_of`'s choice, on the reference `get` answered: no copy of the value.)
    for (key, value) in arguments.unwrap_or(&super::NO_VALUE).members() {
        // Members that name no argument are ignored, whatever their value.
        // The argument's slot found beside it (a zip), not by its index and a bounds test.
        let Some((_, slot)) = prompt.arguments.iter().zip(values.iter_mut()).find(|((n, _), _)| text::raw_eq(key, n)) else { continue };
        let Some(v) = value.str() else {
            // "Invalid params: " and the rest through the shared prefix (`params::must_be`).
            return Err(super::params::must_be("prompt arguments must be strings", ""));
        };
        // Two values for one argument are refused, not resolved (see `json::DuplicateKey`).
        // (Stored first, then the old one tested: on a refusal the values are dropped.)
        if slot.replace(v).is_some() {
            return Err(super::duplicate_key("arguments"));
        }
    }
    for ((n, required), value) in prompt.arguments.iter().zip(&values) {
        if *required && value.is_none() {
            return Err(RpcError::fixed(INVALID_PARAMS, texts::MISSING_ARGUMENT, n, ""));
        }
    }
    // Text, then the value of the slot after it (an absent optional argument: empty).
    for &(text, arg) in prompt.parts {
        out.raw(text.as_bytes());
        if let Some(Some(value)) = values.get(arg) {
            out.str_contents(value);
        }
    }
    Ok(())
}

/// The declared prompt named `name`: one lookup for `prompts/get` and completions.
// Inlined: with one prompt (`find_in`'s one test) the call is most of the lookup, and
// the prompt found is a constant where it is used.
#[inline(always)]
pub fn find(name: &str) -> Option<&'static catalog::Prompt> {
    // `find_in`'s two cases written out: its test as a closure would be one function
    // for both callers here, not inlined.
    match catalog::PROMPTS {
        [only] => same(only.name, name).then_some(only),
        all => all.iter().find(|p| same(p.name, name)),
    }
}

/// A declared `inputRequests` prompt (MRTR) asks for its input until the client's
/// `inputResponses` carry an answer to it; `None` means: answer normally.
pub fn input_required(params: &Params) -> Result<Option<&'static str>, RpcError> {
    let name = match params.str("name")? {
        Some(n) => n,
        None => return Ok(None),
    };
    let (_, key, result) = match catalog::PROMPT_INPUTS.iter().find(|(n, _, _)| same(n, name)) {
        Some(p) => p,
        None => return Ok(None),
    };
    let answered = params.object("inputResponses")?.and_then(|r| r.get(key).ok().flatten());
    Ok(if answered.is_some() { None } else { Some(result) })
}
