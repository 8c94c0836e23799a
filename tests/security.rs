//! Security properties: bearer authentication, the constant-time comparison, the
//! Origin rule (DNS-rebinding defence included), configuration validation, and that
//! no response ever echoes the token.

use edge_mcp::auth::constant_time_eq;
use edge_mcp::env::StaticEnv;
use edge_mcp::http::{Method, Request, Response};
use serde_json::Value;

const TOKEN: &str = "s3cret-token-Zq9";
const PING: &[u8] = br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
const PONG: &[u8] = br#"{"jsonrpc":"2.0","id":1,"result":{}}"#;

fn env(config: &[(&str, &str)], secrets: &[(&str, &str)]) -> StaticEnv {
    let own = |l: &[(&str, &str)]| l.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    StaticEnv { config: own(config), secrets: own(secrets) }
}

fn with_token() -> StaticEnv {
    env(&[], &[("MCP_BEARER_TOKEN", TOKEN)])
}

fn with_token_and_auth_server() -> StaticEnv {
    env(
        &[("MCP_AUTH_SERVER", "https://auth.example.com"), ("MCP_RESOURCE_URL", "https://mcp.example.com/mcp")],
        &[("MCP_BEARER_TOKEN", TOKEN)],
    )
}

fn send(env: &StaticEnv, method: Method, uri: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    let headers: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let req = Request { method, uri, headers: &edge_mcp::http::headers(&headers), body };
    let resp = edge_mcp::handle(&req, env);
    assert_no_token(&resp);
    resp
}

/// POST a ping with `extra` headers (Content-Type is always set).
fn ping(env: &StaticEnv, extra: &[(&str, &str)]) -> Response {
    let mut headers = vec![("content-type", "application/json")];
    headers.extend_from_slice(extra);
    send(env, Method::Post, "/mcp", &headers, PING)
}

/// The token appears nowhere in a response: not in the body, not in a header.
fn assert_no_token(resp: &Response) {
    let t = TOKEN.as_bytes();
    assert!(!resp.body.windows(t.len()).any(|w| w == t), "token echoed in body: {}", String::from_utf8_lossy(&resp.body));
    // Not even a long prefix of it.
    let prefix = &t[..t.len() - 2];
    assert!(!resp.body.windows(prefix.len()).any(|w| w == prefix), "token prefix echoed");
    for (name, value) in resp.headers().iter().map(|h| (h.name(), h.value())) {
        assert!(!value.contains(&TOKEN[..TOKEN.len() - 2]), "token echoed in header {name}: {value}");
    }
}

fn www_authenticate(resp: &Response) -> &str {
    resp.header_value("www-authenticate").expect("a 401 carries WWW-Authenticate")
}

// ------------------------------------------------------------------ bearer auth

#[test]
fn missing_token_is_401_with_a_challenge() {
    let resp = ping(&with_token(), &[]);
    assert_eq!(resp.status, 401);
    assert_eq!(www_authenticate(&resp), "Bearer realm=\"mcp\"");
}

#[test]
fn wrong_tokens_are_401_with_invalid_token() {
    let prefix = &TOKEN[..TOKEN.len() - 1];
    let extra = format!("{TOKEN}x");
    let doubled = format!("{TOKEN}{TOKEN}");
    let upper = TOKEN.to_uppercase();
    let with_nul = format!("{TOKEN}\0");
    let cases = [
        "wrong".to_string(),
        prefix.to_string(),
        extra,
        doubled,
        upper,
        with_nul,
        TOKEN[1..].to_string(),
        format!("\"{TOKEN}\""),
        format!("{TOKEN},{TOKEN}"),
    ];
    for presented in &cases {
        let header = format!("Bearer {presented}");
        let resp = ping(&with_token(), &[("authorization", &header)]);
        assert_eq!(resp.status, 401, "{presented:?}");
        assert_eq!(www_authenticate(&resp), "Bearer realm=\"mcp\", error=\"invalid_token\"", "{presented:?}");
    }
}

