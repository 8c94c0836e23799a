//! The JSON scanner on arbitrary bytes: never panics; accepts exactly what
//! serde_json accepts (within MAX_DEPTH and the top-level member limit); and what it
//! accepts, `Cursor` walks back into the same value serde_json builds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    edge_mcp_fuzz::check_scan(data);
});
