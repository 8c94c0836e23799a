//! The fixed pieces of every JSON-RPC error text, in one place.
//!
//! A message is written as up to three pieces (see [`super::ErrorBody`]): a
//! prefix naming the kind of fault, the field or value at fault, and the rule it
//! broke. Pieces that several messages share are written once here, so the
//! module carries each word once, and no error path builds a string. A piece that
//! lies inside a longer text is borrowed from it ([`crate::bytes::within`]), and so
//! are the member and header names the code looks up that a text already spells.
//! Each text still names the field, header or limit a user has to fix.

use crate::bytes::within;

// The two prefixes are borrowed from the one whole message of each kind below
// (see `crate::bytes::within`).
pub const INVALID_REQUEST: &str = within(NO_BATCHES, "Invalid Request: ");
pub const INVALID_PARAMS: &str = within(META_REQUIRED, "Invalid params: ");

// Why a message is not a JSON-RPC message (after INVALID_REQUEST).
pub const BOTH_OUTCOMES: &str = "both result and error";
pub const ESCAPED_MEMBER: &str = "escaped member name";
pub const DUPLICATE_MEMBER: &str = within(DUPLICATE_KEY, "duplicate key");
pub const JSONRPC_VERSION: &str = "jsonrpc must be \"2.0\"";
pub const ID_TYPE: &str = "id must be a string or number";
pub const RESPONSE_SHAPE: &str = "a response needs an id and no method";
pub const METHOD_TYPE: &str = "method must be a string";
pub const PARAMS_TYPE: &str = "params must be an object";
pub const NOT_OBJECT: &str = "message must be an object";
pub const BATCH_ELEMENT: &str = "batch element must be an object";
pub const EMPTY_BATCH: &str = "empty batch";
pub const BATCHED_INITIALIZE: &str = "initialize must not be batched";
/// Why a message is refused with -32600, as one number (a [`REASONS`] index): each
/// place that refuses sets one small constant, not a text's address and length.
pub type Reason = u8;
pub const R_BOTH_OUTCOMES: Reason = 0;
pub const R_ESCAPED_MEMBER: Reason = 1;
pub const R_DUPLICATE_MEMBER: Reason = 2;
pub const R_JSONRPC_VERSION: Reason = 3;
pub const R_ID_TYPE: Reason = 4;
pub const R_RESPONSE_SHAPE: Reason = 5;
pub const R_METHOD_TYPE: Reason = 6;
pub const R_PARAMS_TYPE: Reason = 7;
pub const R_NOT_OBJECT: Reason = 8;
pub const R_BATCH_ELEMENT: Reason = 9;
pub const R_EMPTY_BATCH: Reason = 10;
pub const R_BATCHED_INITIALIZE: Reason = 11;
pub const R_TOO_MANY_CHILDREN: Reason = 12;
/// The text of each [`Reason`], padded to 16 so that a masked index needs no bounds test.
pub const REASONS: [&str; 16] = [
    BOTH_OUTCOMES,
    ESCAPED_MEMBER,
    DUPLICATE_MEMBER,
    JSONRPC_VERSION,
    ID_TYPE,
    RESPONSE_SHAPE,
    METHOD_TYPE,
    PARAMS_TYPE,
    NOT_OBJECT,
    BATCH_ELEMENT,
    EMPTY_BATCH,
    BATCHED_INITIALIZE,
    TOO_MANY_CHILDREN,
    "",
    "",
    "",
];
/// A whole message, followed by the version. It names the header that carries the
/// version (`crate::era` borrows the name for its lookups).
pub const NO_BATCHES: &str = "Invalid Request: no batches in mcp-protocol-version ";
/// The scanner's limit (crate::limits), spelled out.
pub const TOO_MANY_CHILDREN: &str = "over MAX_BATCH_LEN (32) batch entries or members";

// Parse errors: `Parse error: ` (the end of `super::PARSE_ERROR_HEAD`), one of
// these, each ending in ` at byte ` (one append, not two), and the offset (written
// into the reply as they are, so: nothing a JSON string would escape).
pub const PARSE_SYNTAX: &str = "invalid JSON at byte ";
pub const PARSE_UTF8: &str = "invalid UTF-8 at byte ";
pub const PARSE_DEPTH: &str = "deeper than MAX_DEPTH (64) at byte ";

// Params (after INVALID_PARAMS and the field's name), borrowed from the texts
// above and below that end so (see `crate::bytes::within`).
pub const MUST_BE_STRING: &str = within(METHOD_TYPE, " must be a string");
pub const MUST_BE_OBJECT: &str = within(PARAMS_TYPE, " must be an object");
pub const IS_REQUIRED: &str = within(HEADER_REQUIRED, " is required");
/// Followed by where: `_meta`, `params`, `arguments`.
pub const DUPLICATE_KEY: &str = "duplicate key in ";
/// A whole message, naming both `_meta` keys in full (`crate::era` borrows them).
pub const META_REQUIRED: &str = "Invalid params: _meta needs io.modelcontextprotocol/protocolVersion (string) and io.modelcontextprotocol/clientCapabilities (object)";

// Header rules of the stateless era (after the header's name).
pub const HEADER_REQUIRED: &str = " header is required";
pub const HEADER_DIFFERS: &str = " header does not match the body";
/// `Mcp-Param-*`: followed by the argument's name.
pub const PARAM_HEADER_DIFFERS: &str = " header does not match the argument ";

/// Followed by the version asked for.
pub const UNSUPPORTED_VERSION: &str = "Unsupported protocol version: ";
pub const METHOD_NOT_FOUND: &str = "Method not found";
pub const INVALID_CURSOR: &str = "Invalid cursor";
// Followed by the name asked for.
pub const UNKNOWN_TOOL: &str = "Unknown tool: ";
pub const UNKNOWN_PROMPT: &str = "Unknown prompt: ";
pub const RESOURCE_NOT_FOUND: &str = "Resource not found: ";
pub const MISSING_ARGUMENT: &str = "Missing required argument: ";
pub const NEEDS_CAPABILITY: &str = "This tool needs the client capability ";
