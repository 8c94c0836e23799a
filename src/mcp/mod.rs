//! MCP methods: one request in, one result (or error) out.
//!
//! The transport has already decided the message is a well-formed request and
//! which protocol version it speaks; here the method name picks a handler and the
//! handler writes its result object into the output. Methods for features the
//! catalog does not declare answer -32601, exactly as the advertised capabilities say.

pub mod completion;
pub mod lifecycle;
pub mod params;
pub mod prompts;
pub mod resources;
pub mod tools;
pub mod version;

use crate::bytes::same;

use crate::catalog;
use crate::env::Host;
use crate::http::Request;
use crate::json::{Out, Value};
use crate::jsonrpc::{texts, RpcError, METHOD_NOT_FOUND};
pub use params::Params;
use version::Version;

/// What a tool handler returns.
pub type ToolResult = Result<(), ToolError>;

/// Why a tool call did not succeed.
pub enum ToolError {
    /// The tool failed: answered as a result with `isError: true` and this text,
    /// so the model sees it and can correct itself.
    Failed(alloc::string::String),
    /// The request cannot be served at all (e.g. -32021): a JSON-RPC error.
    Protocol(RpcError),
}

impl From<alloc::string::String> for ToolError {
    fn from(message: alloc::string::String) -> ToolError {
        ToolError::Failed(message)
    }
}

impl From<&str> for ToolError {
    fn from(message: &str) -> ToolError {
        ToolError::Failed(crate::buf::string(message))
    }
}

/// Everything a method may look at while answering one request.
pub struct Ctx<'a> {
    pub req: &'a Request<'a>,
    pub env: &'a Host,
    pub version: Version,
    /// Notifications to send before the response (finite SSE stream), serialized
    /// as SSE events into one buffer ([`crate::reply::event`]). Only in builds whose
    /// handlers send any (cfg `edge_notifications`, from the build).
    #[cfg(edge_notifications)]
    pub notifications: alloc::vec::Vec<u8>,
}

/// The methods this server answers, told apart once a request (by the batch rule, the
/// era's rules and the dispatch): each step then compares a number, not the name again
/// (a `memcmp` each), and the dispatch is a jump table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Known {
    // The session era's own methods first: the stateless era has none of them, which
    // the dispatch tells by one comparison (`Known::Subscribe` is the last).
    Initialize,
    Ping,
    SetLevel,
    /// `resources/subscribe` and `resources/unsubscribe`, answered alike.
    Subscribe,
    /// `tools/call`, in a build that serves tools.
    ToolsCall,
    Discover,
    ToolsList,
    ResourcesList,
    TemplatesList,
    ResourcesRead,
    PromptsList,
    PromptsGet,
    Complete,
    /// Any other method, and one of the above that the catalog leaves out.
    Other,
}

/// Every method name with its [`Known`]: `tools/call` first, the requests a server
/// answers most.
const ALL_METHODS: [(&str, Known); 14] = [
    ("tools/call", Known::ToolsCall),
    (INITIALIZE, Known::Initialize),
    ("server/discover", Known::Discover),
    ("tools/list", Known::ToolsList),
    ("ping", Known::Ping),
    ("logging/setLevel", Known::SetLevel),
    ("resources/list", Known::ResourcesList),
    ("resources/templates/list", Known::TemplatesList),
    ("resources/read", Known::ResourcesRead),
    ("prompts/list", Known::PromptsList),
    ("prompts/get", Known::PromptsGet),
    ("completion/complete", Known::Complete),
    ("resources/subscribe", Known::Subscribe),
    ("resources/unsubscribe", Known::Subscribe),
];

/// Whether the catalog has what `method` serves (else it is -32601).
const fn served(method: Known) -> bool {
    match method {
        Known::ToolsCall | Known::ToolsList => serves_tools(),
        Known::SetLevel => catalog::LOGGING,
        Known::ResourcesList | Known::TemplatesList | Known::ResourcesRead => serves_resources(),
        Known::Subscribe => catalog::SUBSCRIBE,
        Known::PromptsList | Known::PromptsGet => serves_prompts(),
        Known::Complete => catalog::COMPLETIONS,
        Known::Initialize | Known::Discover | Known::Ping | Known::Other => true,
    }
}

