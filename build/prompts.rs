//! `catalog/prompts/*.json`: a prompt whose messages carry `{{argument}}` slots, with
//! optional completions and (2026-07-28 MRTR) input requests.

use miniserde::json::{self, Object, Value};
use std::fmt::Write as _;
use std::path::Path;

use super::files::{completions, read_object, string_field};
use super::pages::{completion_table, emit_pages};
use super::Result;

pub struct PromptDecl {
    pub file: String,
    pub name: String,
    listed: String,
    arguments: Vec<(String, bool)>,
    /// The serialized result cut at its slots: text, slot name, text, ..., text.
    result: Vec<String>,
    pub completions: Vec<(String, Vec<String>)>,
    input_required: Option<(String, String)>,
}

pub fn prompt(path: &Path) -> Result<PromptDecl> {
    let file = path.display().to_string();
    let mut o = read_object(path)?;
    let name = string_field(&o, "name", &file)?;
    let mut arguments = Vec::new();
    match o.get("arguments") {
        None => {}
        Some(Value::Array(list)) => {
            for a in list.iter() {
                let a = match a {
                    Value::Object(a) => a,
                    _ => return Err(format!("{file}: each argument must be an object")),
                };
                let arg = string_field(a, "name", &file)?;
                // The server keeps each argument's value by its position: one name, one place.
                if arguments.iter().any(|(n, _)| *n == arg) {
                    return Err(format!("{file}: duplicate argument name {arg:?}"));
                }
                let required = matches!(a.get("required"), Some(Value::Bool(true)));
                arguments.push((arg, required));
            }
        }
        _ => return Err(format!("{file}: \"arguments\" must be an array")),
    }
    let names: Vec<String> = arguments.iter().map(|(n, _)| n.clone()).collect();
    let completions = completions(&mut o, &file, &names)?;
    // "inputRequests": asked of the client (2026-07-28 MRTR) until it answers them.
    let input_required = match o.remove("inputRequests") {
        None => None,
        Some(Value::Object(requests)) if !requests.is_empty() => {
            let key = requests.keys().next().cloned().unwrap_or_default();
            // resultType leads: the server recognises such results by their first member.
            let requests = json::to_string(&Value::Object(requests));
            Some((key, format!("{{\"resultType\":\"input_required\",\"inputRequests\":{requests}}}")))
        }
        Some(_) => return Err(format!("{file}: \"inputRequests\" must be a non-empty object")),
    };
    let messages = match o.remove("messages") {
        Some(Value::Array(m)) if !m.is_empty() => m,
        _ => return Err(format!("{file}: \"messages\" must be a non-empty array")),
    };
    let mut result = Object::new();
    if let Some(d) = o.get("description") {
        result.insert("description".into(), d.clone());
    }
    result.insert("messages".into(), Value::Array(messages));
    let result = json::to_string(&result);
    let result = pieces(&result);
    for slot in result.iter().skip(1).step_by(2) {
        if !names.contains(slot) {
            return Err(format!("{file}: message uses {{{{{slot}}}}} but no argument has that name"));
        }
    }
    Ok(PromptDecl { file, listed: json::to_string(&o), name, arguments, result, completions, input_required })
}

/// A serialized prompt cut at its `{{name}}` slots: text, name, text, ..., text
/// (an odd count), so the server copies the texts and fills the names without
/// searching for slots per request. A `{{` with no `}}` after it stays text.
fn pieces(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        match rest[open + 2..].find("}}") {
            Some(close) => {
                found.push(rest[..open].to_string());
                found.push(rest[open + 2..open + 2 + close].to_string());
                rest = &rest[open + 2 + close + 2..];
            }
            None => break,
        }
    }
    found.push(rest.to_string());
    found
}
/// The shortest run of a prompt's result worth storing as a slice of its list page: a
/// cut costs a piece and an empty slot in the table (12 bytes).
const SHARED_RUN: usize = 24;

/// The `prompts/list` pages, the `PROMPTS` table and the MRTR `PROMPT_INPUTS` table.
pub fn emit(code: &mut String, prompts: &[PromptDecl], page_size: usize) {
    let pages = emit_pages(code, "PROMPT", "prompts", prompts.iter().map(|p| &p.listed), page_size);
    code.push_str("pub static PROMPTS: &[Prompt] = &[\n");
    for p in prompts {
        let (mut texts, mut slots) = (Vec::new(), Vec::new());
        for (i, text) in p.result.iter().enumerate().step_by(2) {
            // A run the list page holds too (the description) is a slice of it: the text
            // is cut around it, with empty slots (`usize::MAX`) between the pieces.
            let mut rest = text.as_str();
            while let Some((start, end)) = pages.longest(rest, SHARED_RUN) {
                texts.push(format!("{:?}", &rest[..start]));
                texts.push(pages.text(&rest[start..end]));
                slots.extend(["usize::MAX".to_string(), "usize::MAX".to_string()]);
                rest = &rest[end..];
            }
            texts.push(format!("{rest:?}"));
            // Each slot as its argument's position (`prompt` checked that one has the name).
            if let Some(slot) = p.result.get(i + 1) {
                slots.push(p.arguments.iter().position(|(n, _)| n == slot).unwrap_or(0).to_string());
            }
        }
        // Each text with the slot after it (the last with none: usize::MAX).
        slots.push("usize::MAX".to_string());
        let parts: Vec<String> = texts.iter().zip(&slots).map(|(t, s)| format!("({t}, {s})")).collect();
        let _ = writeln!(
            code,
            "  Prompt {{ name: {}, arguments: &[{}], parts: &[{}], completions: &[{}] }},",
            pages.text(&p.name),
            p.arguments.iter().map(|(n, r)| format!("({}, {r})", pages.text(n))).collect::<Vec<_>>().join(", "),
            parts.join(", "),
            completion_table(&p.completions, &pages)
        );
    }
    code.push_str("];\n");
    // The most arguments one prompt declares: room for a request's values, which start
    // as this literal array of `None`s (measured: the module's repeat expression
    // `[None; N]` compiled to a store loop, the literal to plain stores).
    let most = prompts.iter().map(|p| p.arguments.len()).max().unwrap_or(0);
    let _ = writeln!(code, "pub const MAX_PROMPT_ARGS: usize = {most};");
    let _ = writeln!(code, "pub const NO_PROMPT_VALUES: [Option<&str>; MAX_PROMPT_ARGS] = [{}];", vec!["None"; most].join(", "));
    // Prompts that first ask the client for input (MRTR): (name, inputResponses key
    // that must be present, serialized InputRequiredResult).
    code.push_str("pub static PROMPT_INPUTS: &[(&str, &str, &str)] = &[\n");
    for p in prompts {
        if let Some((key, result)) = &p.input_required {
            let _ = writeln!(code, "  ({:?}, {key:?}, {result:?}),", p.name);
        }
    }
    code.push_str("];\n");
}
