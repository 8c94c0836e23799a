//! `tools/call`: find the tool, check the arguments against its schema, run it.
//!
//! An unknown tool is a protocol error (-32602). Everything after that, invalid
//! arguments included, is a tool result with `isError: true` and a message that
//! names the field, so that a model can correct its own call.

use crate::bytes::same;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Ctx, Params, ToolError, ToolResult};
use crate::era;
use crate::catalog::{self, ty, Param, Run, Tool};
use crate::json::{text, Kind, Out, Value};
use crate::jsonrpc::{texts, RpcError, INVALID_PARAMS};
use crate::limits::MAX_ARG_STRING_CHARS;

pub fn call<'a>(cx: &mut Ctx<'a>, params: &Params<'a>, out: &mut Out) -> Result<(), RpcError> {
    let name = params.required_str(crate::era::NAME)?;
    let tool = match super::find_in(catalog::TOOLS, |t| same(t.name, name)) {
        Some(t) => t,
        None => {
            let name = Cow::Owned(crate::buf::string(name));
            return Err(RpcError::compose(INVALID_PARAMS, texts::UNKNOWN_TOOL, name, ""));
        }
    };
    // `"arguments": null` is the same as no arguments.
    let args = params.get(ARGUMENTS).filter(|v| v.kind() != Kind::Null).copied();
    let mut call = ToolCall {
        cx,
        args,
        // The first parameter's value as a string, kept by the check so that a handler
        // reading it (most tools have one string or two) does not walk the arguments again.
        first: "",
        params,
        #[cfg(edge_notifications)]
        progress_token: None,
        content: Out::new(),
        #[cfg(edge_structured)]
        structured: None,
    };
    // A failed check is a failed call: one place writes every `isError` result.
    // (The check answers a `ToolResult` itself: its message is the failure as it stands.)
    let outcome = match check_object_keeping(tool.params, tool.open, args, INVALID_ARGUMENTS, &mut call.first) {
        Err(failed) => Err(failed),
        Ok(()) => {
            // Only builds whose handlers send progress read the token (a duplicated one
            // is -32602 there); elsewhere nothing would ever use it.
            #[cfg(edge_notifications)]
            {
                call.progress_token = super::meta(params, "progressToken")?;
            }
            // (Only builds with a static result look for one.)
            if let (true, Run::Static(result)) = (catalog::STATIC_RESULTS, &tool.run) {
                out.raw(result.as_bytes());
                return Ok(());
            }
            match tool.run {
                Run::Handler(n) => catalog::run_handler(n, &mut call),
                #[cfg(edge_http_tool)]
                Run::Http(binding) => crate::upstream::binding::call(&mut call, binding),
                #[cfg(edge_kv_tool)]
                Run::Kv(item) => crate::upstream::kv_items::tool(&mut call, item),
                Run::Static(_) => Ok(()),
            }
        }
    };
    match outcome {
        Ok(()) if super::catalog_input_required(&call.content.buf) => {
            if call.cx.version.stateless() {
                out.raw(&call.content.buf);
            } else {
                // Session-era clients know no InputRequiredResult.
                write_error_result(out, "This tool needs input from the client, which it asks for with an InputRequiredResult: use protocol version 2026-07-28");
            }
        }
        Ok(()) => {
            out.raw(CONTENT_OPEN.as_bytes()).raw(&call.content.buf);
            // The usual result, without `structuredContent`, closes in one append.
            #[cfg(edge_structured)]
            if let Some(s) = &call.structured {
                out.raw(b"],\"structuredContent\":").raw(s).raw(b"}");
                return Ok(());
            }
            out.raw(b"]}");
        }
        Err(ToolError::Failed(message)) => write_error_result(out, &message),
        Err(ToolError::Protocol(e)) => return Err(e),
    }
    Ok(())
}

/// How an argument check's messages begin.
const INVALID_ARGUMENTS: &str = "Invalid arguments: ";
/// The member's name, borrowed from that text (see `bytes::within`).
pub const ARGUMENTS: &str = crate::bytes::within(INVALID_ARGUMENTS, "arguments");