/// How many of [`ALL_METHODS`] this catalog serves.
const SERVED_COUNT: usize = {
    let (mut n, mut i) = (0, 0);
    while i < ALL_METHODS.len() {
        n += served(ALL_METHODS[i].1) as usize;
        i += 1;
    }
    n
};

/// The methods this catalog serves, built from [`ALL_METHODS`] at compile time: a build
/// carries neither the names nor the comparisons of methods it leaves out.
static METHODS: [(&str, Known); SERVED_COUNT] = {
    let mut table = [("", Known::Other); SERVED_COUNT];
    let (mut n, mut i) = (0, 0);
    while i < ALL_METHODS.len() {
        if served(ALL_METHODS[i].1) {
            table[n] = ALL_METHODS[i];
            n += 1;
        }
        i += 1;
    }
    table
};

/// Which [`Known`] method `method` is: one walk over a table, not a comparison each.
pub fn known(method: &str) -> Known {
    METHODS.iter().find(|(name, _)| same(name, method)).map_or(Known::Other, |&(_, k)| k)
}

/// Answers one request: writes the result object into `out`, or returns the error.
/// `known` is [`known`]`(method)`, which is all the dispatch reads of the name.
pub fn answer<'a>(cx: &mut Ctx<'a>, _method: &str, known: Known, params: &Params<'a>, out: &mut Out) -> Result<(), RpcError> {
    let stateless = cx.version.stateless();
    // The session era's methods are not in the stateless era's (the first `Known`s).
    let known = if stateless && known as u8 <= Known::Subscribe as u8 { Known::Other } else { known };
    // Each arm's guard repeats whether the catalog serves the method (a constant, which
    // `known` decided already): a false one drops the arm and its handler from the build.
    match known {
        Known::ToolsCall if serves_tools() => tools::call(cx, params, out),
        Known::Initialize => lifecycle::initialize(params, out),
        Known::Discover => lifecycle::discover(cx, out),
        // Subscriptions are accepted and forgotten: a stateless server has no stream
        // to send updates on.
        Known::Ping | Known::Subscribe => {
            if catalog::SUBSCRIBE && known == Known::Subscribe {
                params.required_str("uri")?;
            }
            out.raw(b"{}");
            Ok(())
        }
        Known::SetLevel if catalog::LOGGING => lifecycle::set_level(params, out),
        Known::ToolsList | Known::ResourcesList | Known::TemplatesList | Known::PromptsList => {
            // (`known` names only lists the catalog serves: the guards let a build
            // without resources or prompts drop their choices.)
            let pages = match known {
                Known::ResourcesList if serves_resources() => catalog::RESOURCE_PAGES,
                Known::TemplatesList if serves_resources() => catalog::TEMPLATE_PAGES,
                Known::PromptsList if serves_prompts() => catalog::PROMPT_PAGES,
                _ => catalog::TOOL_PAGES,
            };
            list(cx, pages, params, out)
        }
        Known::ResourcesRead if serves_resources() => resources::read(cx, params, out),
        Known::PromptsGet if serves_prompts() => {
            // A prompt that needs client input first (MRTR, stateless era only).
            if catalog::INPUT_REQUIRED && stateless {
                if let Some(result) = prompts::input_required(params)? {
                    out.raw(result.as_bytes());
                    return Ok(());
                }
            }
            prompts::get(params, out)
        }
        Known::Complete if has_completions() => completion::complete(params, out),
        _ => Err(RpcError::new(METHOD_NOT_FOUND, texts::METHOD_NOT_FOUND)),
    }
}