#[test]
fn wrong_schemes_are_401() {
    let b64 = "czNjcmV0LXRva2VuLVpxOQ=="; // base64 of the token
    for header in [
        format!("Basic {b64}"),
        format!("Token {TOKEN}"),
        format!("Bearer{TOKEN}"),
        format!("Bearer\t{TOKEN}"),
        format!("MAC {TOKEN}"),
        TOKEN.to_string(),
        "Bearer".to_string(),
        "Bearer ".to_string(),
        String::new(),
        format!("Bearer: {TOKEN}"),
        format!("Bearer-{TOKEN}"),
        format!("XBearer {TOKEN}"),
    ] {
        let resp = ping(&with_token(), &[("authorization", &header)]);
        assert_eq!(resp.status, 401, "{header:?}");
    }
}

#[test]
fn correct_token_passes_with_any_case_of_scheme() {
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let header = format!("{scheme} {TOKEN}");
        let resp = ping(&with_token(), &[("authorization", &header)]);
        assert_eq!(resp.status, 200, "{header}");
        assert_eq!(resp.body, PONG);
    }
    // The header name is case-insensitive, and surrounding whitespace is not part of the token.
    let header = format!("Bearer {TOKEN}  ");
    let resp = ping(&with_token(), &[("Authorization", &header)]);
    assert_eq!(resp.status, 200);
}

#[test]
fn only_the_first_authorization_header_counts() {
    let good = format!("Bearer {TOKEN}");
    let resp = ping(&with_token(), &[("authorization", "Bearer wrong"), ("authorization", &good)]);
    assert_eq!(resp.status, 401);
}

#[test]
fn every_method_on_mcp_needs_the_token() {
    let e = with_token();
    for method in [Method::Get, Method::Post, Method::Delete, Method::Put, Method::Patch, Method::Head] {
        let resp = send(&e, method, "/mcp", &[("content-type", "application/json")], PING);
        assert_eq!(resp.status, 401, "{method:?} without a token");
    }
    let good = format!("Bearer {TOKEN}");
    let resp = send(&e, Method::Get, "/mcp", &[("authorization", &good)], b"");
    assert_eq!(resp.status, 405, "GET with the token reaches the method rule");
    // Auth comes before the body is read: a bad body without a token is 401, not 400.
    let resp = send(&e, Method::Post, "/mcp", &[("content-type", "application/json")], b"{not json");
    assert_eq!(resp.status, 401);
}

#[test]
fn preflight_and_metadata_are_open() {
    let e = with_token_and_auth_server();
    let resp = send(
        &e,
        Method::Options,
        "/mcp",
        &[("origin", "https://mcp.example.com"), ("host", "mcp.example.com"), ("server_name", "mcp.example.com")],
        b"",
    );
    assert_eq!(resp.status, 204);
    let resp = send(&e, Method::Options, "/mcp", &[], b"");
    assert_eq!(resp.status, 204);
    for path in ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"] {
        let resp = send(&e, Method::Get, path, &[], b"");
        assert_eq!(resp.status, 200, "{path}");
        let v: Value = serde_json::from_slice(&resp.body).unwrap();
        assert_eq!(v["resource"], "https://mcp.example.com/mcp");
        assert_eq!(v["authorization_servers"][0], "https://auth.example.com");
    }
}

