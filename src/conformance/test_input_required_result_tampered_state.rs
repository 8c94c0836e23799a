//! Conformance fixture `test_input_required_result_tampered_state` (2026-07-28 MRTR, SEP-2322): asks for a confirmation with an HMAC-signed requestState; a state that fails verification is -32602.

#[path = "mrtr.rs"]
mod mrtr;

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

const TOOL: &str = "test_input_required_result_tampered_state";

pub fn call(call: &mut ToolCall) -> ToolResult {
    let state = mrtr::state(call, TOOL)?;
    let responses = mrtr::responses(call)?;
    if let (Some(_), Some(_)) = (state, mrtr::response(responses, "confirm")?) {
        call.text("integrity-ok: state verified");
        return Ok(());
    }
    let state = mrtr::sign(call, TOOL, "tamper-test");
    call.input_required(&mrtr::requests(&[("confirm", mrtr::ASK_CONFIRM)]), Some(&state));
    Ok(())
}
