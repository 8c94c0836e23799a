//! Conformance fixture `test_logging_tool` (2026-07-28): logs only when the request's
//! `_meta` names a logLevel (`ToolCall::log` applies that rule), then answers.

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

pub fn call(call: &mut ToolCall) -> ToolResult {
    call.log("info", "Diagnostic trace logging activated");
    call.text("Logging evaluated");
    Ok(())
}