#[test]
fn challenge_points_at_the_metadata_when_an_auth_server_is_set() {
    let e = with_token_and_auth_server();
    let meta = "resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"";
    let resp = ping(&e, &[]);
    assert_eq!(resp.status, 401);
    assert_eq!(www_authenticate(&resp), format!("Bearer realm=\"mcp\", {meta}"));
    let resp = ping(&e, &[("authorization", "Bearer nope")]);
    assert_eq!(www_authenticate(&resp), format!("Bearer realm=\"mcp\", error=\"invalid_token\", {meta}"));
    // Without MCP_RESOURCE_URL the URL is built from Host (http only for loopback).
    let e = env(&[("MCP_AUTH_SERVER", "https://auth.example.com")], &[("MCP_BEARER_TOKEN", TOKEN)]);
    let resp = ping(&e, &[("host", "edge.example.net")]);
    assert!(www_authenticate(&resp)
        .ends_with("resource_metadata=\"https://edge.example.net/.well-known/oauth-protected-resource/mcp\""));
    let resp = ping(&e, &[("host", "127.0.0.1:8080")]);
    assert!(www_authenticate(&resp)
        .ends_with("resource_metadata=\"http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp\""));
    // No auth server: no resource_metadata, and the metadata path is 404.
    let resp = ping(&with_token(), &[]);
    assert!(!www_authenticate(&resp).contains("resource_metadata"));
    let resp = send(&with_token(), Method::Get, "/.well-known/oauth-protected-resource/mcp", &[], b"");
    assert_eq!(resp.status, 404);
}

#[test]
fn the_401_is_exposed_to_browsers() {
    let e = env(&[("MCP_ALLOWED_ORIGINS", "https://app.example.com")], &[("MCP_BEARER_TOKEN", TOKEN)]);
    let resp = ping(&e, &[("origin", "https://app.example.com")]);
    assert_eq!(resp.status, 401);
    assert_eq!(resp.header_value("access-control-allow-origin"), Some("https://app.example.com"));
    assert!(resp.header_value("access-control-expose-headers").unwrap().contains("WWW-Authenticate"));
}

#[test]
fn no_token_configured_means_open_and_empty_secret_counts_as_none() {
    assert_eq!(ping(&StaticEnv::default(), &[]).status, 200);
    assert_eq!(ping(&env(&[], &[("MCP_BEARER_TOKEN", "")]), &[]).status, 200);
    // A token in the config (dictionary) rather than the secret store is not used as one.
    assert_eq!(ping(&env(&[("MCP_BEARER_TOKEN", TOKEN)], &[]), &[]).status, 200);
}

#[test]
fn no_response_echoes_the_token() {
    let e = env(
        &[
            ("MCP_AUTH_SERVER", "https://auth.example.com"),
            ("MCP_ALLOWED_ORIGINS", "https://app.example.com"),
            ("PUBLIC_NAME", "edge"),
        ],
        &[("MCP_BEARER_TOKEN", TOKEN)],
    );
    let good = format!("Bearer {TOKEN}");
    let near = format!("Bearer {}", &TOKEN[..TOKEN.len() - 1]);
    let bodies: &[&[u8]] = &[
        PING,
        br#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
        br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"edge_info","arguments":{}}}"#,
        br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"app_config","arguments":{"key":"MCP_BEARER_TOKEN"}}}"#,
        br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"app_config","arguments":{"key":"PUBLIC_NAME"}}}"#,
        br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}"#,
        br#"{"jsonrpc":"2.0","id":1,"method":"resources/list"}"#,
        br#"{"jsonrpc":"2.0","id":1,"method":"nope"}"#,
        b"{broken",
    ];
    let mut count = 0;
    for auth in [Some(good.as_str()), Some(near.as_str()), Some("Bearer x"), None] {
        for body in bodies {
            for origin in [None, Some("https://app.example.com"), Some("https://evil.example")] {
                let mut headers = vec![("content-type", "application/json"), ("x-real-ip", "203.0.113.9")];
                if let Some(a) = auth {
                    headers.push(("authorization", a));
                }
                if let Some(o) = origin {
                    headers.push(("origin", o));
                }
                send(&e, Method::Post, "/mcp", &headers, body); // asserts no token
                count += 1;
            }
        }
    }
    for path in ["/.well-known/oauth-protected-resource/mcp", "/nope", "/mcp"] {
        for method in [Method::Get, Method::Options, Method::Delete] {
            send(&e, method, path, &[("authorization", &good)], b"");
            count += 1;
        }
    }
    assert!(count > 100);
}

