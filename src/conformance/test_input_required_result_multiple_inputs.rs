//! Conformance fixture `test_input_required_result_multiple_inputs` (2026-07-28 MRTR, SEP-2322): asks for a name, a completion and the roots at once.

#[path = "mrtr.rs"]
mod mrtr;

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

const TOOL: &str = "test_input_required_result_multiple_inputs";

const GREETING: &[u8] = br#"{"method":"sampling/createMessage","params":{"messages":[{"role":"user","content":{"type":"text","text":"Generate a greeting"}}],"maxTokens":50}}"#;

pub fn call(call: &mut ToolCall) -> ToolResult {
    let state = mrtr::state(call, TOOL)?;
    let responses = mrtr::responses(call)?;
    let name = mrtr::response(responses, "user_name")?;
    let greeting = mrtr::response(responses, "greeting")?;
    let roots = mrtr::response(responses, "client_roots")?;
    if let (Some(_), Some(name), Some(greeting), Some(roots)) = (state, name, greeting, roots) {
        let mut text = crate::buf::string("Name: ");
        crate::buf::push_str(&mut text, &mrtr::content_field(name, "name").unwrap_or_default());
        crate::buf::push_str(&mut text, "; Greeting: ");
        crate::buf::push_str(&mut text, &mrtr::content_field(greeting, "text").unwrap_or_else(|| crate::buf::string("Hello there!")));
        crate::buf::push_str(&mut text, "; Roots: ");
        let n = roots.get("roots").ok().flatten().map_or(0, |r| r.elements().count());
        let mut out = crate::json::Out::new();
        out.int(n as i64);
        crate::buf::push_str(&mut text, core::str::from_utf8(&out.buf).unwrap_or("0"));
        call.text(&text);
        return Ok(());
    }
    let state = mrtr::sign(call, TOOL, "multiple-inputs");
    let requests = mrtr::requests(&[("user_name", mrtr::ASK_NAME), ("greeting", GREETING), ("client_roots", mrtr::LIST_ROOTS)]);
    call.input_required(&requests, Some(&state));
    Ok(())
}
