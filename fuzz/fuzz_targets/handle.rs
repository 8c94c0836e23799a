//! The whole handler: method, path, headers, configuration and body from the input
//! (format in `fuzz/src/lib.rs`). Never panics; answers only the expected statuses;
//! JSON answers are JSON-RPC responses (or batches of them); 202/204 have no body;
//! the bearer token is never echoed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    edge_mcp_fuzz::run_bytes(data);
});