// ------------------------------------------------------------------ constant_time_eq

#[test]
fn constant_time_eq_equal_and_unequal() {
    assert!(constant_time_eq(b"", b""));
    assert!(constant_time_eq(b"a", b"a"));
    assert!(constant_time_eq(TOKEN.as_bytes(), TOKEN.as_bytes()));
    assert!(!constant_time_eq(b"a", b"b"));
    assert!(!constant_time_eq(b"abc", b"abd"));
    assert!(!constant_time_eq(b"xbc", b"abc"));
    assert!(!constant_time_eq(&[0x00], &[0x80]));
    assert!(!constant_time_eq(&[0xff; 32], &[0x7f; 32]));
}

#[test]
fn constant_time_eq_different_lengths() {
    assert!(!constant_time_eq(b"", b"a"));
    assert!(!constant_time_eq(b"a", b""));
    assert!(!constant_time_eq(b"abc", b"ab"));
    assert!(!constant_time_eq(b"ab", b"abc"));
    // Padding bytes must not be mistaken for a match.
    assert!(!constant_time_eq(b"a", b"a\0"));
    assert!(!constant_time_eq(b"a\0", b"a"));
    assert!(!constant_time_eq(b"\0", b""));
    assert!(!constant_time_eq(b"", b"\0"));
    assert!(!constant_time_eq(b"\xff", b"\xff\xff"));
    assert!(!constant_time_eq(&[0u8; 256], &[0u8; 257]));
}

/// Exhaustive over short strings of a few bytes that stress the padding logic.
#[test]
fn constant_time_eq_agrees_with_equality_exhaustively() {
    let alphabet = [0x00u8, 0x01, 0x7f, 0x80, 0xfe, 0xff];
    let mut all: Vec<Vec<u8>> = vec![Vec::new()];
    let mut frontier = all.clone();
    for _ in 0..3 {
        let next: Vec<Vec<u8>> = frontier
            .iter()
            .flat_map(|s| alphabet.iter().map(move |&b| { let mut t = s.clone(); t.push(b); t }))
            .collect();
        all.extend(next.iter().cloned());
        frontier = next;
    }
    for a in &all {
        for b in &all {
            assert_eq!(constant_time_eq(a, b), a == b, "{a:?} vs {b:?}");
        }
    }
}

// ------------------------------------------------------------------ Origin

#[test]
fn origin_absent_listed_and_wildcard() {
    let listed = env(&[("MCP_ALLOWED_ORIGINS", "https://app.example.com, http://localhost:6274")], &[]);
    let resp = ping(&listed, &[]);
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header_value("access-control-allow-origin"), None);
    for origin in ["https://app.example.com", "http://localhost:6274", "HTTPS://APP.EXAMPLE.COM"] {
        let resp = ping(&listed, &[("origin", origin)]);
        assert_eq!(resp.status, 200, "{origin}");
        assert_eq!(resp.header_value("access-control-allow-origin"), Some(origin), "echoed, never *");
        assert_eq!(resp.header_value("vary"), Some("Origin"));
    }
    for origin in [
        "https://evil.example",
        "https://app.example.com.evil.example",
        "https://evil.example/https://app.example.com",
        "http://app.example.com",
        "https://app.example.com:8443",
        "http://localhost:6275",
        "https://app.example.co",
        "null",
    ] {
        let resp = ping(&listed, &[("origin", origin)]);
        assert_eq!(resp.status, 403, "{origin}");
        assert_eq!(resp.header_value("access-control-allow-origin"), None);
    }
    let star = env(&[("MCP_ALLOWED_ORIGINS", "*")], &[]);
    for origin in ["https://anything.example", "http://localhost:1234"] {
        let resp = ping(&star, &[("origin", origin)]);
        assert_eq!(resp.status, 200, "{origin}");
        assert_eq!(resp.header_value("access-control-allow-origin"), Some(origin), "the origin, not *");
    }
}