/// `{"content":[{"type":"text","text":<message>}],"isError":true}`; the first half is
/// the pieces the usual result and a text block write, joined at compile time (a
/// 37-byte copy in data, one append fewer in code).
fn write_error_result(out: &mut Out, message: &str) {
    out.raw(&ERROR_RESULT_OPEN).str_contents(message).raw(b"\"}],\"isError\":true}");
}

/// [`CONTENT_OPEN`] and [`TEXT_BLOCK_OPEN`] joined at compile time: one append.
static ERROR_RESULT_OPEN: [u8; CONTENT_OPEN.len() + TEXT_BLOCK_OPEN.len()] = super::joined(&[CONTENT_OPEN, TEXT_BLOCK_OPEN]);

/// How every tools/call result's content array begins.
const CONTENT_OPEN: &str = "{\"content\":[";
/// How every text content block begins, up to its text's quote.
const TEXT_BLOCK_OPEN: &str = "{\"type\":\"text\",\"text\":\"";

/// Checks `arguments` against the tool's reduced schema: an object, known keys
/// (unless the schema is open), required keys present, each value of an allowed
/// type, strings within `maxLength` and [`MAX_ARG_STRING_CHARS`]. Public so that
/// `tests/limits.rs` can run it on a scratch tool table, whose parameters may only
/// allow type sets the catalog has too (the build drops the others' checks and
/// phrases: `type_phrase`).
pub fn check_arguments(tool: &Tool, args: Option<Value>) -> Result<(), String> {
    match check_object(tool.params, tool.open, args, INVALID_ARGUMENTS) {
        Err(ToolError::Failed(message)) => Err(message),
        // (The check fails no other way.)
        _ => Ok(()),
    }
}

/// Checks a JSON object against a reduced schema (`params`, `open`); messages start
/// with `prefix`. Tool arguments, and declared HTTP tools' JSON answers. A refusal is
/// the failed call it makes (`ToolError::Failed`, the message), so neither caller turns
/// a `Result<(), String>` into a `ToolResult`, a copy through memory.
///
/// Every message is `prefix`, a head, a name, a quote and a tail (an empty tail:
/// whatever the length rule wrote into `number`, maybe nothing), so each rule only
/// picks its three pieces and one `message` call writes them.
// Inlined (a forwarding call): the `first` slot it lends lands in the caller's frame,
// not in a frame of its own around the call.
#[inline(always)]
pub fn check_object(params: &[Param], open: bool, args: Option<Value>, prefix: &str) -> ToolResult {
    check_object_keeping(params, open, args, prefix, &mut "")
}

/// [`check_object`], which also leaves the first parameter's value in `first` if it is
/// a string (decoded; else `first` is left as it is).
fn check_object_keeping<'a>(
    params: &[Param],
    open: bool,
    args: Option<Value<'a>>,
    prefix: &str,
    first: &mut &'a str,
) -> ToolResult {
    // What a message borrows: the decoded key, and the length limit in decimal.
    let key_text;
    let mut number = Out { buf: Vec::new() };
    let (head, name, tail): (&str, &str, &str) = 'fail: {
        if args.is_some_and(|v| v.kind() != Kind::Object) {
            break 'fail ("\"", ARGUMENTS, texts::MUST_BE_OBJECT);
        }
        let mut seen: u64 = 0;
        'members: for (key, value) in super::members_of(args) {
            // An index loop: the parameter and its bit from one search, no second lookup.
            let mut i = 0;
            let rule = loop {
                let Some(param) = params.get(i) else {
                    // (Only builds with an open schema let unknown keys through.)
                    if catalog::OPEN_SCHEMAS && open {
                        continue 'members;
                    }
                    break "unexpected argument \"";
                };
                if text::raw_eq(key, param.name) {
                    let bit = 1u64 << (i % 64);
                    if seen & bit != 0 {
                        break "duplicate argument \"";
                    }
                    seen |= bit;
                    match value_problem(param, value, &mut number) {
                        Some(tail) => break 'fail ("\"", param.name, tail),
                        None => {
                            if i == 0 {
                                *first = value.str().unwrap_or_default();
                            }
                            continue 'members;
                        }
                    }
                }
                i += 1;
            };
            key_text = text::unescape(key);
            break 'fail (rule, &key_text, "");
        }
        // `seen` shifted along with the parameters: bit 0 is always the current one's.
        for p in params {
            if p.required && seen & 1 == 0 {
                break 'fail ("missing required argument \"", p.name, "");
            }
            seen = seen.rotate_right(1);
        }
        return Ok(());
    };
    // SAFETY: `number` holds only ASCII, the constant words and digits of `value_problem`,
    // so it is not scanned as UTF-8 again.
    let tail = if tail.is_empty() { unsafe { core::str::from_utf8_unchecked(&number.buf) } } else { tail };
    Err(ToolError::Failed(message(&[prefix, head, name, "\"", tail])))
}

