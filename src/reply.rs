//! Turning finished JSON-RPC messages into an HTTP response: `application/json`,
//! or a finite `text/event-stream` when there are notifications to deliver first
//! (the only way a stateless server can send progress and log messages) or when
//! the client accepts nothing else. SSE events carry no `id`: a client that saw
//! one would try to resume with GET, which a stateless server cannot serve.

use alloc::vec::Vec;

use crate::bytes::{self, within};
use crate::http::{Header, Response};

/// What the client's `Accept` header allows. Lenient by design: real clients send
/// only one of the two types, or `*/*`; an absent header accepts both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accept {
    pub json: bool,
    pub sse: bool,
}

impl Accept {
    /// Always inlined over [`allowed`]: its two bits come back from the call in a
    /// register, where an `Accept` is returned through memory.
    #[inline(always)]
    pub fn parse(header: Option<&str>) -> Accept {
        let allowed = allowed(header);
        Accept { json: allowed & 1 != 0, sse: allowed & 2 != 0 }
    }
}

/// What `header` allows: bit 1 for JSON, bit 2 for SSE.
fn allowed(header: Option<&str>) -> u8 {
    let header = match header {
        // What the SDKs send, and what curl sends: no parsing needed. (`SDK_ACCEPT` in
        // a guard, not a pattern: a pattern would carry its own copy of the text.)
        Some(h) if bytes::same(h, SDK_ACCEPT) => return 3,
        None | Some("*/*") => return 3,
        Some(h) => h,
    };
    let mut allowed = 0;
    for range in bytes::split(header, b',') {
        let mut parts = bytes::split(range, b';');
        let media = parts.next().unwrap_or("");
        // `q=0`, `q=0.0`, `q=0.00` or `q=0.000` refuses the range: the starts of
        // `q=0.000` three bytes long or more, but not `q=0.` (one length test and one
        // compare of bytes, not `strip_prefix` and a second compare of the rest).
        const ZERO: &[u8] = b"q=0.000";
        if parts.any(|p| matches!(p.len(), 3 | 5..) && ZERO.starts_with(p.as_bytes())) {
            continue;
        }
        // One table walk, not a dispatch on the length with a compare per arm:
        // `eq_caseless` compares lengths first anyway.
        let mut i = 0;
        while let Some(name) = MEDIA_RANGES.get(i) {
            if crate::http::eq_caseless(media.as_bytes(), name.as_bytes()) {
                // JSON at even positions, SSE at odd ones, both for the last.
                allowed |= if i == 4 { 3 } else { 1 << (i & 1) };
                break;
            }
            i += 1;
        }
    }
    allowed
}

/// The media ranges that allow a reply: JSON at even positions, SSE at odd ones, and
/// the last allows both.
/// The first two are borrowed from [`SDK_ACCEPT`] (see `bytes::within`).
pub const MEDIA_RANGES: [&str; 5] =
    [within(SDK_ACCEPT, "application/json"), within(SDK_ACCEPT, "text/event-stream"), "application/*", "text/*", "*/*"];

/// What the SDKs send as `Accept`, borrowed from the 406 that names both types.
const SDK_ACCEPT: &str = within(crate::transport::NOT_ACCEPTABLE, "application/json, text/event-stream");

/// Appends `message` to an event stream as one SSE event.
pub fn event(stream: &mut Vec<u8>, message: &[u8]) {
    crate::buf::extend(stream, b"event: message\ndata: ");
    crate::buf::extend(stream, message);
    crate::buf::extend(stream, b"\n\n");
}

/// A 200/4xx response carrying `body` (one message or a batch array), preceded by
/// `notifications` (already SSE events, see [`event`]) when the stream form is used.
pub fn messages(status: u16, accept: Accept, notifications: Vec<u8>, body: Vec<u8>) -> Response {
    // Only builds whose handlers send notifications can have any (cfg from the build).
    let pending = cfg!(edge_notifications) && !notifications.is_empty();
    let use_sse = !accept.json || (accept.sse && pending);
    if !use_sse {
        return Response::json(status, body);
    }
    let mut stream = notifications;
    event(&mut stream, &body);
    let mut r = Response::typed(status, &crate::http::CONTENT_SSE, stream);
    r.add_all(&STREAM_HEADERS);
    r
}

/// An event stream's headers besides its type (`Response::add_all`): no caching, and no
/// buffering by proxies that honour `x-accel-buffering`.
static STREAM_HEADERS: [Header<'static>; 2] =
    [Header::new("cache-control", "no-cache"), Header::new("x-accel-buffering", const { within("no-cache", "no") })];

/// 202 Accepted with an empty body: notifications and client responses.
pub fn accepted() -> Response {
    Response::new(202)
}

#[cfg(test)]
mod tests {
    use super::Accept;

    fn allows(header: &str) -> (bool, bool) {
        let a = Accept::parse(Some(header));
        (a.json, a.sse)
    }

    #[test]
    fn each_media_range_allows_what_it_names() {
        assert_eq!(allows("application/json"), (true, false));
        assert_eq!(allows("Text/Event-Stream"), (false, true));
        assert_eq!(allows("application/*"), (true, false));
        assert_eq!(allows("text/*"), (false, true));
        assert_eq!(allows("*/*;q=0.5"), (true, true));
        assert_eq!(allows("text/html, application/xml"), (false, false));
        assert_eq!(allows("text/html, TEXT/*"), (false, true));
        assert_eq!(allows("application/json;q=0, text/event-stream"), (false, true));
        assert_eq!(allows("application/json;q=0.01"), (true, false));
        assert_eq!(allows("application/json ; q=0.000"), (false, false));
        assert_eq!(Accept::parse(None), Accept { json: true, sse: true });
    }
}
