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
            Some(s) => alloc::string::String::from(&*s),
            None => alloc::string::String::from_utf8_lossy(t.bytes()).into_owned(),
        },
        None => alloc::string::String::from("undefined"),
    };
    call.text(&text);
    Ok(())
}
