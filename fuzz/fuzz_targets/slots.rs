//! Template filling for declared HTTP tools on arbitrary arguments: never panics, and
//! whatever the arguments hold, the filled URL keeps the declared origin (or the
//! operator's base) and the declared path prefix: an argument never chooses the host.
//! Input: a JSON arguments object (skipped unless it scans as one).
#![no_main]

use edge_mcp::json::{scan, Kind, Value};
use edge_mcp::upstream::slots;
use libfuzzer_sys::fuzz_target;

const TEMPLATES: [&str; 3] = [
    "https://api.example.com/repos/{owner}/{repo}",
    "https://api.example.com/search?q={owner}&page={repo}",
    "http://127.0.0.1:8080/a/{owner}/b?x={repo}#frag",
];

fuzz_target!(|data: &[u8]| {
    let Ok(top) = scan(data) else { return };
    let args = Value { buf: data, span: top.value };
    if args.kind() != Kind::Object {
        return;
    }
    for template in TEMPLATES {
        // The pieces the build script emits for this declaration.
        let (declared, parts, path_slots) = slots::url_parts(template).unwrap();
        for base in [None, Some("https://other.example:8443")] {
            if let Ok(url) = slots::fill_url(declared, &parts, path_slots, base, Some(args)) {
                let origin = base.unwrap_or(declared);
                let prefix = parts[0];
                assert!(url.starts_with(origin), "{url} left {origin}");
                assert_eq!(slots::url_parts(&url).map(|u| u.0), Some(origin), "{url}");
                assert!(url[origin.len()..].starts_with(prefix), "{url} left the path {prefix}");
                // Nothing an argument supplied can end the path or start a fragment early.
                assert_eq!(url.matches('#').count(), template.matches('#').count(), "{url}");
                assert_eq!(url.matches('?').count(), template.matches('?').count(), "{url}");
            }
        }
        // The body must be JSON. Read with the project's scanner (RFC 8259, property-tested
        // against serde_json), which, unlike serde_json, accepts numbers beyond f64's range
        // such as 0.2e356: an argument passes through as the token the client wrote.
        let body = slots::fill_json(&slots::parts(r#"{"a":"{owner}","b":["{repo}"],"c":"{owner"}"#, "\"{", "}\""), Some(args));
        assert!(scan(body.as_bytes()).is_ok(), "{body}");
        let _ = slots::fill_text(&slots::parts("k:{owner}:{repo}", "{", "}"), Some(args));
    }
});
