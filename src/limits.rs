//! Every limit on untrusted input, in one place. Each has a test at the limit and
//! one past it (`tests/limits.rs`) and a line in the README.

/// Largest request body accepted; larger bodies get 413. MCP requests are small;
/// a megabyte leaves room for large tool arguments and stays far from FastEdge's
/// 128 MB memory cap.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Deepest JSON nesting accepted (see `json::scan::MAX_DEPTH`); deeper gets 400/-32700.
pub const MAX_DEPTH: u32 = crate::json::scan::MAX_DEPTH;

/// Most messages in one batch (2025-03-26 only), and most members in one message
/// object; more gets 400/-32600.
pub const MAX_BATCH_LEN: usize = 32;

/// Longest string accepted in tool arguments, in characters, when the tool's schema
/// sets no smaller `maxLength`. Longer gets an `isError` result naming the field.
pub const MAX_ARG_STRING_CHARS: usize = 4096;
