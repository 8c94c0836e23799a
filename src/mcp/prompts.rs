//! `prompts/get`: the declared messages with argument values filled in.

use crate::bytes::same;
use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::Params;
use crate::catalog;
use crate::json::{text, Out};
use crate::jsonrpc::{texts, RpcError, INVALID_PARAMS};

pub fn get(params: &Params, out: &mut Out) -> Result<(), RpcError> {
    let name = params.required_str("name")?;
    let prompt = find(name).ok_or_else(|| {
        RpcError::compose(INVALID_PARAMS, texts::UNKNOWN_PROMPT, Cow::Owned(crate::buf::string(name)), "")
    })?;
    // (argument, value) for each declared argument, as plain borrows (see
    // `params::leak`), read as they are when the slots are filled below.
    let mut slots: Vec<(&str, &str)> = Vec::new();
    for (key, value) in super::members_of(params.object("arguments")?) {
        // Members that name no argument are ignored, whatever their value.
        let Some((n, _)) = prompt.arguments.iter().find(|(n, _)| text::raw_eq(key, n)) else { continue };
        let Some(v) = value.str() else {
            return Err(RpcError::invalid_params("Invalid params: prompt arguments must be strings"));
        };
        // Two values for one argument are refused, not resolved (see `json::DuplicateKey`).
        if slots.iter().any(|(k, _)| same(k, n)) {
            return Err(super::duplicate_key("arguments"));
        }
        super::resources::push_pair(&mut slots, (n, super::params::leak(v)));
    }
    for (n, required) in prompt.arguments {
        let given = slots.iter().any(|(k, _)| same(k, n));
        if *required && !given {
            return Err(RpcError::compose(INVALID_PARAMS, texts::MISSING_ARGUMENT, Cow::Borrowed(*n), ""));
        }
        if !given {
            super::resources::push_pair(&mut slots, (n, ""));
        }
    }
    // Text, then the value of the slot after it (every declared argument has one now).
    let mut pieces = prompt.result.iter();
    while let Some(text) = pieces.next() {
        out.raw(text.as_bytes());
        if let Some(slot) = pieces.next() {
            if let Some((_, value)) = slots.iter().find(|(n, _)| same(n, slot)) {
                out.str_contents(value);
            }
        }
    }
    Ok(())
}

/// The declared prompt named `name`: one lookup for `prompts/get` and completions.
pub fn find(name: &str) -> Option<&'static catalog::Prompt> {
    catalog::PROMPTS.iter().find(|p| same(p.name, name))
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
