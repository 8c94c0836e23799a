//! `edge_info`: where the request was served, from the headers FastEdge adds
//! (`pop-*` geo data, `x-real-ip`, `server_name`). Returns `structuredContent`
//! matching the tool's `outputSchema`; absent headers are omitted.

use crate::json::Out;
use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

/// Output member (written as it stands: a comma, the quoted name and a colon), then the
/// request header it comes from, for each field in turn: one text split at spaces, not
/// a table of string slices (16 bytes an entry).
const FIELDS: &str = ",\"serverName\": server_name ,\"clientIp\": x-real-ip ,\"city\": pop-city \
,\"region\": pop-reg ,\"countryCode\": pop-country-code ,\"countryName\": pop-country-name \
,\"continent\": pop-continent ,\"latitude\": pop-lat ,\"longitude\": pop-long";

pub fn call(call: &mut ToolCall) -> ToolResult {
    let mut out = Out::new();
    let mut words = crate::bytes::split(FIELDS, b' ');
    while let (Some(member), Some(header)) = (words.next(), words.next()) {
        if let Some(value) = call.header(header) {
            out.raw(member.as_bytes()).str(value);
        }
    }
    // The first member's comma becomes the object's brace (none: an empty object).
    match out.buf.first_mut() {
        Some(comma) => *comma = b'{',
        None => {
            out.raw(b"{");
        }
    }
    out.raw(b"}");
    // SAFETY: written from `&str` pieces and ASCII punctuation only.
    unsafe { call.structured(out.buf) };
    Ok(())
}
