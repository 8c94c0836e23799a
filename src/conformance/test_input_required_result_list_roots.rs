//! Conformance fixture `test_input_required_result_list_roots` (2026-07-28 MRTR, SEP-2322): asks for the client's roots (roots/list), then counts them.

#[path = "mrtr.rs"]
mod mrtr;

use alloc::string::String;

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

const TOOL: &str = "test_input_required_result_list_roots";

pub fn call(call: &mut ToolCall) -> ToolResult {
    let responses = mrtr::responses(call)?;
    match mrtr::response(responses, "client_roots")? {
        Some(answer) => {
            let n = answer.get("roots").ok().flatten().map_or(0, |r| r.elements().count());
            let mut text = crate::buf::string("Found ");
            push_int(&mut text, n);
            crate::buf::push_str(&mut text, " root(s)");
            call.text(&text);
        }
        None => call.input_required(&mrtr::requests(&[("client_roots", mrtr::LIST_ROOTS)]), None),
    }
    let _ = TOOL;
    Ok(())
}

fn push_int(s: &mut String, n: usize) {
    let mut out = crate::json::Out::new();
    out.int(n as i64);
    crate::buf::push_str(s, core::str::from_utf8(&out.buf).unwrap_or("0"));
}
