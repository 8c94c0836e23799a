//! JSON-RPC 2.0 framing: what a message is, and how replies are written.
//!
//! A message is classified from its members without decoding anything but
//! `jsonrpc` and `method`. The `id` is kept as raw bytes and echoed byte for byte,
//! so `0`, `-1`, `12345678901234567890` and `"a\"b"` all come back exactly as sent.

pub mod post;
pub mod texts;

use alloc::borrow::Cow;

use crate::bytes::within;
use crate::json::{scan::Child, text, Cursor, Kind, Out, Value};

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const INVALID_PARAMS: i64 = -32602;
pub const INTERNAL_ERROR: i64 = -32603;
/// MCP: resource not found (2025 era).
pub const RESOURCE_NOT_FOUND: i64 = -32002;

/// An error reply: code, message, and optional pre-serialized `data`.
///
/// Boxed: errors are rare, and every `Result` on the request path carries one, so
/// a one-word error keeps those `Result`s small and cheap to move (measured: the
/// unboxed 56-byte error cost kilobytes of copying code across the module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError(alloc::boxed::Box<ErrorBody>);

/// The message is written in three pieces, one after the other: a fixed text
/// (the rule, from [`texts`]), what broke it (a field, a name, a version: only
/// this piece is ever built at run time), and a fixed tail. So no error path
/// concatenates strings, and near-duplicate texts share their pieces.
/// A built `detail` is kept for the request ([`crate::json::text::leak`]), so every
/// piece is a plain `&str`: one constructor, and no `Cow` to build or look into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: i64,
    pub message: &'static str,
    pub detail: &'static str,
    pub tail: &'static str,
    /// Empty when the error has no `data` (no JSON value is empty).
    pub data: &'static [u8],
}

impl ErrorBody {
    /// The whole message text, as the reply carries it.
    pub fn text(&self) -> alloc::string::String {
        let mut m = crate::buf::string(self.message);
        crate::buf::push_str(&mut m, self.detail);
        crate::buf::push_str(&mut m, self.tail);
        m
    }
}

impl core::ops::Deref for RpcError {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl RpcError {
    /// The error as one word, its box's address: for results packed into a `u64`
    /// (see [`crate::mcp::params::Params::required_str`]).
    #[cfg(target_pointer_width = "32")]
    #[inline(always)]
    pub fn into_word(self) -> u32 {
        alloc::boxed::Box::into_raw(self.0) as usize as u32
    }

    /// The error [`RpcError::into_word`] gave.
    ///
    /// # Safety
    /// `word` must come from `into_word`, once: the box is owned again here.
    #[cfg(target_pointer_width = "32")]
    #[inline(always)]
    pub unsafe fn from_word(word: u32) -> RpcError {
        // SAFETY: the caller hands back an address `Box::into_raw` gave, only once.
        RpcError(unsafe { alloc::boxed::Box::from_raw(word as usize as *mut ErrorBody) })
    }

    /// Always inlined: a call of [`build`](RpcError::build) with one more constant
    /// (the empty detail) costs its callers less than a function of its own.
    #[inline(always)]
    pub fn new(code: i64, message: &'static str) -> RpcError {
        RpcError::fixed(code, message, "", "")
    }

    /// `message`, then `detail`, then `tail`. Always inlined over [`RpcError::build`]:
    /// nearly every error's tail is empty, and an empty constant is no store at all,
    /// where an argument was two constants at each call site.
    #[inline(always)]
    pub fn fixed(code: i64, message: &'static str, detail: &'static str, tail: &'static str) -> RpcError {
        let mut e = RpcError::build(code, message, detail);
        if !tail.is_empty() {
            e.0.tail = tail;
        }
        e
    }

    /// `message`, then `detail`: the one constructor.
    #[inline(never)]
    fn build(code: i64, message: &'static str, detail: &'static str) -> RpcError {
        RpcError(crate::buf::boxed(ErrorBody { code, message, detail, tail: "", data: &[] }))
    }

    /// [`fixed`](RpcError::fixed) with a `detail` built at run time, kept for the
    /// request (`leak`: free in the module, whose allocator never frees).
    #[inline(always)]
    pub fn compose(code: i64, message: &'static str, detail: Cow<'static, str>, tail: &'static str) -> RpcError {
        RpcError::fixed(code, message, crate::json::text::leak(detail), tail)
    }

    /// Adds pre-serialized `data`, kept for the request as `detail` is.
    pub fn with_data(mut self, data: alloc::vec::Vec<u8>) -> RpcError {
        // In the module, leaked: its allocator never frees, and the instance ends with
        // the request (see `json::text::keep`).
        #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
        let kept: &'static [u8] = data.leak();
        // Natively, kept where `text::leak` keeps strings (reachable, so no leak for
        // LeakSanitizer); the data is JSON text, UTF-8, so the lossy copy is exact.
        #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
        let kept = crate::json::text::leak(Cow::Owned(alloc::string::String::from_utf8_lossy(&data).into_owned())).as_bytes();
        self.0.data = kept;
        self
    }