/// What is wrong with one argument's value, as the message's tail: `None` if
/// nothing; `Some("")` when the tail is the length rule written into `number`.
fn value_problem(param: &Param, value: Value, number: &mut Out) -> Option<&'static str> {
    // A kind no parameter allows gets no bit: the check fails as it would with its
    // own, and a build whose parameters are all strings tests for a string only (the
    // `raw_str` the length rule needs anyway: no `kind` at all).
    let raw = value.raw_str();
    let bit = ALLOWED_TYPES
        & match value.kind() {
            // (Not a string: `raw_str` said so.)
            Kind::String => 0,
            // Only builds with an "integer" parameter tell integers apart.
            Kind::Number if catalog::INTEGER_PARAMS && text::is_integer(value.bytes()) => ty::INTEGER | ty::NUMBER,
            Kind::Number => ty::NUMBER,
            Kind::Bool => ty::BOOLEAN,
            Kind::Object => ty::OBJECT,
            Kind::Array => ty::ARRAY,
            Kind::Null => ty::NULL,
        };
    let bit = if raw.is_some() { ty::STRING } else { bit };
    if param.types & bit == 0 {
        return Some(type_phrase(param.types));
    }
    if let Some(raw) = raw {
        let limit = param.max_len.min(MAX_ARG_STRING_CHARS);
        // Cheap bound first: a string of n chars has at least n bytes... and at most 4n
        // (escapes aside), so only count characters when the bytes could exceed it.
        if raw.len() > limit && text::char_len(raw) > limit {
            number.raw(b" is longer than ").int(limit as i64).raw(b" characters");
            return Some("");
        }
    }
    None
}

/// Syslog order, as MCP's logging levels use it.
#[cfg(edge_notifications)]
fn severity(level: &str) -> usize {
    super::lifecycle::LEVELS.iter().position(|l| same(l, level)).unwrap_or(0)
}

/// The rule a value of the wrong type broke, for a parameter that allows `types`. Only
/// the phrases of type sets some parameter has are compiled in: for a catalog whose
/// parameters are all strings, this is `MUST_BE_STRING` and no test.
fn type_phrase(types: u8) -> &'static str {
    // A catalog with more than strings reads the phrase's number from a table in data
    // (built at compile time by the same rule), not through a chain of tests in code.
    if catalog::TYPE_SETS == 1 << ty::STRING {
        return texts::MUST_BE_STRING;
    }
    PHRASE_TEXTS[PHRASES[types as usize & 127] as usize]
}

/// [`phrase_among`] for the catalog's sets, for every type set (`types` < 128): a
/// byte each, the phrase's place in [`PHRASE_TEXTS`].
static PHRASES: [u8; 128] = {
    let mut table = [0; 128];
    let mut types = 0;
    while types < 128 {
        table[types] = phrase_among(types as u8, catalog::TYPE_SETS);
        types += 1;
    }
    table
};

/// Every rule a value of the wrong type can break, by [`phrase_among`]'s numbers.
static PHRASE_TEXTS: [&str; 7] = [
    texts::MUST_BE_STRING,
    " must be an integer",
    " must be a number",
    " must be a boolean",
    texts::MUST_BE_OBJECT,
    " must be an array",
    " has the wrong type",
];

