//! Conformance fixture `test_input_required_result_multi_round` (2026-07-28 MRTR, SEP-2322): two rounds of elicitation; the state carries the first answer into the second round.

#[path = "mrtr.rs"]
mod mrtr;

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

const TOOL: &str = "test_input_required_result_multi_round";

const STEP1: &[u8] = br#"{"method":"elicitation/create","params":{"message":"Step 1: What is your name?","requestedSchema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}"#;
const STEP2: &[u8] = br#"{"method":"elicitation/create","params":{"message":"Step 2: What is your favorite color?","requestedSchema":{"type":"object","properties":{"color":{"type":"string"}},"required":["color"]}}}"#;

pub fn call(call: &mut ToolCall) -> ToolResult {
    let state = mrtr::state(call, TOOL)?;
    let responses = mrtr::responses(call)?;
    match state.as_deref() {
        Some("round1") => {
            if let Some(answer) = mrtr::response(responses, "step1")? {
                let mut payload = crate::buf::string("round2\n");
                crate::buf::push_str(&mut payload, &mrtr::content_field(answer, "name").unwrap_or_default());
                let state = mrtr::sign(call, TOOL, &payload);
                call.input_required(&mrtr::requests(&[("step2", STEP2)]), Some(&state));
                return Ok(());
            }
        }
        Some(s) if s.starts_with("round2\n") => {
            if let Some(answer) = mrtr::response(responses, "step2")? {
                let mut text = crate::buf::string("Multi-round complete for ");
                crate::buf::push_str(&mut text, &s["round2\n".len()..]);
                crate::buf::push_str(&mut text, " who likes ");
                crate::buf::push_str(&mut text, &mrtr::content_field(answer, "color").unwrap_or_default());
                call.text(&text);
                return Ok(());
            }
        }
        _ => {}
    }
    let state = mrtr::sign(call, TOOL, "round1");
    call.input_required(&mrtr::requests(&[("step1", STEP1)]), Some(&state));
    Ok(())
}