/// The entry of a catalog table that `is` picks: a table of one entry (a small
/// catalog's: the length of a static table is a constant, and so is that of a table
/// an entry found this way points to) is one test, not a loop.
#[inline(always)]
pub fn find_in<T>(table: &'static [T], mut is: impl FnMut(&T) -> bool) -> Option<&'static T> {
    match table {
        [only] => is(only).then_some(only),
        _ => table.iter().find(|t| is(t)),
    }
}

/// Whether the catalog declares what the `tools/*` methods serve (else they are -32601).
pub const fn serves_tools() -> bool {
    !catalog::TOOLS.is_empty()
}

/// Whether the catalog declares resources or templates, static or key-value.
pub const fn serves_resources() -> bool {
    !catalog::RESOURCES.is_empty() || !catalog::TEMPLATES.is_empty() || catalog::KV_RESOURCE_COUNT > 0
}

/// Whether the catalog declares prompts.
pub const fn serves_prompts() -> bool {
    !catalog::PROMPTS.is_empty()
}

const fn has_completions() -> bool {
    catalog::COMPLETIONS
}

/// A pre-serialized list page, with `nextCursor` when there is a next page.
/// Cursors are opaque to clients; here they are the page number as a string.
fn list(cx: &Ctx, pages: &[&str], params: &Params, out: &mut Out) -> Result<(), RpcError> {
    list_paged(cx, pages, params, out, catalog::PAGED)
}

/// [`list`], for a catalog where some list has a second page (`paged`) or none does.
/// Without one, every cursor is invalid and none is read: the build's `PAGED` leaves
/// the cursor's number and `nextCursor` out of catalogs whose lists fit one page.
#[inline(always)]
fn list_paged(cx: &Ctx, pages: &[&str], params: &Params, out: &mut Out, paged: bool) -> Result<(), RpcError> {
    let page = match params.get(CURSOR) {
        None => 0,
        Some(cursor) => page_of(*cursor, pages.len(), paged)?,
    };
    out.raw(pages.get(page).map_or("{", |p| *p).as_bytes());
    if paged && page + 1 < pages.len() {
        out.raw(b",\"nextCursor\":\"").int(page as i64 + 1).raw(b"\"");
    }
    cache_hint(cx, out, catalog::CACHE_HINT);
    out.raw(b"}");
    Ok(())
}

/// The member's name, borrowed from the text that names it (see `bytes::within`).
const CURSOR: &str = crate::bytes::within(texts::INVALID_CURSOR, "cursor");

/// The page a cursor names: -32602 unless it is a string naming a page after the first
/// (what `Params::str` and a page number decide). Without a second page (`paged` false)
/// no string names one, so the cursor is not even decoded.
#[inline(always)]
fn page_of(cursor: Value, pages: usize, paged: bool) -> Result<usize, RpcError> {
    // Without pages, whether it is a string is all there is to know: `kind`'s one-byte
    // answer in a register, not `raw_str`'s slice through memory.
    if !paged {
        return Err(if cursor.kind() == crate::json::Kind::String {
            RpcError::invalid_params(texts::INVALID_CURSOR)
        } else {
            params::must_be(CURSOR, texts::MUST_BE_STRING)
        });
    }
    let Some(raw) = cursor.raw_str() else {
        return Err(params::must_be(CURSOR, texts::MUST_BE_STRING));
    };
    // Compared as u64 before narrowing: `n as usize` would truncate on wasm32,
    // where 2^32 + 1 would name page 1.
    match paged.then(|| crate::json::text::parse_u64(crate::json::text::unescape(raw).as_bytes())).flatten() {
        Some(n) if n >= 1 && n < pages as u64 => Ok(n as usize),
        _ => Err(RpcError::invalid_params(texts::INVALID_CURSOR)),
    }
}

/// The caching hints stateless-era list, discover and read results carry,
/// `,"ttlMs":<ttl>,"cacheScope":"public"` (`hint`: the catalog's, `catalog::CACHE_HINT`,
/// written whole by the build, or a KV read's [`NO_CACHE_HINT`]); nothing in the session
/// era. The catalog is compiled in, so every answer is the same for every caller until
/// redeploy. Inlined into its three callers (list, discover, read): the function of its
/// own cost more (~50 bytes' worth of compile time) than its body written out twice more.
#[inline(always)]
pub fn cache_hint(cx: &Ctx, out: &mut Out, hint: &str) {
    if cx.version.stateless() {
        out.raw(hint.as_bytes());
    }
}

/// The cache hints of an answer that may change without a redeploy (a KV read's).
pub const NO_CACHE_HINT: &str = ",\"ttlMs\":0,\"cacheScope\":\"public\"";

/// Whether a tool handler's output is a whole `input_required` result.
fn catalog_input_required(content: &[u8]) -> bool {
    catalog::INPUT_REQUIRED && content.starts_with(INPUT_REQUIRED_START)
}

/// How every `input_required` result begins (see [`tools::ToolCall::input_required`]).
/// The method's name, borrowed from the error text that names it (see
/// `bytes::within`).
pub const INITIALIZE: &str = crate::bytes::within(texts::BATCHED_INITIALIZE, "initialize");
/// `params._meta`'s name, borrowed the same way.
pub const META: &str = crate::bytes::within(texts::META_REQUIRED, "_meta");

pub const INPUT_REQUIRED_START: &[u8] = b"{\"resultType\":\"input_required\"";

/// Adds `"resultType":"complete"` to a finished stateless-era result object.
/// An `input_required` result (MRTR) already names its type, first.
pub fn mark_complete(out: &mut Out, result_start: usize) {
    if !matches!(out.buf.last(), Some(b'}')) {
        return;
    }
    if catalog::INPUT_REQUIRED && out.buf.get(result_start..).is_some_and(|r| r.starts_with(INPUT_REQUIRED_START)) {
        return;
    }
    out.buf.pop();
    // One text for both cases: an empty object `{` takes it without its comma.
    const TAIL: &[u8] = b",\"resultType\":\"complete\"}";
    let empty = out.buf.len() <= result_start + 1;
    out.raw(crate::bytes::range(TAIL, empty as usize, TAIL.len()));
}

/// A value of `params._meta` by its full key. A `_meta` that is not an object is
/// -32602 here, so the first lookup (`era::for_request`'s, before any handler's)
/// is also the check that it is one.
/// Inlined over [`meta_into`]: the value is written to the caller's slot and only the
/// one-word error comes back, not a five-word `Result` through memory.
#[inline(always)]
pub fn meta<'a>(params: &Params<'a>, key: &str) -> Result<Option<Value<'a>>, RpcError> {
    let mut found = None;
    meta_into(params, key, &mut found).map(|()| found)
}

