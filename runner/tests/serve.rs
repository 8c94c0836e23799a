//! The runner serving the fixture guest: request/response mapping, host imports, limits, and
//! recovery after each kind of guest failure.

mod common;

use std::time::{Duration, Instant};

use common::{fixture_wasm, header, FixtureTarget, Runner};

fn fixture() -> std::path::PathBuf {
    fixture_wasm(FixtureTarget::Unknown)
}

/// The runner still answers normally (the check after every failure test).
fn assert_healthy(runner: &Runner) {
    let (status, _, body) = runner.request("POST", "/echo", &[], b"still alive");
    assert_eq!((status, body.as_slice()), (200, &b"still alive"[..]));
}

#[test]
fn echoes_the_body() {
    let runner = Runner::start(&fixture(), &[]);
    let (status, headers, body) = runner.request("POST", "/echo", &[("content-type", "text/plain")], b"hello");
    assert_eq!(status, 200);
    assert_eq!(body, b"hello");
    assert_eq!(header(&headers, "content-length"), Some("5"));
    // Empty body both ways.
    let (status, _, body) = runner.request("GET", "/echo", &[], b"");
    assert_eq!((status, body.len()), (200, 0));
    // A larger body round-trips intact.
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let (status, _, body) = runner.request("PUT", "/echo", &[], &big);
    assert_eq!(status, 200);
    assert!(body == big, "large body corrupted");
}

#[test]
fn serves_concurrent_requests() {
    let runner = Runner::start(&fixture(), &[]);
    let port = runner.port;
    let threads: Vec<_> = (0..32)
        .map(|i| {
            std::thread::spawn(move || {
                let body = format!("request number {i}");
                let (status, _, got) = common::request(port, "POST", "/echo", &[], body.as_bytes());
                (status, got == body.as_bytes())
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), (200, true));
    }
}

#[test]
fn guest_sees_path_query_method_and_headers() {
    let runner = Runner::start(&fixture(), &["--headers", "X-Extra=yes"]);
    assert_eq!(runner.get("/uri?x=1&y=%20"), (200, "/uri?x=1&y=%20".to_string()));
    let (status, _, body) = runner.request("PATCH", "/method", &[], b"");
    assert_eq!((status, body.as_slice()), (200, &b"Method::Patch"[..]));

    let (_, _, body) = runner.request("GET", "/headers", &[("X-Client", "Abc")], b"");
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains("x-client: Abc\n"), "client header lowercased and passed: {text}");
    assert!(text.contains("server_name: test.localhost\n"), "as Gcore's fastedge-run sets it: {text}");
    assert!(text.contains("x-real-ip: 127.0.0.1\n"), "{text}");
    assert!(text.contains("x-extra: yes\n"), "--headers added: {text}");
    assert!(!text.contains("pop-"), "no geo headers without --geo: {text}");

    // server_name is the app's host, never the client's Host header.
    let (_, _, body) = runner.request("GET", "/headers", &[("Host", "evil.example.com")], b"");
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains("server_name: test.localhost\n"), "as Gcore's fastedge-run sets it: {text}");
    assert!(!text.contains("server_name: evil"), "{text}");
}

#[test]
fn server_name_can_be_set_like_a_deployed_app() {
    let runner = Runner::start(&fixture(), &["--headers", "server_name=mcp.example.com"]);
    let (_, text) = runner.get("/headers");
    assert_eq!(text.matches("server_name:").count(), 1, "{text}");
    assert!(text.contains("server_name: mcp.example.com\n"), "{text}");
}

#[test]
fn geo_headers_reach_the_guest() {
    let runner = Runner::start(&fixture(), &["--geo"]);
    let (status, text) = runner.get("/headers");
    assert_eq!(status, 200);
    for name in [
        "pop-lat", "pop-long", "pop-reg", "pop-city", "pop-continent", "pop-country-code", "pop-country-name",
    ] {
        assert!(text.contains(&format!("{name}: ")), "missing {name}: {text}");
    }
    assert!(text.contains("x-real-ip: 127.0.0.1\n"), "{text}");
}

