//! The HTTP front: hyper 1.x on 127.0.0.1, buffering request and response bodies like
//! FastEdge does, running each guest call on a blocking thread.

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::service::service_fn;
use hyper::{Method as HttpMethod, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::app::{App, Outcome};
use crate::host::bindings::gcore::fastedge::http::{Method, Request};
use crate::limits::{status, Failure};

/// Fixed values for `--geo`: the ones Gcore's own `fastedge-run --geo` adds (lower case), so an
/// app sees the same geo headers in both runners.
const GEO_HEADERS: &[(&str, &str)] = &[
    ("pop-lat", "49.6113"),
    ("pop-long", "6.1294"),
    ("pop-reg", "lu"),
    ("pop-city", "luxembourg"),
    ("pop-continent", "eu"),
    ("pop-country-code", "lu"),
    ("pop-country-name", "luxembourg"),
];

/// Request headers the runner adds on top of the client's.
pub struct ServeOptions {
    pub port: u16,
    pub extra_headers: Vec<(String, String)>,
    pub geo: bool,
}

/// The `server_name` Gcore's `fastedge-run` gives an app when none is configured: a
/// `.localhost` name, loopback by RFC 6761.
pub const DEFAULT_SERVER_NAME: &str = "test.localhost";

struct Ctx {
    app: Arc<App>,
    opts: ServeOptions,
}

/// Binds 127.0.0.1:PORT, prints `listening on http://127.0.0.1:PORT`, and serves forever.
pub async fn serve(app: Arc<App>, opts: ServeOptions) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", opts.port))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", opts.port))?;
    let local = listener.local_addr()?.to_string();
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{local}")?;
        out.flush()?;
    }
    let ctx = Arc::new(Ctx { app, opts });
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(conn) => conn,
            Err(e) => {
                // Typically EMFILE under load: keep serving the connections we have.
                eprintln!("accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let ctx = ctx.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(ctx.clone(), peer, req));
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                // Client resets and malformed requests end up here; they are not our failures.
                if !e.is_incomplete_message() {
                    eprintln!("connection from {peer}: {e}");
                }
            }
        });
    }
}

type Reply = hyper::Response<Full<Bytes>>;

async fn handle(ctx: Arc<Ctx>, peer: SocketAddr, req: hyper::Request<Incoming>) -> Result<Reply, Infallible> {
    let start = Instant::now();
    let method_text = req.method().to_string();
    let path = req.uri().path().to_string();
    let reply = respond(&ctx, peer, req).await;
    eprintln!("{method_text} {path} {} {}us", reply.status().as_u16(), start.elapsed().as_micros());
    Ok(reply)
}

async fn respond(ctx: &Ctx, peer: SocketAddr, req: hyper::Request<Incoming>) -> Reply {
    let Some(method) = wit_method(req.method()) else {
        // The WIT method enum has no variant for it, so the guest cannot be asked.
        let mut reply = text(StatusCode::METHOD_NOT_ALLOWED, "method not supported by FastEdge\n");
        reply.headers_mut().insert(
            hyper::header::ALLOW,
            HeaderValue::from_static("GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS"),
        );
        return reply;
    };
    let (parts, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return text(StatusCode::BAD_REQUEST, &format!("cannot read request body: {e}\n")),
    };
    let request = guest_request(ctx, peer, method, &parts, body);

    let app = ctx.app.clone();
    let report = match tokio::task::spawn_blocking(move || app.call(&request)).await {
        Ok(report) => report,
        Err(e) => return internal(&format!("guest call aborted: {e}")),
    };
    match report.outcome {
        Outcome::Response(resp) => {
            let Ok(status) = StatusCode::from_u16(resp.status) else {
                return internal(&format!("app returned invalid status {}", resp.status));
            };
            let mut reply = hyper::Response::new(Full::new(Bytes::from(resp.body.unwrap_or_default())));
            *reply.status_mut() = status;
            for (name, value) in resp.headers.unwrap_or_default() {
                // Framing is hyper's job: the body is already complete, so the guest's
                // Content-Length / Transfer-Encoding could only contradict it.
                if is_framing_header(&name) {
                    continue;
                }
                match (HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str())) {
                    (Ok(n), Ok(v)) => {
                        reply.headers_mut().append(n, v);
                    }
                    _ => eprintln!("dropping invalid response header `{name}`"),
                }
            }
            reply
        }
        Outcome::Failed { failure, message } => {
            let what = match failure {
                Failure::OutOfMemory => "app exceeded its memory limit",
                Failure::Timeout => "app exceeded its time limit",
                Failure::Crash => "app crashed",
            };
            eprintln!("{} {}: {what}: {message}", parts.method, parts.uri.path());
            let code = StatusCode::from_u16(failure.status()).expect("5xx codes are valid");
            text(code, &format!("{what}: {message}\n"))
        }
    }
}

/// The request the guest sees: path-and-query URI, lowercase header names, the runner's
/// FastEdge headers replacing any the client sent under the same names.
fn guest_request(
    ctx: &Ctx,
    peer: SocketAddr,
    method: Method,
    parts: &hyper::http::request::Parts,
    body: Bytes,
) -> Request {
    let uri = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/").to_string();
    // FastEdge sets `server_name` to the app's own host name, whatever Host header
    // the client sent. Locally it is `test.localhost`, exactly what Gcore's own
    // `fastedge-run` sets (or `--headers server_name=NAME`), so a module sees the same
    // in both runners. Deriving it from Host would let a DNS-rebinding page name
    // itself as the server.
    let mut added: Vec<(String, String)> = vec![
        ("server_name".into(), DEFAULT_SERVER_NAME.into()),
        ("x-real-ip".into(), peer.ip().to_string()),
    ];
    if ctx.opts.geo {
        added.extend(GEO_HEADERS.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    }
    for (k, v) in &ctx.opts.extra_headers {
        let k = k.to_ascii_lowercase();
        added.retain(|(a, _)| *a != k);
        added.push((k, v.clone()));
    }

    let mut headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .filter(|(k, _)| !added.iter().any(|(a, _)| a == k))
        .collect();
    headers.extend(added);

    Request {
        method,
        uri,
        headers,
        body: if body.is_empty() { None } else { Some(body.to_vec()) },
    }
}

fn wit_method(m: &HttpMethod) -> Option<Method> {
    Some(match *m {
        HttpMethod::GET => Method::Get,
        HttpMethod::POST => Method::Post,
        HttpMethod::PUT => Method::Put,
        HttpMethod::DELETE => Method::Delete,
        HttpMethod::HEAD => Method::Head,
        HttpMethod::PATCH => Method::Patch,
        HttpMethod::OPTIONS => Method::Options,
        _ => return None,
    })
}

fn is_framing_header(name: &str) -> bool {
    ["content-length", "transfer-encoding", "connection"].iter().any(|h| name.eq_ignore_ascii_case(h))
}

fn text(status: StatusCode, body: &str) -> Reply {
    let mut reply = hyper::Response::new(Full::new(Bytes::from(body.to_string())));
    *reply.status_mut() = status;
    reply
        .headers_mut()
        .insert(hyper::header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    reply
}

fn internal(message: &str) -> Reply {
    eprintln!("internal error: {message}");
    text(StatusCode::from_u16(status::INTERNAL).expect("valid"), &format!("{message}\n"))
}