/// [`meta`]'s lookup, into `found` (which an `Err` may leave holding the first of
/// two values of `key`).
#[inline(never)]
pub fn meta_into<'a>(params: &Params<'a>, key: &str, found: &mut Option<Value<'a>>) -> Result<(), RpcError> {
    match params.get(META) {
        Some(m) if m.kind() != crate::json::Kind::Object => return Err(params::must_be(META, texts::MUST_BE_OBJECT)),
        // Straight into `found`: no `Result<Option<Value>>` from `Value::get` between.
        Some(m) if m.get_into(key, found) => return Err(duplicate_key(META)),
        _ => {}
    }
    Ok(())
}

/// The members of an optional object: none when absent. A plain `Cursor`, not
/// `Option::iter().flat_map(..)`, whose adapter carries two cursors and their states.
/// Inlined: an absent object is an empty value, whose members are none, so each caller
/// picks which value's members to take (a `select`) and makes one call, with no
/// function of its own between.
#[inline(always)]
pub fn members_of<'a>(object: Option<Value<'a>>) -> crate::json::Cursor<'a> {
    object.as_ref().unwrap_or(&NO_VALUE).members()
}

/// An empty value (no bytes), which opens no object: its members are none.
pub(crate) static NO_VALUE: Value<'static> = Value { buf: b"", span: crate::json::Span::EMPTY };