#[test]
fn null_and_malformed_origins_are_refused() {
    let e = StaticEnv::default();
    for origin in [
        "null",
        "NULL",
        "",
        "file://",
        "https://",
        "https://host/path",
        "https://user@host",
        "https://host?q",
        "https://host#f",
        "javascript:alert(1)",
        "host.example",
        "://host",
    ] {
        let headers = [("host", "host"), ("origin", origin)];
        let resp = ping(&e, &headers);
        assert_eq!(resp.status, 403, "{origin:?}");
    }
}

#[test]
fn same_origin_on_the_fastedge_host() {
    let e = StaticEnv::default();
    let fastedge = |origin: &str, host: &str| {
        ping(&e, &[("host", host), ("server_name", "mcp.example.com"), ("origin", origin)]).status
    };
    assert_eq!(fastedge("https://mcp.example.com", "mcp.example.com"), 200);
    assert_eq!(fastedge("https://mcp.example.com", "mcp.example.com:443"), 200);
    assert_eq!(fastedge("https://MCP.example.com", "mcp.example.com"), 200);
    assert_eq!(fastedge("https://other.example.com", "mcp.example.com"), 403);
    assert_eq!(fastedge("https://mcp.example.com.evil.example", "mcp.example.com"), 403);
    assert_eq!(fastedge("https://mcp.example.com:8443", "mcp.example.com"), 403);
    // server_name alone (no Host) is the host the app is served as.
    let resp = ping(&e, &[("server_name", "mcp.example.com"), ("origin", "https://mcp.example.com")]);
    assert_eq!(resp.status, 200);
    // No host at all: a cross-origin request cannot be shown to be same-origin.
    assert_eq!(ping(&e, &[("origin", "https://mcp.example.com")]).status, 403);
}

/// Gcore's own runtime (`fastedge-run`) serves an app as `server_name: test.localhost`
/// when the request names none. Names under `.localhost` are loopback (RFC 6761), so
/// that is a local request: an attacker's name in Host and Origin must not pass.
#[test]
fn dns_rebinding_is_refused_under_localhost_server_names() {
    let e = StaticEnv::default();
    for server_name in ["test.localhost", "localhost", "app.localhost", "A.B.LOCALHOST", "test.localhost."] {
        let status = |host: &str, origin: &str| {
            ping(&e, &[("host", host), ("server_name", server_name), ("origin", origin)]).status
        };
        assert_eq!(status("evil.example.com", "http://evil.example.com"), 403, "{server_name}");
        assert_eq!(status("evil.example.com:8181", "http://evil.example.com:8181"), 403, "{server_name}");
        assert_eq!(status("localhost.evil.example", "http://localhost.evil.example"), 403, "{server_name}");
        assert_eq!(status("evillocalhost", "http://evillocalhost"), 403, "{server_name}");
        // A page on a loopback literal or a .localhost name of the same origin is fine.
        assert_eq!(status("127.0.0.1:8181", "http://127.0.0.1:8181"), 200, "{server_name}");
        assert_eq!(status("[::1]:8181", "http://[::1]:8181"), 200, "{server_name}");
        assert_eq!(status("localhost:8181", "http://localhost:8181"), 200, "{server_name}");
        assert_eq!(status("app.localhost:8181", "http://app.localhost:8181"), 200, "{server_name}");
        // Same host, other port: another origin.
        assert_eq!(status("127.0.0.1:8181", "http://127.0.0.1:9999"), 403, "{server_name}");
    }
    // With no Origin (SDK clients) the request passes whatever the names.
    assert_eq!(ping(&e, &[("host", "evil.example.com"), ("server_name", "test.localhost")]).status, 200);
}

#[test]
fn loopback_names_are_exactly_localhost_and_its_subdomains() {
    use edge_mcp::config::is_loopback;
    for name in ["localhost", "LocalHost", "localhost.", "test.localhost", "a.b.localhost", "x.LOCALHOST.", "::1", "127.0.0.1", "127.255.0.9"] {
        assert!(is_loopback(name), "{name}");
    }
    for name in ["", ".", ".localhost", "evillocalhost", "localhost.evil", "localhostx", "test.localhost.evil", "test-localhost", "127.0.0.1.nip.io", "::2", "128.0.0.1"] {
        assert!(!is_loopback(name), "{name}");
    }
}

