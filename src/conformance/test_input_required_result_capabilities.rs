//! Conformance fixture `test_input_required_result_capabilities` (2026-07-28 MRTR, SEP-2322): asks only for what the client declared (elicitation, sampling) in `_meta` clientCapabilities.

#[path = "mrtr.rs"]
mod mrtr;

use alloc::string::String;

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

const TOOL: &str = "test_input_required_result_capabilities";

const ELICIT: &[u8] = br#"{"method":"elicitation/create","params":{"message":"Elicitation input","requestedSchema":{"type":"object","properties":{"value":{"type":"string"}},"required":["value"]}}}"#;
const SAMPLE: &[u8] = br#"{"method":"sampling/createMessage","params":{"messages":[{"role":"user","content":{"type":"text","text":"Sample request"}}],"maxTokens":50}}"#;

pub fn call(call: &mut ToolCall) -> ToolResult {
    let responses = mrtr::responses(call)?;
    if let Some(r) = responses {
        let mut keys = String::new();
        for (key, _) in r.members() {
            if !keys.is_empty() {
                crate::buf::push_str(&mut keys, ",");
            }
            crate::buf::push_str(&mut keys, &crate::json::text::unescape(key));
        }
        if !keys.is_empty() {
            let mut text = crate::buf::string("capabilities-ok: received ");
            crate::buf::push_str(&mut text, &keys);
            call.text(&text);
            return Ok(());
        }
    }
    let mut wanted: alloc::vec::Vec<(&str, &[u8])> = alloc::vec::Vec::new();
    if call.client_has("elicitation") {
        crate::buf::push(&mut wanted, ("elicit_input", ELICIT));
    }
    if call.client_has("sampling") {
        crate::buf::push(&mut wanted, ("sample_input", SAMPLE));
    }
    if wanted.is_empty() {
        call.text("No supported capabilities declared");
        return Ok(());
    }
    let state = mrtr::sign(call, TOOL, "capabilities-test");
    call.input_required(&mrtr::requests(&wanted), Some(&state));
    Ok(())
}