    pub fn invalid_params(message: &'static str) -> RpcError {
        RpcError::new(INVALID_PARAMS, message)
    }
}

/// A well-formed request (with an `id`) or notification (without one: its `params`
/// are not read). One struct, not an enum of the two: [`Message::parse`] fills one
/// shape, so it copies its answer out once, not once per kind.
pub struct Message<'a> {
    pub id: Option<Value<'a>>,
    pub method: &'a str,
    pub params: Option<Value<'a>>,
}

impl<'a> Message<'a> {
    /// Classifies a message from its members. `Ok(None)` is a client's reply to a
    /// server request: a stateless server never sends those, so it acknowledges and
    /// forgets. `Err` is a reason for -32600 (one of [`texts::REASONS`]).
    pub fn parse(members: Members<'a>) -> Result<Option<Message<'a>>, texts::Reason> {
        let mut message = Message::EMPTY;
        match Message::parse_into(members, &mut message) {
            IS_MESSAGE => Ok(Some(message)),
            IS_REPLY => Ok(None),
            reason => Err(reason),
        }
    }

    /// Nothing yet: where [`Message::parse_into`] builds its answer.
    pub const EMPTY: Message<'static> = Message { id: None, method: "", params: None };

    /// [`Message::parse`] into `message` (which starts [`Message::EMPTY`]): the answer
    /// is one byte in a register, [`IS_MESSAGE`], [`IS_REPLY`] or the reason, and the
    /// message is built where the caller reads it, not copied out through a `Result`.
    pub fn parse_into(mut members: Members<'a>, message: &mut Message<'a>) -> texts::Reason {
        // Every refusal leaves through one exit (one store of the reason, not one
        // at each).
        'invalid: {
            // Built in place: `id` and `params` are stored where the answer has them.
            let (mut version, mut method, mut outcome) = (None, None, false);
            while let Some((key, value)) = members.next() {
                let slot = match short_key(key) {
                    JSONRPC => &mut version,
                    ID => &mut message.id,
                    METHOD => &mut method,
                    PARAMS => &mut message.params,
                    RESULT | ERROR => {
                        if outcome {
                            break 'invalid texts::R_BOTH_OUTCOMES;
                        }
                        outcome = true;
                        continue;
                    }
                    _ if crate::bytes::contains(key, b'\\') => break 'invalid texts::R_ESCAPED_MEMBER,
                    _ => continue,
                };
                if slot.replace(value).is_some() {
                    break 'invalid texts::R_DUPLICATE_MEMBER;
                }
            }
            // The value as sent, quotes and all, in one compare (not the contents and
            // three byte compares): an escaped spelling such as `"2\u002e0"` is refused,
            // as it always was.
            match version {
                Some(v) if *v.bytes() == *VERSION_VALUE => {}
                _ => break 'invalid texts::R_JSONRPC_VERSION,
            }
            if let Some(id) = message.id {
                if !matches!(id.kind(), Kind::String | Kind::Number) {
                    break 'invalid texts::R_ID_TYPE;
                }
            }
            if outcome {
                match (message.id, method, message.params) {
                    (Some(_), None, None) => return IS_REPLY,
                    _ => break 'invalid texts::R_RESPONSE_SHAPE,
                }
            }
            message.method = match method.and_then(|m| m.str()) {
                Some(m) => m,
                None => break 'invalid texts::R_METHOD_TYPE,
            };
            if let Some(p) = message.params {
                if !matches!(p.kind(), Kind::Object | Kind::Array) {
                    break 'invalid texts::R_PARAMS_TYPE;
                }
            }
            IS_MESSAGE
        }
    }
}

/// [`Message::parse_into`]'s answer for a message (request or notification)...
pub const IS_MESSAGE: texts::Reason = 254;
/// ...and for a client's reply to a server request.
pub const IS_REPLY: texts::Reason = 255;