#[test]
fn dns_rebinding_is_refused_locally() {
    let e = StaticEnv::default();
    let local = |host: &str, origin: &str| ping(&e, &[("host", host), ("origin", origin)]).status;
    // A rebound name: Host and Origin agree, but the request arrived on loopback.
    assert_eq!(local("evil.example.com", "http://evil.example.com"), 403);
    assert_eq!(local("evil.example.com:8080", "http://evil.example.com:8080"), 403);
    // Names that merely look like loopback addresses are names, and rebindable.
    assert_eq!(local("127.evil.example:8080", "http://127.evil.example:8080"), 403);
    assert_eq!(local("127.0.0.1.evil.example", "http://127.0.0.1.evil.example"), 403);
    assert_eq!(local("127.0.0.1.nip.io:8080", "http://127.0.0.1.nip.io:8080"), 403);
    assert_eq!(local("localhost.evil.example", "http://localhost.evil.example"), 403);
    assert_eq!(local("127.0.0.1x", "http://127.0.0.1x"), 403);
    assert_eq!(local("127.0.0.256", "http://127.0.0.256"), 403);
    assert_eq!(local("127.0.0", "http://127.0.0"), 403);
    assert_eq!(local("127.0.0.1.1", "http://127.0.0.1.1"), 403);
    // server_name says loopback too: still a local request.
    let resp = ping(&e, &[("host", "evil.example"), ("server_name", "127.0.0.1"), ("origin", "http://evil.example")]);
    assert_eq!(resp.status, 403);
    // A page served from the server's own loopback address is same-origin.
    assert_eq!(local("127.0.0.1:8080", "http://127.0.0.1:8080"), 200);
    assert_eq!(local("127.1.2.3:8080", "http://127.1.2.3:8080"), 200);
    assert_eq!(local("localhost:8080", "http://localhost:8080"), 200);
    assert_eq!(local("[::1]:8080", "http://[::1]:8080"), 200);
    // Loopback, but a different port is a different origin.
    assert_eq!(local("127.0.0.1:8080", "http://127.0.0.1:9999"), 403);
    assert_eq!(local("127.0.0.1:8080", "http://localhost:8080"), 403);
}

#[test]
fn preflight_obeys_the_origin_rule() {
    let e = env(&[("MCP_ALLOWED_ORIGINS", "https://app.example.com")], &[("MCP_BEARER_TOKEN", TOKEN)]);
    let ok = send(&e, Method::Options, "/mcp", &[("origin", "https://app.example.com")], b"");
    assert_eq!(ok.status, 204);
    assert_eq!(ok.header_value("access-control-allow-origin"), Some("https://app.example.com"));
    let bad = send(&e, Method::Options, "/mcp", &[("origin", "https://evil.example")], b"");
    assert_eq!(bad.status, 403);
    assert_eq!(bad.header_value("access-control-allow-origin"), None);
}

// ------------------------------------------------------------------ configuration validation

fn assert_500_naming(resp: &Response, key: &str) {
    assert_eq!(resp.status, 500, "{}", String::from_utf8_lossy(&resp.body));
    let body = String::from_utf8_lossy(&resp.body);
    assert!(body.starts_with("Server misconfigured: "), "{body}");
    assert!(body.contains(key), "{body} does not name {key}");
}

