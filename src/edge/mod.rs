//! The FastEdge glue: the `gcore:fastedge/http-handler#process` export, written by
//! hand against the canonical ABI, and the `dictionary` and `secret` imports.
//!
//! The world is `edge-mcp` (`wit/edge-mcp.wit`): the two imports the server calls and the
//! one export, with the package and interface names of FastEdge's `reactor` world.
//! `wit-bindgen` generates that world's component-type custom section and the two
//! imports; the export is the function below, because the generated one copies what
//! the host already wrote into linear memory: it re-packs every header into an owned
//! `(String, String)`, and boxes the response headers again for the host. Here the
//! request's uri, headers and body are borrowed where the host put them, and the response is
//! written once into the layout the host reads.
//! With `bindings-fastedge-crate`, the `fastedge` crate's own bindings serve instead
//! (for comparison; they link std, see README "Size").

use alloc::string::String;


#[cfg(not(feature = "bindings-fastedge-crate"))]
mod abi;

#[cfg(feature = "bindings-fastedge-crate")]
mod fastedge_crate;

mod mem;

/// Configuration from the FastEdge `dictionary` (which also holds the app's env
/// vars) and secrets from the `secret` store: the module's `env::Host`, with the
/// `Env` methods as its own, so handlers call them directly (no trait import, no vtable).
pub struct FastEdgeEnv;

#[cfg(not(feature = "bindings-fastedge-crate"))]
mod bindings {
    // The component-type section and the imports; no `export!`: the export is `abi.rs`.
    // The world declares exactly the imports this build may call: a catalog that reaches
    // the world (the `edge_http` / `edge_kv` cfgs from build/main.rs) gets a world that
    // adds `http-client` / `key-value` (wit/edge-mcp.wit), one section for all, so the
    // shared `http` types are not encoded twice. The interfaces are those of
    // wit/module/ (trimmed to the functions the module calls), unless a handler or a
    // range lookup uses the key-value operations beyond `open`/`get` (`edge_kv_all`):
    // then the vendored ones of wit/. Without `http-client`, wit/module-without-http/,
    // whose `http-handler` declares its own request and response types (no `http` import).
    #[cfg(not(any(edge_http, edge_kv)))]
    wit_bindgen::generate!({ world: "edge-mcp", path: "wit/module-without-http", std_feature });
    #[cfg(all(edge_http, not(edge_kv)))]
    wit_bindgen::generate!({ world: "edge-mcp-http", path: "wit/module", std_feature });
    #[cfg(all(edge_kv, not(edge_http), not(edge_kv_all)))]
    wit_bindgen::generate!({ world: "edge-mcp-kv", path: "wit/module-without-http", std_feature });
    #[cfg(all(edge_http, edge_kv, not(edge_kv_all)))]
    wit_bindgen::generate!({ world: "edge-mcp-http-kv", path: "wit/module", std_feature });
    #[cfg(all(edge_kv_all, not(edge_http)))]
    wit_bindgen::generate!({ world: "edge-mcp-kv", path: "wit", std_feature });
    #[cfg(all(edge_kv_all, edge_http))]
    wit_bindgen::generate!({ world: "edge-mcp-http-kv", path: "wit", std_feature });
    #[cfg(edge_kv_all)]
    pub use gcore::fastedge::key_value;
}
#[cfg(feature = "bindings-fastedge-crate")]
use fastedge::{dictionary, secret};
/// For `host::key_value`: the world's `key-value` bindings (the `fastedge` crate's in the
/// comparison build, whose `reactor` world imports everything).
#[cfg(all(edge_kv_all, not(feature = "bindings-fastedge-crate")))]
pub(crate) use bindings::key_value;
#[cfg(all(edge_kv_all, feature = "bindings-fastedge-crate"))]
pub(crate) use fastedge::key_value;

#[cfg(feature = "bindings-fastedge-crate")]
impl FastEdgeEnv {
    pub fn config(&self, name: &str) -> Option<String> {
        dictionary::get(name)
    }

    pub fn secret(&self, name: &str) -> Option<String> {
        secret::get(name).ok().flatten()
    }

    pub fn secret_set(&self, name: &str) -> bool {
        self.secret(name).is_some_and(|s| !s.is_empty())
    }
}

// `dictionary.get` and `secret.get` by hand against the canonical ABI, like
// `host::key_value`'s: the generated wrappers build an `Option<String>` (and for the
// secret a `Result` around it, with the error's message) in memory, which the caller
// then unpacks again; here the return area is read where the value is used. The
// world's bindings (above) still declare both imports in the component-type section.

/// An `option<string>` as the host writes it: the tag, then pointer and length (written
/// only when the tag is 1, so the area is not zeroed first: nothing else is read).
#[cfg(not(feature = "bindings-fastedge-crate"))]
#[repr(C)]
struct OptionString {
    tag: u8,
    ptr: *mut u8,
    len: usize,
}

/// `result<option<string>, error>`: the result's tag (0 = ok), then at 4 the ok case's
/// `option<string>` (an error's case and message, when the tag is 1, are not read).
#[cfg(not(feature = "bindings-fastedge-crate"))]
#[repr(C)]
struct SecretArea {
    tag: u8,
    value: OptionString,
}

