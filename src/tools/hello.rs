//! `hello`: the seed article's tool. `{"name":"FastEdge"}` -> `Hello, FastEdge!`.

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

pub fn call(call: &mut ToolCall) -> ToolResult {
    // `name`, the one parameter; the schema makes it a required string, so it is there.
    let name = call.first_str();
    call.text_around("Hello, ", &name, "!");
    Ok(())
}
