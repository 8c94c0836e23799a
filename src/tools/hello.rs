//! `hello`: the seed article's tool. `{"name":"FastEdge"}` -> `Hello, FastEdge!`.

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

pub fn call(call: &mut ToolCall) -> ToolResult {
    // The schema makes `name` a required string, so it is there.
    let name = call.str_arg("name").unwrap_or_default();
    call.text_around("Hello, ", &name, "!");
    Ok(())
}
