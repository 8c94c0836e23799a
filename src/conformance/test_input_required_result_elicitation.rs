//! Conformance fixture `test_input_required_result_elicitation` (2026-07-28 MRTR, SEP-2322): asks for a name with elicitation/create, then greets it. A missing answer is asked again; extra answers are ignored; an answer that is not an object is -32602.

#[path = "mrtr.rs"]
mod mrtr;

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

const TOOL: &str = "test_input_required_result_elicitation";

pub fn call(call: &mut ToolCall) -> ToolResult {
    let responses = mrtr::responses(call)?;
    match mrtr::response(responses, "user_name")? {
        Some(answer) => {
            let name = mrtr::content_field(answer, "name").unwrap_or_default();
            let mut text = crate::buf::string("Hello, ");
            crate::buf::push_str(&mut text, &name);
            crate::buf::push_str(&mut text, "!");
            call.text(&text);
        }
        None => call.input_required(&mrtr::requests(&[("user_name", mrtr::ASK_NAME)]), None),
    }
    let _ = TOOL;
    Ok(())
}