#[test]
fn methods_outside_the_wit_enum_are_refused_by_the_host() {
    let runner = Runner::start(&fixture(), &[]);
    let (status, headers, _) = runner.request("TRACE", "/echo", &[], b"");
    assert_eq!(status, 405);
    assert!(header(&headers, "allow").is_some());
    assert_healthy(&runner);
}

#[test]
fn guest_status_is_passed_through() {
    let runner = Runner::start(&fixture(), &[]);
    assert_eq!(runner.get("/status?204").0, 204);
    assert_eq!(runner.get("/status?418").0, 418);
    // Not an HTTP status at all: the runner's internal-error status.
    assert_eq!(runner.get("/status?1000").0, 530);
}

#[test]
fn trap_answers_533_and_the_runner_keeps_serving() {
    let runner = Runner::start(&fixture(), &[]);
    let (status, body) = runner.get("/trap");
    assert_eq!(status, 533, "body: {body}");
    assert!(body.starts_with("app crashed"), "{body}");
    assert_healthy(&runner);
}

#[test]
fn memory_cap_answers_531_and_the_runner_keeps_serving() {
    let runner = Runner::start(&fixture(), &["-m", "16000000"]);
    // Under the cap: fine.
    assert_eq!(runner.get("/alloc?4"), (200, (4usize << 20).to_string()));
    // Over the cap, in one allocation and by accumulation.
    let (status, body) = runner.get("/alloc?32");
    assert_eq!(status, 531, "body: {body}");
    let (status, body) = runner.get("/oom");
    assert_eq!(status, 531, "body: {body}");
    assert_healthy(&runner);
    // A fresh instance per request: the earlier growth is not carried over.
    assert_eq!(runner.get("/alloc?4").0, 200);
}

#[test]
fn time_limit_answers_532_and_the_runner_keeps_serving() {
    let runner = Runner::start(&fixture(), &["--max-duration", "300"]);
    let start = Instant::now();
    let (status, body) = runner.get("/loop");
    let took = start.elapsed();
    assert_eq!(status, 532, "body: {body}");
    assert!(took >= Duration::from_millis(300), "stopped early: {took:?}");
    assert!(took < Duration::from_millis(2300), "stopped late: {took:?}");
    assert_healthy(&runner);
}

#[test]
fn stuck_guest_does_not_block_other_requests() {
    let runner = Runner::start(&fixture(), &["--max-duration", "1500"]);
    let port = runner.port;
    let stuck = std::thread::spawn(move || common::request(port, "GET", "/loop", &[], b"").0);
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    assert_healthy(&runner);
    assert!(start.elapsed() < Duration::from_millis(1000), "blocked behind the stuck guest");
    assert_eq!(stuck.join().unwrap(), 532);
}

#[test]
fn dictionary_and_secrets_come_from_flags() {
    let runner = Runner::start(&fixture(), &["-e", "GREETING=hello=world", "-s", "TOKEN=s3cret"]);
    assert_eq!(runner.get("/dict?GREETING"), (200, "hello=world".to_string()));
    assert_eq!(runner.get("/dict?MISSING").0, 404);
    assert_eq!(runner.get("/secret?TOKEN"), (200, "s3cret".to_string()));
    assert_eq!(runner.get("/secret?GREETING").0, 404);
}