#[cfg(not(feature = "bindings-fastedge-crate"))]
#[link(wasm_import_module = "gcore:fastedge/dictionary")]
extern "C" {
    #[link_name = "get"]
    fn dictionary_get(name: *const u8, name_len: usize, ret: *mut OptionString);
}

#[cfg(not(feature = "bindings-fastedge-crate"))]
#[link(wasm_import_module = "gcore:fastedge/secret")]
extern "C" {
    #[link_name = "get"]
    fn secret_get(key: *const u8, key_len: usize, ret: *mut SecretArea);
}

/// `dictionary.get` (`secret == false`) or `secret.get`, into one return area: the
/// dictionary's `option<string>` is written where the secret's ok case lies, after a
/// result tag set to 0 (ok) here, so both are read by the same code. Whether a string
/// was found; then `(*area).value` holds its pointer and length.
///
/// # Safety
/// `area` is valid for writes of a `SecretArea`.
#[cfg(not(feature = "bindings-fastedge-crate"))]
#[inline(always)]
unsafe fn ask(name: &str, secret: bool, area: *mut SecretArea) -> bool {
    // SAFETY: `name` is valid for the call; the host writes the area (or, for the
    // dictionary, its `value` field) as laid out above, and the result tag is written
    // first here in that case. Each field is read only once the tags say it was written.
    if secret {
        secret_get(name.as_ptr(), name.len(), area);
    } else {
        core::ptr::addr_of_mut!((*area).tag).write(0);
        dictionary_get(name.as_ptr(), name.len(), core::ptr::addr_of_mut!((*area).value));
    }
    (*area).tag == 0 && (*area).value.tag != 0
}

/// The string that [`ask`] found, taken over from the host.
///
/// # Safety
/// `ptr` and `len` are what the host wrote for a found string: a UTF-8 string of `len`
/// bytes in a block it obtained from `cabi_realloc` (the global allocator, alignment 1)
/// and now owns no more, which the generated bindings turn into a `String` the same way.
#[cfg(not(feature = "bindings-fastedge-crate"))]
#[inline(always)]
unsafe fn take(ptr: *mut u8, len: usize) -> String {
    // What `from_raw_parts` requires of a capacity anyway (a block of `cabi_realloc`'s
    // is at most `isize::MAX` bytes, which it checks), said to the optimizer: an
    // `Option<String>` marks `None` by a capacity above it, so with this the `Some` made
    // here is known to be one, and the test for `None` after it folds away.
    core::hint::assert_unchecked(len <= isize::MAX as usize);
    String::from_raw_parts(ptr, len, len)
}

/// A lookup's answer as one word: the string's pointer in the low half and its length
/// in the high one, or 0 for none (the host's strings live in blocks from
/// `cabi_realloc`, whose pointers are never null). In builds with HTTP tools, whose
/// handlers look up more, it is a function called from every lookup, and its answer
/// comes back in a register, not as an `Option<String>` through the caller's stack.
#[cfg(all(edge_http, not(feature = "bindings-fastedge-crate")))]
fn lookup_word(name: &str, secret: bool) -> u64 {
    let mut ret = core::mem::MaybeUninit::<SecretArea>::uninit();
    let area = ret.as_mut_ptr();
    // SAFETY: `area` is this frame's; its `value` is read only when `ask` found a string.
    unsafe {
        if !ask(name, secret, area) {
            return 0;
        }
        (*area).value.ptr as usize as u64 | ((*area).value.len as u64) << 32
    }
}

/// `dictionary.get` (`secret == false`) or `secret.get`: through [`lookup_word`].
#[cfg(all(edge_http, not(feature = "bindings-fastedge-crate")))]
#[inline(always)]
fn lookup(name: &str, secret: bool) -> Option<String> {
    let word = lookup_word(name, secret);
    // SAFETY: a non-zero word is the pointer and length of a string `ask` found.
    (word != 0).then(|| unsafe { take(word as u32 as usize as *mut u8, (word >> 32) as usize) })
}

/// `dictionary.get` (`secret == false`) or `secret.get`. Without HTTP tools only the
/// transport looks anything up, once for each import: there each call gets its own
/// copy, the branch folded away, and the string is built where it is used.
#[cfg(all(not(edge_http), not(feature = "bindings-fastedge-crate")))]
#[inline(always)]
fn lookup(name: &str, secret: bool) -> Option<String> {
    let mut ret = core::mem::MaybeUninit::<SecretArea>::uninit();
    let area = ret.as_mut_ptr();
    // SAFETY: `area` is this frame's; its `value` is read only when `ask` found a string.
    unsafe { ask(name, secret, area).then(|| take((*area).value.ptr, (*area).value.len)) }
}

#[cfg(not(feature = "bindings-fastedge-crate"))]
impl FastEdgeEnv {
    #[inline(always)]
    pub fn config(&self, name: &str) -> Option<String> {
        lookup(name, false)
    }

    #[inline(always)]
    pub fn secret(&self, name: &str) -> Option<String> {
        lookup(name, true)
    }

    /// Whether secret `name` is set to something non-empty (`Env::secret_set`'s body:
    /// taking the value over costs nothing, the bump allocator frees nothing anyway).
    pub fn secret_set(&self, name: &str) -> bool {
        self.secret(name).is_some_and(|s| !s.is_empty())
    }
}
