//! # edge-mcp
//!
//! A complete [Model Context Protocol] server for Gcore FastEdge, in a Wasm module
//! of a few dozen kilobytes.
//!
//! ## Design
//!
//! FastEdge starts a fresh Wasm instance for every request and compiles or loads
//! the module each time, so bytes are latency: the predecessor of this crate
//! (`http` + `serde_json`) weighed 254 KB. Everything here is chosen for that:
//!
//! * **No DOM.** [`json::scan`] validates the body in one non-recursive pass and
//!   records only where the envelope members are. Handlers then look up the few
//!   values they need by skipping validated bytes. There is no `Value` tree, no
//!   generic deserializer, and 100,000 nested arrays cost no stack.
//! * **Answers serialized at build time.** `build.rs` turns `catalog/` into
//!   static JSON with `miniserde`; `tools/list` copies bytes. At run time the only
//!   JSON writing is splicing ids, escaped strings and integers ([`json::Out`]),
//!   which is why no serializer (and no `core::fmt`) ships in the module.
//!   Measured: routing just [`json::Out::str`] through `miniserde::json::to_string`
//!   adds 13,861 bytes to the shipped module (45,531 -> 59,392), for its serializer
//!   machinery and number formatting; `miniserde` serves at build time instead.
//! * **No `fmt`, no panics on the hot path.** Integers are written by hand,
//!   errors are static strings plus concatenation. `size-report/` checks the
//!   release module's names for `core::fmt` and panic machinery.
//! * **Trait objects, not generics,** where code would otherwise be stamped out
//!   per type ([`env::Env`] in native tests); where the module has one type, that type
//!   ([`env::Host`] is FastEdge's environment there).
//! * **A bump allocator** by default: an instance lives for one request, so
//!   freeing is wasted work. `wee_alloc` and Rust's default allocator are cargo
//!   features for comparison (figures in the README).
//!
//! ## The path of a request
//!
//! [`edge`] (FastEdge glue) -> [`transport`] (HTTP rules: path, Origin, CORS,
//! auth, method, media types, size) -> [`jsonrpc`] ([`jsonrpc::post`]: JSON text,
//! JSON-RPC messages, batches) -> [`era`] (protocol-version and header rules) -> [`mcp`] (methods)
//! -> `tools/*` (handlers) -> [`reply`] (JSON or finite SSE).
//!
//! [Model Context Protocol]: https://modelcontextprotocol.io
#![no_std]
extern crate alloc;
// Native builds (tests, fuzzing) and wasm32-wasip1 test builds (the same tests on a
// 32-bit target, `scripts/test-wasm32.sh`) use std's panic handler and allocator;
// only wasm32-unknown-unknown is the FastEdge module.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
extern crate std;
// The comparison build through the `fastedge` crate links std too.
#[cfg(all(target_arch = "wasm32", feature = "bindings-fastedge-crate"))]
extern crate std;

pub mod buf;
pub mod bytes;
pub mod catalog;
pub mod env;
pub mod era;
pub mod http;
pub mod json;
pub mod jsonrpc;
pub mod limits;
pub mod mcp;
pub mod param_headers;
pub mod reply;
pub mod transport;
pub mod upstream;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod allocator;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod edge;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod host;

/// A panic is a bug (the fuzz targets hunt for them); in the module it traps, and
/// the host answers 500. Nothing formats the message: that machinery is the single
/// largest thing this handler keeps out of the module.
#[cfg(all(target_arch = "wasm32", target_os = "unknown", not(feature = "bindings-fastedge-crate")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

pub use transport::handle;
// The modules' former top-level paths, kept so tests, fuzz targets and parallel work
// compile unchanged after the move into folders that follow a request's path.
pub use jsonrpc::post;
pub use transport::{auth, config, cors, origin};