/// `pieces` joined, at compile time (`N`: their total length).
pub(crate) const fn joined<const N: usize>(pieces: &[&str]) -> [u8; N] {
    let mut text = [0; N];
    let (mut at, mut i) = (0, 0);
    while i < pieces.len() {
        let piece = pieces[i].as_bytes();
        let mut j = 0;
        while j < piece.len() {
            text[at] = piece[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    text
}

/// -32602: a key appears twice in `place` (`_meta`, `params`, `arguments`).
// Inlined: a call to `RpcError::fixed` with constants is little more than a call here.
#[inline(always)]
pub fn duplicate_key(place: &'static str) -> RpcError {
    RpcError::fixed(crate::jsonrpc::INVALID_PARAMS, texts::DUPLICATE_KEY, place, "")
}

/// For unit tests of a method: `answer` run on the params object `body` (JSON text) in
/// a context with an empty request and environment; what it wrote, as text.
#[cfg(test)]
pub(crate) fn answer_for_test(
    body: &str,
    version: Version,
    answer: impl FnOnce(&Ctx, &Params, &mut Out) -> Result<(), RpcError>,
) -> Result<alloc::string::String, RpcError> {
    use crate::http::{Method, Request};
    let top = crate::json::scan(body.as_bytes()).unwrap();
    let params = Params::of(Some(Value { buf: body.as_bytes(), span: top.value })).unwrap();
    let req = Request { method: Method::Post, uri: "/mcp", headers: &[], body: b"" };
    let cx = Ctx {
        req: &req,
        env: &crate::env::StaticEnv::default(),
        version,
        #[cfg(edge_notifications)]
        notifications: alloc::vec::Vec::new(),
    };
    let mut out = Out::new();
    answer(&cx, &params, &mut out)?;
    Ok(alloc::string::String::from_utf8(out.buf).unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages as `build.rs` writes them: open objects the server closes.
    const PAGES: [&str; 3] = ["{\"tools\":[{\"name\":\"a\"}]", "{\"tools\":[{\"name\":\"b\"}]", "{\"tools\":[{\"name\":\"c\"}]"];

    fn page(cursor: Option<&str>, version: Version) -> Result<alloc::string::String, RpcError> {
        // As in a catalog with more than one page of tools (the shipped one has one).
        page_of_pages(cursor.map(|c| alloc::format!("\"{c}\"")).as_deref(), version, &PAGES, true)
    }

    /// A list answer for `cursor` (JSON text, if any) over `pages`.
    fn page_of_pages(cursor: Option<&str>, version: Version, pages: &[&str], paged: bool) -> Result<alloc::string::String, RpcError> {
        let body = match cursor {
            Some(c) => alloc::format!("{{\"cursor\":{c}}}"),
            None => alloc::string::String::from("{}"),
        };
        answer_for_test(&body, version, |cx, params, out| list_paged(cx, pages, params, out, paged))
    }

    #[test]
    fn list_pages_follow_their_cursors_to_the_end() {
        let v = Version::V2025_11_25;
        assert_eq!(page(None, v).unwrap(), "{\"tools\":[{\"name\":\"a\"}],\"nextCursor\":\"1\"}");
        assert_eq!(page(Some("1"), v).unwrap(), "{\"tools\":[{\"name\":\"b\"}],\"nextCursor\":\"2\"}");
        assert_eq!(page(Some("2"), v).unwrap(), "{\"tools\":[{\"name\":\"c\"}]}");
    }

    #[test]
    fn stateless_pages_carry_cache_hints() {
        assert_eq!(
            page(Some("2"), Version::V2026_07_28).unwrap(),
            alloc::format!("{{\"tools\":[{{\"name\":\"c\"}}],\"ttlMs\":{},\"cacheScope\":\"public\"}}", catalog::TTL_MS)
        );
    }

    #[test]
    fn cursors_that_name_no_page_are_invalid_params() {
        // 2^32 + 1 and 2^32 + 2 name pages 1 and 2 once truncated to a 32-bit
        // usize (the shipped module's); 2^64 + 1 overflows u64 itself.
        for bad in ["0", "3", "-1", "1.0", "x", "", "4294967297", "4294967298", "4294967296", "18446744073709551617"] {
            let e = page(Some(bad), Version::V2025_11_25).unwrap_err();
            assert_eq!((e.code, &*e.message), (crate::jsonrpc::INVALID_PARAMS, "Invalid cursor"), "cursor {bad:?}");
        }
    }

    #[test]
    fn cursors_are_decoded_strings() {
        let v = Version::V2025_11_25;
        assert_eq!(page(Some("\\u0031"), v).unwrap(), "{\"tools\":[{\"name\":\"b\"}],\"nextCursor\":\"2\"}");
        let not_a_string = params::must_be("cursor", texts::MUST_BE_STRING).message;
        for paged in [true, false] {
            for bad in ["1", "null", "[\"1\"]"] {
                let e = page_of_pages(Some(bad), v, &PAGES, paged).unwrap_err();
                assert_eq!((e.code, &*e.message), (crate::jsonrpc::INVALID_PARAMS, &*not_a_string), "cursor {bad} paged {paged}");
            }
        }
    }

    /// With every list on one page (`paged` false), no cursor names a page.
    #[test]
    fn one_page_lists_take_no_cursor() {
        let v = Version::V2025_11_25;
        let one = &PAGES[..1];
        assert_eq!(page_of_pages(None, v, one, false).unwrap(), "{\"tools\":[{\"name\":\"a\"}]}");
        for bad in ["\"0\"", "\"1\"", "\"\\u0031\"", "\"\"", "\"x\""] {
            let e = page_of_pages(Some(bad), v, one, false).unwrap_err();
            assert_eq!((e.code, &*e.message), (crate::jsonrpc::INVALID_PARAMS, "Invalid cursor"), "cursor {bad}");
        }
    }
}