#[test]
fn bad_configuration_is_a_500_naming_the_key() {
    for bad in ["not-an-origin", "https://ok.example, https://bad.example/path", "https://a.example,ftp:/x", "app.example.com"] {
        let e = env(&[("MCP_ALLOWED_ORIGINS", bad)], &[]);
        assert_500_naming(&ping(&e, &[("origin", "https://ok.example")]), "MCP_ALLOWED_ORIGINS");
        // Without an Origin the list is not consulted.
        assert_eq!(ping(&e, &[]).status, 200);
    }
    for bad in ["ftp://auth.example.com", "http://auth.example.com", "https://", "auth.example.com", "https://a b", "http://127.evil.example"] {
        let e = env(&[("MCP_AUTH_SERVER", bad)], &[("MCP_BEARER_TOKEN", TOKEN)]);
        assert_500_naming(&send(&e, Method::Get, "/.well-known/oauth-protected-resource", &[], b""), "MCP_AUTH_SERVER");
        // The 401 would point at the metadata: it cannot, so it is the same 500.
        assert_500_naming(&ping(&e, &[]), "MCP_AUTH_SERVER");
    }
    for bad in ["http://mcp.example.com/mcp", "mcp.example.com/mcp", "https:///mcp"] {
        let e = env(
            &[("MCP_AUTH_SERVER", "https://auth.example.com"), ("MCP_RESOURCE_URL", bad)],
            &[("MCP_BEARER_TOKEN", TOKEN)],
        );
        assert_500_naming(&send(&e, Method::Get, "/.well-known/oauth-protected-resource", &[], b""), "MCP_RESOURCE_URL");
    }
    // http:// is accepted for loopback hosts only.
    let e = env(&[("MCP_AUTH_SERVER", "http://127.0.0.1:9000")], &[]);
    assert_eq!(send(&e, Method::Get, "/.well-known/oauth-protected-resource", &[], b"").status, 200);
    let e = env(&[("MCP_AUTH_SERVER", "http://localhost:9000")], &[]);
    assert_eq!(send(&e, Method::Get, "/.well-known/oauth-protected-resource", &[], b"").status, 200);
    // A path after the port too: the host ends at the port's ':'.
    let e = env(&[("MCP_AUTH_SERVER", "http://localhost:9000/realms/mcp")], &[]);
    assert_eq!(send(&e, Method::Get, "/.well-known/oauth-protected-resource", &[], b"").status, 200);
    // http:// to a host named after userinfo that looks like loopback is refused.
    let e = env(&[("MCP_AUTH_SERVER", "http://localhost:1@evil.example:80")], &[]);
    assert_eq!(send(&e, Method::Get, "/.well-known/oauth-protected-resource", &[], b"").status, 500);
}

#[test]
fn an_authority_is_loopback_by_its_host_alone() {
    use edge_mcp::config::loopback_authority;
    for yes in ["localhost", "localhost:8080", "localhost:8080/mcp", "127.0.0.1:9/a?b", "[::1]:8080/mcp", "test.localhost/x", "localhost?x", "localhost#x"] {
        assert!(loopback_authority(yes), "{yes}");
    }
    // Userinfo is never loopback, whatever it or the host after it says.
    for no in ["evil.example:8080/localhost", "localhost.evil:80/", "[::2]:80", "127.0.0.1.nip.io:80/x", ":8080/localhost", "", "evil.example/127.0.0.1", "localhost:1@evil.example:80", "localhost:1@evil.example", "localhost@evil.example/x", "user@localhost:8080"] {
        assert!(!loopback_authority(no), "{no}");
    }
}

#[test]
fn is_loopback_accepts_only_loopback_literals_and_localhost() {
    use edge_mcp::config::is_loopback;
    for yes in ["localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "127.255.255.255", "::1"] {
        assert!(is_loopback(yes), "{yes}");
    }
    for no in [
        "127.evil.example", "127.0.0.1.evil.example", "127.0.0.1.", "127.0.0", "127.0.0.1.1", "127.0.0.256",
        "127.0.0.1x", "127..0.1", "128.0.0.1", "1127.0.0.1", "127.0.0.1000", "localhost.evil.example", "evil-localhost",
        "0.0.0.0", "::2", "", "127.1",
    ] {
        assert!(!is_loopback(no), "{no}");
    }
}