/// [`type_phrase`]'s place in [`PHRASE_TEXTS`] for a catalog whose parameters have
/// the type sets `sets` (bit `m`: some parameter allows exactly the types `m`;
/// `catalog::TYPE_SETS`, from the build, covers tool inputs and HTTP tools' output
/// schemas). The argument check is only ever given the catalog's parameters
/// (`tests/limits.rs`' scratch table has only string ones, which the shipped catalog
/// has too).
const fn phrase_among(types: u8, sets: u128) -> u8 {
    match types {
        ty::INTEGER if sets >> ty::INTEGER & 1 != 0 => 1,
        ty::NUMBER if sets >> ty::NUMBER & 1 != 0 => 2,
        ty::BOOLEAN if sets >> ty::BOOLEAN & 1 != 0 => 3,
        ty::OBJECT if sets >> ty::OBJECT & 1 != 0 => 4,
        ty::ARRAY if sets >> ty::ARRAY & 1 != 0 => 5,
        ty::STRING => 0,
        _ if sets & !OWN_PHRASES != 0 => 6,
        // Unreachable: every set the catalog has is one of the above.
        _ => 0,
    }
}

/// The type sets with a phrase of their own, as `TYPE_SETS` bits.
const OWN_PHRASES: u128 =
    1 << ty::STRING | 1 << ty::INTEGER | 1 << ty::NUMBER | 1 << ty::BOOLEAN | 1 << ty::OBJECT | 1 << ty::ARRAY;

/// Every type some parameter allows: the union of the catalog's type sets.
const ALLOWED_TYPES: u8 = {
    let mut union = 0;
    let mut set = 0;
    while set < 128 {
        if catalog::TYPE_SETS >> set & 1 != 0 {
            union |= set;
        }
        set += 1;
    }
    union
};

/// An argument check's message, from its pieces: one loop for every message,
/// rather than a string built piece by piece at each. (Called once, so inlined;
/// `app_config`'s two-piece message is appended where it is made.)
pub(crate) fn message(pieces: &[&str]) -> String {
    let mut m = String::new();
    for piece in pieces {
        crate::buf::push_str(&mut m, piece);
    }
    m
}

/// A tool handler's view of one call: validated arguments in, content out.
pub struct ToolCall<'c, 'a> {
    pub cx: &'c mut Ctx<'a>,
    args: Option<Value<'a>>,
    /// The first declared parameter's value if it is a string (decoded), as the
    /// argument check found it; else empty.
    first: &'a str,
    params: &'c Params<'a>,
    /// Only in builds whose handlers send notifications (cfg `edge_notifications`).
    #[cfg(edge_notifications)]
    progress_token: Option<Value<'a>>,
    content: Out,
    /// Only in builds where something may set it (the cfg, from build/main.rs).
    #[cfg(edge_structured)]
    structured: Option<Vec<u8>>,
}

