//! Conformance fixture `test_tool_with_logging`: three `notifications/message`
//! entries (streamed before the result as finite SSE), then a text block.

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

pub fn call(call: &mut ToolCall) -> ToolResult {
    call.log("info", "Tool execution started");
    call.log("info", "Tool processing data");
    call.log("info", "Tool execution completed");
    call.text("Tool with logging executed successfully");
    Ok(())
}
