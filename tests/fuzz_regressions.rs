//! Replays every file in `tests/fuzz-corpus/` through the handler natively, with
//! the fuzz targets' own oracle (`fuzz/src/lib.rs`, included here), so that a
//! finding stays fixed. `scripts/fuzz.sh` saves each crash, timeout or OOM there.
//!
//! A file named `handle-*` is a `handle` target input (control bytes, then the
//! body); any other name (`scan-*`) is raw bytes: checked against the scanner
//! oracle, then sent as the body of `POST /mcp`, as it would be in production.

#[allow(dead_code, unused_imports)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::path::Path;

fn corpus_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    files.sort();
    files
}

fn replay(path: &Path) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let data = std::fs::read(path).unwrap();
    if name.starts_with("handle-") {
        harness::run_bytes(&data);
    } else {
        harness::check_scan(&data);
        // The same bytes as a POST body, with default headers.
        let mut input = vec![0u8, 0u8];
        input.extend_from_slice(&data);
        harness::run_bytes(&input);
    }
}

#[test]
fn every_saved_fuzz_input_is_handled() {
    let files = corpus_files();
    assert!(!files.is_empty(), "tests/fuzz-corpus/ is empty");
    let mut failures = Vec::new();
    for path in &files {
        // Each input in its own catch_unwind so one failure reports all.
        let result = std::panic::catch_unwind(|| replay(path));
        if let Err(e) = result {
            let why = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            failures.push(format!("{}: {}", path.display(), why.unwrap_or_default()));
        }
    }
    assert!(failures.is_empty(), "{} of {} inputs failed:\n{}", failures.len(), files.len(), failures.join("\n"));
    println!("{} fuzz regression inputs replayed", files.len());
}

/// The seed corpora (fuzz/corpus/*/t-*) pass too: they are the transcript bodies.
#[test]
fn seed_corpora_are_handled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut count = 0;
    for target in ["scan", "handle"] {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else { continue };
        for entry in dir {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !(name.starts_with("t-") || name.starts_with("s-")) {
                continue; // what a local fuzz run added
            }
            let data = std::fs::read(&path).unwrap();
            if target == "handle" {
                harness::run_bytes(&data);
            } else {
                harness::check_scan(&data);
            }
            count += 1;
        }
    }
    assert!(count > 0, "no seed corpus under fuzz/corpus");
}

/// The harness's decoder maps `\0\0` + body to a plain JSON POST to /mcp.
#[test]
fn the_plain_prefix_is_a_json_post() {
    let input = harness::decode(b"\0\0{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
    assert_eq!(input.uri, "/mcp");
    assert_eq!(input.headers, vec![("content-type".to_string(), "application/json".to_string())]);
    let resp = harness::run(&input);
    assert_eq!(resp.status, 200);
    assert_eq!(resp.body, b"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
}
