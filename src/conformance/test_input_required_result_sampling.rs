//! Conformance fixture `test_input_required_result_sampling` (2026-07-28 MRTR, SEP-2322): asks the client for an LLM completion (sampling/createMessage), then reports it.

#[path = "mrtr.rs"]
mod mrtr;

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

const TOOL: &str = "test_input_required_result_sampling";

const ASK: &[u8] = br#"{"method":"sampling/createMessage","params":{"messages":[{"role":"user","content":{"type":"text","text":"What is the capital of France?"}}],"maxTokens":100}}"#;

pub fn call(call: &mut ToolCall) -> ToolResult {
    let responses = mrtr::responses(call)?;
    match mrtr::response(responses, "capital_question")? {
        Some(answer) => {
            let mut text = crate::buf::string("Sampling result: ");
            crate::buf::push_str(&mut text, &mrtr::content_field(answer, "text").unwrap_or_else(|| crate::buf::string("no response")));
            call.text(&text);
        }
        None => call.input_required(&mrtr::requests(&[("capital_question", ASK)]), None),
    }
    let _ = TOOL;
    Ok(())
}