impl<'c, 'a> ToolCall<'c, 'a> {
    /// A string argument (already checked against the schema).
    pub fn str_arg(&self, name: &str) -> Option<&'a str> {
        self.arg(name).and_then(|v| v.str())
    }

    /// The whole `arguments` object (validated), if the call had one.
    pub fn args(&self) -> Option<Value<'a>> {
        self.args
    }

    /// Any argument, as a validated JSON value.
    pub fn arg(&self, name: &str) -> Option<Value<'a>> {
        self.args.and_then(|a| a.get(name).ok().flatten())
    }

    /// The value of the tool's first declared parameter (the first of `Tool::params`) if
    /// it is a string, decoded, as the argument check kept it (empty if absent or not a
    /// string): [`Self::str_arg`] without walking the arguments again, nor decoding the
    /// string at each handler.
    pub fn first_str(&self) -> &'a str {
        self.first
    }

    fn separator(&mut self) {
        if !self.content.buf.is_empty() {
            self.content.raw(b",");
        }
    }

    /// Adds a text content block.
    // Inlined: a call to `text_around` with two empty texts is about as long as a call
    // to a body of its own, which is one function fewer.
    #[inline(always)]
    pub fn text(&mut self, text: &str) {
        self.text_around("", text, "");
    }

    /// Adds a text content block that is `text` between `before` and `after`: a
    /// handler builds no `String` to say it. `text` is escaped straight into the
    /// content; `before` and `after` are a handler's constants, written as they are,
    /// so they must need no JSON escaping (no `"`, `\\` or control character).
    pub fn text_around(&mut self, before: &str, text: &str, after: &str) {
        debug_assert!(!before.bytes().chain(after.bytes()).any(|b| b == b'"' || b == b'\\' || b < 0x20));
        self.separator();
        self.content.raw(TEXT_BLOCK_OPEN.as_bytes()).raw(before.as_bytes());
        self.content.str_contents(text).raw(after.as_bytes()).raw(b"\"}");
    }

    /// Adds a content block that is already serialized JSON (image, audio, resource...).
    pub fn raw_content(&mut self, block: &[u8]) {
        self.separator();
        self.content.raw(block);
    }

    /// Sets `structuredContent` (a serialized object matching the tool's
    /// `outputSchema`) and adds the same JSON as a text block, as the spec asks
    /// for clients that only read text. Both callers pass JSON they built from `&str`
    /// pieces or already checked as text, so it is not scanned again.
    ///
    /// Compiled only when a handler's source calls it or a tool is a declared HTTP
    /// binding (cfg `edge_structured`): other builds carry no `structuredContent` path.
    ///
    /// # Safety
    /// `object` must be UTF-8.
    // Inlined into its two callers: a call and its arguments are most of the body.
    #[cfg(edge_structured)]
    #[inline(always)]
    pub unsafe fn structured(&mut self, object: Vec<u8>) {
        debug_assert!(core::str::from_utf8(&object).is_ok());
        // SAFETY: UTF-8, the caller's contract (and `text` only escapes bytes).
        self.text(unsafe { core::str::from_utf8_unchecked(&object) });
        self.structured = Some(object);
    }

    /// Fails the call with -32021 unless the client declared `capability`.
    pub fn require_client_capability(&self, capability: &str) -> ToolResult {
        if era::client_has(self.cx.version, self.params, capability) {
            return Ok(());
        }
        let mut data = Out::new();
        data.raw(b"{\"requiredCapabilities\":{").str(capability).raw(b":{}}}");
        let capability = Cow::Owned(crate::buf::string(capability));
        let e = RpcError::compose(era::MISSING_CAPABILITY, texts::NEEDS_CAPABILITY, capability, "");
        Err(ToolError::Protocol(e.with_data(data.buf)))
    }

    /// Queues a `notifications/message` log entry, streamed before the result.
    /// Compiled only when a handler's source calls it (cfg `edge_notifications`).
    /// Session-era clients get every entry (a stateless server cannot remember
    /// `logging/setLevel`); stateless-era clients only those at or above the
    /// `_meta` logLevel they sent, and none without one, as the spec requires.
    #[cfg(edge_notifications)]
    pub fn log(&mut self, level: &str, data: &str) {
        if self.cx.version.stateless() {
            let wanted = super::meta(self.params, era::META_LOG_LEVEL).ok().flatten().and_then(|v| v.str());
            match wanted {
                Some(w) if severity(level) >= severity(w) => {}
                _ => return,
            }
        }
        let mut params = Out::new();
        params.raw(b"{\"level\":").str(level).raw(b",\"data\":").str(data).raw(b"}");
        let mut n = Out::new();
        crate::jsonrpc::write_notification(&mut n, "notifications/message", &params.buf);
        crate::reply::event(&mut self.cx.notifications, &n.buf);
    }

    /// Queues a `notifications/progress` for the request's progress token, if any.
    /// Compiled only when a handler's source calls it (cfg `edge_notifications`).
    #[cfg(edge_notifications)]
    pub fn progress(&mut self, progress: i64, total: i64, message: &str) {
        let token = match self.progress_token {
            Some(t) => t.bytes(),
            None => return,
        };
        let mut params = Out::new();
        params.raw(b"{\"progressToken\":").raw(token);
        params.raw(b",\"progress\":").int(progress).raw(b",\"total\":").int(total);
        params.raw(b",\"message\":").str(message).raw(b"}");
        let mut n = Out::new();
        crate::jsonrpc::write_notification(&mut n, "notifications/progress", &params.buf);
        crate::reply::event(&mut self.cx.notifications, &n.buf);
    }

    /// A member of the request's `params` (e.g. `inputResponses`, `requestState`).
    pub fn param(&self, key: &str) -> Option<Value<'a>> {
        self.params.get(key).copied()
    }

    /// Whether the client declared `capability` (see [`era::client_has`]).
    pub fn client_has(&self, capability: &str) -> bool {
        era::client_has(self.cx.version, self.params, capability)
    }

    /// Answers with an `InputRequiredResult` (2026-07-28 MRTR) instead of content:
    /// `input_requests` is the serialized `inputRequests` object, `request_state`
    /// the opaque state the client echoes back. Only in builds whose catalog
    /// enables it (`catalog::INPUT_REQUIRED`); content added before is discarded.
    pub fn input_required(&mut self, input_requests: &[u8], request_state: Option<&str>) {
        self.content = Out::new();
        self.content.raw(super::INPUT_REQUIRED_START).raw(b",\"inputRequests\":").raw(input_requests);
        if let Some(state) = request_state {
            self.content.raw(b",\"requestState\":").str(state);
        }
        self.content.raw(b"}");
    }

    /// The request's `_meta.progressToken`, if any (a handler calling this turns on
    /// `edge_notifications`).
    #[cfg(edge_notifications)]
    pub fn progress_token(&self) -> Option<Value<'a>> {
        self.progress_token
    }

    /// Configuration (FastEdge dictionary) lookups for handlers.
    pub fn config(&self, name: &str) -> Option<String> {
        self.cx.env.config(name)
    }

    /// Sends an outbound HTTP request through FastEdge's `http-client`. Every host
    /// error comes back as a message for an `isError` result (`?` makes it one).
    #[cfg(edge_http)]
    pub fn fetch(&self, req: &crate::upstream::http::OutRequest) -> Result<crate::upstream::http::OutResponse, String> {
        crate::upstream::http::send(self.cx.env, req)
    }

    /// Opens a FastEdge key-value store (read-only); its operations' errors, like
    /// this one's, are messages naming the store.
    #[cfg(edge_kv)]
    pub fn kv_open<'n>(&self, store: &'n str) -> Result<crate::upstream::kv::Store<'n>, String> {
        crate::upstream::kv::Store::open(self.cx.env, store)
    }

    /// A secret (FastEdge secret store), for handlers that authenticate upstream.
    /// Never put it in a result.
    pub fn secret(&self, name: &str) -> Option<String> {
        self.cx.env.secret(name)
    }

    /// A request header, for handlers that report on the request.
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.cx.req.header(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each type set gets the phrase it always had, whatever other sets the catalog has,
    /// as long as it has this one: the build-time pruning drops only unused phrases.
    #[test]
    fn type_phrases_hold_for_any_catalog_that_declares_the_set() {
        let full = |types: u8| match types {
            ty::STRING => texts::MUST_BE_STRING,
            ty::INTEGER => " must be an integer",
            ty::NUMBER => " must be a number",
            ty::BOOLEAN => " must be a boolean",
            ty::OBJECT => texts::MUST_BE_OBJECT,
            ty::ARRAY => " must be an array",
            _ => " has the wrong type",
        };
        for types in 1..128u8 {
            for others in [0u128, 1 << ty::STRING, 1 << (ty::STRING | ty::NULL), OWN_PHRASES, u128::MAX] {
                assert_eq!(PHRASE_TEXTS[phrase_among(types, others | 1 << types) as usize], full(types), "set {types} with {others:#x}");
            }
        }
    }
}
