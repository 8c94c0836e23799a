//! Conformance fixture `test_input_required_result_request_state` (2026-07-28 MRTR, SEP-2322): asks for a confirmation with a signed requestState; the retry must echo it.

#[path = "mrtr.rs"]
mod mrtr;

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

const TOOL: &str = "test_input_required_result_request_state";

pub fn call(call: &mut ToolCall) -> ToolResult {
    let state = mrtr::state(call, TOOL)?;
    let responses = mrtr::responses(call)?;
    let confirm = mrtr::response(responses, "confirm")?;
    if let (Some(state), Some(answer)) = (state, confirm) {
        if state == "request-state" && mrtr::content_field(answer, "ok").as_deref() == Some("true") {
            call.text("state-ok: requestState validated");
            return Ok(());
        }
    }
    let state = mrtr::sign(call, TOOL, "request-state");
    call.input_required(&mrtr::requests(&[("confirm", mrtr::ASK_CONFIRM)]), Some(&state));
    Ok(())
}
