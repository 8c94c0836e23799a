//! `http-client.send-request`: real outbound HTTP/1.1 over hyper. Plain `http://` only: the
//! runner is a local tool and carries no TLS stack. Destinations are restricted to loopback
//! unless `--allow-outbound-any` is given, so a local run never reaches the network by surprise.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;

use crate::host::bindings::gcore::fastedge::http::{Error, Method, Request, Response};

/// Policy for outbound requests, fixed at startup.
#[derive(Debug, Clone)]
pub struct OutboundPolicy {
    pub allow_any: bool,
    pub timeout: Duration,
}

pub fn method_name(m: Method) -> &'static str {
    match m {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Delete => "DELETE",
        Method::Head => "HEAD",
        Method::Patch => "PATCH",
        Method::Options => "OPTIONS",
    }
}

/// Sends `req` and buffers the whole response. Blocks the calling (non-async) thread.
pub fn send(req: Request, policy: &OutboundPolicy) -> Result<Response, Error> {
    let uri: hyper::Uri = req.uri.parse().map_err(|_| Error::InvalidUrl)?;
    let https = match uri.scheme_str() {
        Some("http") => false,
        Some("https") => true,
        _ => return Err(Error::InvalidUrl),
    };
    let host = uri.host().ok_or(Error::InvalidUrl)?.to_string();
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/").to_string();
    let authority = uri.authority().map(|a| a.as_str().to_string()).unwrap_or_else(|| host.clone());

    wasmtime_wasi::runtime::in_tokio(async move {
        let addrs = resolve(&host, port).await?;
        if !destination_allowed(&addrs, policy.allow_any) {
            eprintln!("http-client: destination not allowed (use --allow-outbound-any): {}", req.uri);
            return Err(Error::DestinationNotAllowed);
        }
        // Checked after the destination, so a refused host is refused whatever its scheme.
        if https {
            eprintln!("http-client: https is not supported by the local runner: {}", req.uri);
            return Err(Error::RequestError);
        }
        let fut = exchange(addrs, authority, path, req);
        tokio::time::timeout(policy.timeout, fut).await.map_err(|_| {
            eprintln!("http-client: timed out after {} ms", policy.timeout.as_millis());
            Error::RequestError
        })?
    })
}

/// Every resolved address must be loopback, so a name cannot smuggle in a remote host.
fn destination_allowed(addrs: &[SocketAddr], allow_any: bool) -> bool {
    allow_any || addrs.iter().all(|a| a.ip().is_loopback())
}

async fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, Error> {
    // `Uri::host` keeps the brackets of an IPv6 literal.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|_| Error::InvalidUrl)?
        .collect();
    if addrs.is_empty() {
        return Err(Error::InvalidUrl);
    }
    Ok(addrs)
}

async fn exchange(
    addrs: Vec<SocketAddr>,
    authority: String,
    path: String,
    req: Request,
) -> Result<Response, Error> {
    let stream = tokio::net::TcpStream::connect(&addrs[..]).await.map_err(|e| {
        eprintln!("http-client: connect failed: {e}");
        Error::RequestError
    })?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|_| Error::RequestError)?;
    // The connection future drives the socket; it ends when the exchange is over.
    tokio::spawn(conn);

    let mut builder = hyper::Request::builder().method(method_name(req.method)).uri(path);
    let mut has_host = false;
    for (name, value) in &req.headers {
        has_host |= name.eq_ignore_ascii_case("host");
        builder = builder.header(name.as_str(), value.as_str());
    }
    if !has_host {
        builder = builder.header("host", authority);
    }
    let body = Bytes::from(req.body.unwrap_or_default());
    let request = builder.body(Full::new(body)).map_err(|_| Error::InvalidUrl)?;

    let response = sender.send_request(request).await.map_err(|e| {
        eprintln!("http-client: request failed: {e}");
        Error::RequestError
    })?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = response.into_body().collect().await.map_err(|_| Error::RequestError)?.to_bytes();
    Ok(Response { status, headers: Some(headers), body: Some(body.to_vec()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addrs(list: &[&str]) -> Vec<SocketAddr> {
        list.iter().map(|a| a.parse().unwrap()).collect()
    }

    #[test]
    fn only_loopback_unless_allowed() {
        assert!(destination_allowed(&addrs(&["127.0.0.1:80", "[::1]:80"]), false));
        assert!(destination_allowed(&addrs(&["127.8.9.10:80"]), false));
        assert!(!destination_allowed(&addrs(&["192.0.2.1:80"]), false));
        assert!(!destination_allowed(&addrs(&["127.0.0.1:80", "192.0.2.1:80"]), false));
        assert!(destination_allowed(&addrs(&["192.0.2.1:80"]), true));
    }

    #[test]
    fn refused_destination_sends_nothing() {
        // https too: the destination is checked before the scheme is found unsupported.
        let req = Request { method: Method::Get, uri: "https://192.0.2.1/".into(), headers: vec![], body: None };
        let policy = OutboundPolicy { allow_any: false, timeout: Duration::from_secs(1) };
        assert_eq!(send(req, &policy).unwrap_err(), Error::DestinationNotAllowed);
        // An IP literal needs no DNS, and the refusal happens before any connect.
        let req = Request {
            method: Method::Get,
            uri: "http://192.0.2.1/".into(),
            headers: vec![],
            body: None,
        };
        let policy = OutboundPolicy { allow_any: false, timeout: Duration::from_secs(1) };
        assert_eq!(send(req, &policy).unwrap_err(), Error::DestinationNotAllowed);
    }
}
