//! The server's tools, resources and prompts, as `build.rs` serialized them from
//! `catalog/`. Everything here is `'static` data; the types say what each table
//! holds and what the server may do with it.

use crate::mcp::tools::ToolCall;
use crate::mcp::ToolResult;

/// A declared tool. `params` is the input schema reduced to what the argument check
/// needs; the full schema is only in the pre-serialized `TOOL_PAGES`.
pub struct Tool {
    pub name: &'static str,
    pub params: &'static [Param],
    /// Whether properties not listed are allowed (`additionalProperties` not false).
    pub open: bool,
    pub run: Run,
}

pub enum Run {
    /// A handler function in `src/tools/<name>.rs`, by number: [`run_handler`] calls it.
    Handler(u16),
    /// A result fixed at build time (serialized `CallToolResult`).
    Static(&'static str),
    /// A declared upstream HTTP API (`"http"` in the declaration).
    #[cfg(edge_http_tool)]
    Http(&'static crate::upstream::binding::HttpBinding),
    /// A declared key-value lookup (`"kv"` in the declaration).
    #[cfg(edge_kv_tool)]
    Kv(&'static crate::upstream::kv_items::KvItem),
}

/// One property of a tool's input schema.
pub struct Param {
    pub name: &'static str,
    /// Bit set of the JSON types allowed (`ty::*`).
    pub types: u8,
    pub required: bool,
    /// `maxLength` from the schema, `usize::MAX` if absent.
    pub max_len: usize,
}

/// JSON Schema type bits for [`Param::types`].
pub mod ty {
    pub const STRING: u8 = 1;
    pub const NUMBER: u8 = 2;
    pub const INTEGER: u8 = 4;
    pub const BOOLEAN: u8 = 8;
    pub const OBJECT: u8 = 16;
    pub const ARRAY: u8 = 32;
    pub const NULL: u8 = 64;
}

pub struct Resource {
    pub uri: &'static str,
    /// The serialized `resources/read` result, open: without its closing brace, which
    /// the read writes after the stateless era's cache hints.
    pub contents: &'static str,
}

pub struct Template {
    /// A level-1 URI template such as `test://template/{id}/data` (what
    /// `completion/complete` names).
    pub pattern: &'static str,
    /// The pattern cut by build.rs (literal, variable name, ..., literal), as a read
    /// matches it (`mcp::resources::matches_pieces`).
    pub pieces: &'static [&'static str],
    /// The serialized `resources/read` result, open as `Resource::contents` is, cut at
    /// its `{uri}` and `{var}` slots (build.rs cuts it): each text with what fills the
    /// slot after it, 0 for the URI, `k + 1` for variable `k`, `usize::MAX` for nothing
    /// (after the last text).
    pub parts: &'static [(&'static str, usize)],
    pub completions: Completions,
}

pub struct Prompt {
    pub name: &'static str,
    /// `(name, required)` for each argument.
    pub arguments: &'static [(&'static str, bool)],
    /// The serialized `prompts/get` result cut at its `{{argument}}` slots (build.rs
    /// cuts it): each text with what fills the slot after it, the position of its
    /// argument in `arguments`, or `usize::MAX` for nothing (after the last text, and
    /// around a run stored as a slice of the list page).
    pub parts: &'static [(&'static str, usize)],
    pub completions: Completions,
}

/// Candidate values per argument, for `completion/complete`.
pub type Completions = &'static [(&'static str, &'static [&'static str])];

#[cfg(edge_http_tool)]
#[allow(unused_imports)] // the generated tables name these
use crate::upstream::binding::{HeaderValue, HttpBinding};
#[cfg(edge_http_tool)]
#[allow(unused_imports)]
use crate::upstream::http::Header;
#[cfg(any(edge_kv_tool, edge_kv_resource))]
#[allow(unused_imports)]
use crate::upstream::kv_items::KvItem;
#[cfg(edge_kv_resource)]
use crate::upstream::kv_items::KvResource;

/// `s[start..end]`, at build time: the generated texts that are pieces of a longer
/// one (`SERVER_INFO` of `INITIALIZE_TAIL`; tool, parameter, prompt and argument names,
/// static resource URIs and completion values of the list page that shows them) are
/// slices of it, stored once.
const fn part(s: &'static str, start: usize, end: usize) -> &'static str {
    let (head, _) = s.as_bytes().split_at(end);
    let (_, piece) = head.split_at(start);
    match core::str::from_utf8(piece) {
        Ok(piece) => piece,
        Err(_) => panic!("a generated piece ends inside a character"),
    }
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
