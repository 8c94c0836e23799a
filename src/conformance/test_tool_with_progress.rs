//! Conformance fixture `test_tool_with_progress`: progress 0, 50, 100 of 100 to the
//! request's progress token (streamed before the result), then the token as text.

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

pub fn call(call: &mut ToolCall) -> ToolResult {
    call.progress(0, 100, "Completed step 0 of 100");
    call.progress(50, 100, "Completed step 50 of 100");
    call.progress(100, 100, "Completed step 100 of 100");
    // String(progressToken), as the reference server answers: a string token as
    // itself, a number as its digits.
    let token = call.progress_token();
    let text = match token {
        Some(t) => match t.str() {
            Some(s) => crate::buf::string(&*s),
            None => crate::buf::string(core::str::from_utf8(t.bytes()).unwrap_or("")),
        },
        None => crate::buf::string("undefined"),
    };
    call.text(&text);
    Ok(())
}