/// Where a message's members come from: the spans `scan` recorded for a top-level
/// object, or a [`Cursor`] over a batch element. One concrete type, not a
/// `dyn Iterator` or a generic: behind `dyn`, each source brought a vtable with
/// `size_hint`/`advance_by`/`nth` bodies and function-table entries; a generic
/// `parse` was stamped out twice (+253 bytes).
pub enum Members<'a> {
    Top { body: &'a [u8], children: core::slice::Iter<'a, Child<'a>> },
    Element(Cursor<'a>),
}

impl<'a> Members<'a> {
    /// The next `(raw key, value)`.
    fn next(&mut self) -> Option<(&'a [u8], Value<'a>)> {
        match self {
            Members::Top { body, children } => {
                let c = children.next()?;
                Some((c.key, Value { buf: body, span: c.value }))
            }
            Members::Element(cursor) => cursor.next(),
        }
    }
}

/// A member name of 2 or 4..=8 bytes as one integer (its bytes little-endian,
/// zero-padded), so the envelope's names are settled by integer compares; any other
/// length is 0, which no envelope name is. (A name never holds a raw NUL, so the
/// padding cannot make two names alike.) Read as its first and last four bytes,
/// not a byte loop: the loop cost ~300 instructions a request.
fn short_key(key: &[u8]) -> u64 {
    let n = key.len();
    match (key, key) {
        ([a, b, c, d, ..], [.., e, f, g, h]) if n <= 8 => {
            let lo = u32::from_le_bytes([*a, *b, *c, *d]) as u64;
            let hi = u32::from_le_bytes([*e, *f, *g, *h]) as u64;
            // The last word shifted to where it ends: it overlaps the first (or-ing equal bytes).
            lo | hi << ((n - 4) * 8)
        }
        ([a, b], _) => u16::from_le_bytes([*a, *b]) as u64,
        _ => 0,
    }
}

/// [`short_key`] at build time.
const fn key_of(name: &[u8]) -> u64 {
    let (mut k, mut i) = (0u64, name.len());
    while i > 0 {
        i -= 1;
        k = k << 8 | name[i] as u64;
    }
    k
}

const JSONRPC: u64 = key_of(b"jsonrpc");
const ID: u64 = key_of(b"id");
const METHOD: u64 = key_of(b"method");
const PARAMS: u64 = key_of(b"params");
const RESULT: u64 = key_of(b"result");
const ERROR: u64 = key_of(b"error");

/// The head of every parse error, whole, up to the message's `Parse error: `: the
/// other envelope pieces are borrowed from it (see [`crate::bytes::within`]).
pub const PARSE_ERROR_HEAD: &str = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error: ";
const _: () = assert!(PARSE_ERROR == -32700);
/// `jsonrpc`'s one accepted value, as JSON.
const VERSION_VALUE: &[u8] = within(PARSE_ERROR_HEAD, "\"2.0\"").as_bytes();
const ENVELOPE_ID: &str = within(PARSE_ERROR_HEAD, "{\"jsonrpc\":\"2.0\",\"id\":");
const ERROR_CODE: &str = within(PARSE_ERROR_HEAD, ",\"error\":{\"code\":");
const MESSAGE: &str = within(PARSE_ERROR_HEAD, ",\"message\":\"");
/// The raw `id` of an error that has none.
pub const NULL_ID: &[u8] = within(PARSE_ERROR_HEAD, "null").as_bytes();

/// Writes `{"jsonrpc":"2.0","id":<id>,"result":` ; the caller writes the result and
/// then [`end`].
pub fn begin_result(out: &mut Out, id: &[u8]) {
    out.raw(ENVELOPE_ID.as_bytes()).raw(id).raw(b",\"result\":");
}

pub fn end(out: &mut Out) {
    out.raw(b"}");
}

/// Writes a complete error reply. `id` is raw JSON (`null` when unknown). The error
/// is taken by value: one word (its box) passed in a register, where a reference
/// needs the box stored to memory at each call. Called once (`post::Batch::one`), so
/// wasm-opt inlines it there.
pub fn write_error(out: &mut Out, id: &[u8], err: RpcError) {
    out.raw(ENVELOPE_ID.as_bytes()).raw(id).raw(ERROR_CODE.as_bytes());
    out.int(err.code).raw(MESSAGE.as_bytes()).str_contents(err.message).str_contents(err.detail).str_contents(err.tail);
    // The message's closing quote goes with what follows it: one append, not two,
    // for the usual error without `data`.
    match err.data {
        [] => out.raw(b"\"}}"),
        data => out.raw(b"\",\"data\":").raw(data).raw(b"}}"),
    };
}

/// A notification written as a complete message (for SSE streams).
pub fn write_notification(out: &mut Out, method: &str, params: &[u8]) {
    out.raw(b"{\"jsonrpc\":\"2.0\",\"method\":").str(method).raw(b",\"params\":").raw(params).raw(b"}");
}

/// Whether a raw member name equals `key`, for callers outside this module.
pub fn key_is(raw: &[u8], key: &str) -> bool {
    text::raw_eq(raw, key)
}

#[cfg(test)]
mod tests {
    use super::{key_of, short_key};

    #[test]
    fn short_key_is_the_padded_name_for_two_and_four_to_eight_bytes() {
        for name in [&b"id"[..], b"abcd", b"error", b"method", b"params", b"result", b"jsonrpc", b"abcdefgh", b"\xff\x01\x02\x03\x04"] {
            assert_eq!(short_key(name), key_of(name), "{name:?}");
        }
        for other in [&b""[..], b"a", b"abc", b"abcdefghi", b"jsonrpc-x"] {
            assert_eq!(short_key(other), 0, "{other:?}");
        }
    }
}
