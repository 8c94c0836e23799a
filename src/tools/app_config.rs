//! `app_config`: reads one configuration value through FastEdge's `dictionary`.
//! Only keys starting with `PUBLIC_` are readable, so that operator settings and
//! anything else in the dictionary never leak through a tool call.

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

/// The refusal names the prefix, so the prefix is borrowed from it (`bytes::within`).
const NOT_PUBLIC: &str = "Only keys starting with PUBLIC_ can be read (for example PUBLIC_GREETING)";
const PREFIX: &str = crate::bytes::within(NOT_PUBLIC, "PUBLIC_");

pub fn call(call: &mut ToolCall) -> ToolResult {
    // `key`, the one parameter (a required string).
    let key = call.first_str();
    if key.len() <= PREFIX.len() || !key.starts_with(PREFIX) {
        return Err(NOT_PUBLIC.into());
    }
    match call.config(&key) {
        Some(value) => {
            call.text(&value);
            Ok(())
        }
        // Two pieces, appended here: with a call of `tools::message` (over a slice of
        // them built in the frame), that function had two callers and stayed one.
        None => {
            let mut message = crate::buf::string("Not configured: ");
            crate::buf::push_str(&mut message, key);
            Err(message.into())
        }
    }
}