#[test]
fn key_value_store_from_json_file() {
    let file = std::env::temp_dir().join(format!("fastedge-run-kv-{}.json", std::process::id()));
    std::fs::write(&file, r#"{"greeting":"hi there","count":3}"#).unwrap();
    let arg = format!("main={}", file.display());
    let runner = Runner::start(&fixture(), &["--kv-store", &arg]);
    assert_eq!(runner.get("/kv?main/greeting"), (200, "hi there".to_string()));
    assert_eq!(runner.get("/kv?main/count"), (200, "3".to_string()));
    assert_eq!(runner.get("/kv?main/absent").0, 404);
    // A store the app was not given: access-denied, as on Gcore.
    assert_eq!(runner.get("/kv?other/greeting"), (500, "Error::AccessDenied".to_string()));
    drop(runner);
    let _ = std::fs::remove_file(file);
}

#[test]
fn cache_outlives_a_request() {
    let runner = Runner::start(&fixture(), &[]);
    assert_eq!(runner.get("/cache-incr?hits"), (200, "1".to_string()));
    assert_eq!(runner.get("/cache-incr?hits"), (200, "2".to_string()));
    assert_eq!(runner.get("/cache-incr?other"), (200, "1".to_string()));
}

#[test]
fn outbound_http_to_loopback() {
    let runner = Runner::start(&fixture(), &[]);
    // The guest calls back into this same runner.
    let target = format!("http://127.0.0.1:{}/uri?from=guest", runner.port);
    assert_eq!(runner.get(&format!("/fetch?{target}")), (200, "200 /uri?from=guest".to_string()));
    // Malformed URL and https (no TLS in the runner) are errors, not crashes.
    let fetch_error = |url: &str| {
        let (status, body) = runner.get(&format!("/fetch?{url}"));
        assert_eq!(status, 502, "{url}: {body}");
        body
    };
    assert!(fetch_error("ftp://127.0.0.1/").contains("invalid-url"));
    assert!(fetch_error(&format!("https://127.0.0.1:{}/", runner.port)).contains("request-error"));
    // Connection refused: nothing listens on port 1.
    assert!(fetch_error("http://127.0.0.1:1/").contains("request-error"));
}

#[test]
fn request_log_and_user_diag_go_to_stderr() {
    let runner = Runner::start(&fixture(), &[]);
    runner.get("/echo");
    runner.get("/diag?checked-by-test");
    runner.get("/trap");
    // The log line is written after the response goes out: wait for it.
    let mut log = runner.stderr();
    for _ in 0..100 {
        if log.lines().any(|l| l.starts_with("GET /trap ")) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        log = runner.stderr();
    }
    let echo_line = log.lines().find(|l| l.starts_with("GET /echo ")).unwrap_or_else(|| panic!("{log}"));
    let fields: Vec<&str> = echo_line.split(' ').collect();
    assert_eq!(fields.len(), 4, "{echo_line}");
    assert_eq!(fields[2], "200");
    assert!(fields[3].ends_with("us") && fields[3].trim_end_matches("us").parse::<u64>().is_ok(), "{echo_line}");
    assert!(log.contains("user-diag: checked-by-test"), "{log}");
    assert!(log.lines().any(|l| l.starts_with("GET /trap 533 ")), "{log}");
}

#[test]
fn wasi_module_runs_through_the_adapter() {
    let runner = Runner::start(&fixture_wasm(FixtureTarget::Wasip1), &["-e", "MODE=wasi", "-m", "16000000"]);
    let (status, _, body) = runner.request("POST", "/echo", &[], b"via adapter");
    assert_eq!((status, body.as_slice()), (200, &b"via adapter"[..]));
    // -e feeds both the dictionary and the WASI environment.
    assert_eq!(runner.get("/env?MODE"), (200, "wasi".to_string()));
    assert_eq!(runner.get("/dict?MODE"), (200, "wasi".to_string()));
    assert_eq!(runner.get("/trap").0, 533);
    assert_eq!(runner.get("/oom").0, 531);
    assert_healthy(&runner);
}

#[test]
fn component_input_is_used_as_is() {
    // Wrap the fixture ourselves, as FastEdge's upload step would, and hand the runner the
    // component.
    let module = std::fs::read(fixture()).unwrap();
    let component = wit_component::ComponentEncoder::default()
        .module(&module)
        .unwrap()
        .validate(true)
        .encode()
        .unwrap();
    let path = std::env::temp_dir().join(format!("fastedge-run-component-{}.wasm", std::process::id()));
    std::fs::write(&path, component).unwrap();
    let runner = Runner::start(&path, &[]);
    assert_healthy(&runner);
    assert_eq!(runner.get("/trap").0, 533);
    drop(runner);
    let _ = std::fs::remove_file(path);
}
