//! Tools that reach the world: outbound HTTP ([`http`]) and FastEdge key-value stores
//! ([`kv`]), for hand-written handlers and for declared items ([`binding`], [`kv_items`]).
//!
//! Pay per use: each half exists only under the cfg build/main.rs emits when the
//! catalog declares an HTTP binding / KV item or a handler in `src/tools/` names the
//! API (`upstream::http` or `fetch(`; `upstream::kv` or `kv_open(`). Otherwise neither
//! the code nor the FastEdge import is in the module. Within a half, what a kind of
//! declaration needs is reachable only under that kind's cfg (`edge_http_tool`,
//! `edge_kv_tool`, `edge_kv_resource`: the `Run` variants and the resource hook), so
//! link-time optimization drops the rest.

#[cfg(edge_http)]
pub mod binding;
#[cfg(edge_http)]
pub mod http;
#[cfg(edge_kv)]
pub mod kv;
#[cfg(edge_kv)]
pub mod kv_items;
#[cfg(any(edge_http, edge_kv))]
pub mod slots;
#[cfg(all(not(all(target_arch = "wasm32", target_os = "unknown")), any(edge_http, edge_kv)))]
pub mod split;
#[cfg(all(not(all(target_arch = "wasm32", target_os = "unknown")), any(edge_http, edge_kv)))]
pub mod testing;

/// One message from its pieces (`&str`s): the first copied (`buf::string`), each other
/// appended (`buf::push_str`), one call a piece. Not a function over a slice of the
/// pieces: each caller would write that array into its frame, two stores a piece, and
/// then call it.
#[cfg(any(edge_http, edge_kv))]
macro_rules! join {
    ($first:expr $(, $rest:expr)* $(,)?) => {{
        let mut message = crate::buf::string($first);
        $(crate::buf::push_str(&mut message, $rest);)*
        message
    }};
}
#[cfg(any(edge_http, edge_kv))]
pub(crate) use join;

/// `bytes` as text, if they are UTF-8: the crate's byte-loop check (`json::utf8`), not
/// `core::str::from_utf8`, whose word-at-a-time validator the module otherwise lacks.
/// (`valid_up_to`, which the module has anyway, rather than a wrapper returning an
/// `Option` through memory.)
#[cfg(any(edge_http, edge_kv))]
// Inlined (a compare and a call): an `Option<&str>` returned through memory costs more.
#[inline(always)]
pub fn text(bytes: &[u8]) -> Option<&str> {
    // SAFETY: checked to be UTF-8 before the conversion runs.
    (crate::json::utf8::valid_up_to(bytes) == bytes.len()).then(|| unsafe { core::str::from_utf8_unchecked(bytes) })
}
