//! Conformance fixture `test_missing_capability`: needs the client's `sampling`
//! capability. A 2026-07-28 request without it gets -32021 (HTTP 400) with
//! `data.requiredCapabilities = {"sampling":{}}`. A 2025-era client declared its
//! capabilities in `initialize`, which a stateless server never sees, so it is
//! taken at its word (as `era::client_has` does) and the call succeeds.

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

pub fn call(call: &mut ToolCall) -> ToolResult {
    call.require_client_capability("sampling")?;
    call.text("Success");
    Ok(())
}
