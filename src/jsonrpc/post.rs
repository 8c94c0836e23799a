//! One POST body: JSON text -> JSON-RPC message(s) -> protocol-era rules -> MCP
//! method -> reply.
//!
//! Status codes follow what real clients need (see `shared/mcp-notes.md`): body
//! faults are 400 with a JSON-RPC error and `id: null`; errors of well-formed
//! session-era requests ride on 200 (Python `mcp` 1.x drops the session on a 4xx);
//! notifications and client responses are 202 with no body. The stateless era
//! (2026-07-28) maps header mismatches to 400 and unknown methods to 404.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::env::Host;
use crate::http::{Request, Response};
use crate::json::{self, scan::Child, Out, ScanError, Value};
use crate::jsonrpc::{self, texts, Message, RpcError, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR};
use crate::mcp::{self, Ctx, Params};
use crate::reply::{self, Accept};
use crate::era;

/// The top-level object's members, from the spans `scan` recorded. A named iterator,
/// not `map`: behind `dyn Iterator` a `Map` brings its own `size_hint`; this one
/// shares the default with `json::Cursor`.
struct Members<'a> {
    body: &'a [u8],
    children: core::slice::Iter<'a, Child>,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a [u8], Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let c = self.children.next()?;
        // SAFETY: `scan` recorded the key's span inside this body (empty for no key),
        // so the checked slice's empty fallback could never be taken.
        let key = unsafe { self.body.get_unchecked(c.key.start..c.key.end) };
        Some((key, Value { buf: self.body, span: c.value }))
    }
}

pub fn handle(req: &Request, env: &Host, accept: Accept) -> Response {
    let top = match json::scan(req.body) {
        Ok(top) => top,
        // Valid JSON, but more messages or members than allowed: not a parse error.
        Err(e) => return fault(parse_error(e)),
    };
    let mut batch = Batch { req, env, out: Out::new(), notifications: Vec::new(), status: 200 };
    match top.first_byte {
        b'{' => {
            let mut members = Members { body: req.body, children: top.children.iter() };
            match Message::parse(&mut members) {
                Ok(message) => {
                    if !batch.one(message, false) {
                        return reply::accepted();
                    }
                }
                Err(reason) => return fault(invalid(reason)),
            }
        }
        b'[' => {
            if let Err(e) = era::check_batch_allowed(req) {
                return fault(e);
            }
            if top.children.is_empty() {
                return fault(invalid(texts::EMPTY_BATCH));
            }
            batch.out.raw(b"[");
            let mut any = false;
            for child in &top.children {
                let mark = batch.out.buf.len();
                if any {
                    batch.out.raw(b",");
                }
                let element = Value { buf: req.body, span: child.value };
                let replied = if element.kind() != json::Kind::Object {
                    batch.invalid(texts::BATCH_ELEMENT)
                } else {
                    match Message::parse(&mut element.members()) {
                        Ok(message) => batch.one(message, true),
                        Err(reason) => batch.invalid(reason),
                    }
                };
                if replied {
                    any = true;
                } else {
                    batch.out.buf.truncate(mark);
                }
            }
            if !any {
                return reply::accepted();
            }
            batch.out.raw(b"]");
        }
        _ => return fault(invalid(texts::NOT_OBJECT)),
    }
    reply::messages(batch.status, accept, batch.notifications, batch.out.buf)
}

/// The state of answering one POST body (one message, or a batch).
struct Batch<'a> {
    req: &'a Request<'a>,
    env: &'a Host,
    out: Out,
    /// Notifications of every message so far, as SSE events.
    notifications: Vec<u8>,
    status: u16,
}

impl<'a> Batch<'a> {
    /// Handles one message; returns whether it wrote a reply into `out`.
    fn one(&mut self, message: Message, in_batch: bool) -> bool {
        let (id, method, params) = match message {
            Message::Request { id, method, params } => (id, method, params),
            Message::Notification { method } => {
                // A notification's version problems get the same 400 a request's would.
                if let Err(e) = era::for_notification(self.req, &method) {
                    self.status = 400;
                    jsonrpc::write_error(&mut self.out, b"null", &e);
                    return true;
                }
                return false;
            }
            Message::Response => return false,
        };
        let id = id.bytes();
        let start = self.out.buf.len();
        if let Err(e) = self.request(id, &method, params, in_batch) {
            self.out.buf.truncate(start);
            jsonrpc::write_error(&mut self.out, id, &e);
        }
        true
    }

    /// Answers one request, writing its whole reply into `out`; an `Err` is
    /// written by the caller in place of anything written so far.
    fn request<'v>(&mut self, id: &[u8], method: &str, params: Option<Value<'v>>, in_batch: bool) -> Result<(), RpcError> {
        let params = Params::of(params)?;
        if in_batch && method == "initialize" {
            return Err(invalid(texts::BATCHED_INITIALIZE));
        }
        let version = era::for_request(self.req, method, &params).inspect_err(|_| self.status = 400)?;
        let mut cx = Ctx { req: self.req, env: self.env, version, notifications: Vec::new() };
        jsonrpc::begin_result(&mut self.out, id);
        let result_start = self.out.buf.len();
        if let Err(e) = mcp::answer(&mut cx, method, &params, &mut self.out) {
            if version.stateless() {
                self.status = stateless_status(e.code);
            }
            return Err(e);
        }
        if version.stateless() {
            mcp::mark_complete(&mut self.out, result_start);
        }
        jsonrpc::end(&mut self.out);
        crate::buf::extend(&mut self.notifications, &cx.notifications);
        Ok(())
    }

    /// Writes the reply to a batch element that is not a valid message.
    fn invalid(&mut self, reason: &'static str) -> bool {
        jsonrpc::write_error(&mut self.out, b"null", &invalid(reason));
        true
    }
}

/// The stateless era gives some errors their own HTTP status, so that a client
/// (or an intermediary) can tell them apart without reading the body.
fn stateless_status(code: i64) -> u16 {
    match code {
        METHOD_NOT_FOUND => 404,
        era::HEADER_MISMATCH | era::MISSING_CAPABILITY | era::UNSUPPORTED_VERSION => 400,
        _ => 200,
    }
}

/// A 400 whose body is a JSON-RPC error with `id: null`.
fn fault(e: RpcError) -> Response {
    let mut out = Out::new();
    jsonrpc::write_error(&mut out, b"null", &e);
    Response::json(400, out.buf)
}

/// -32600 for `reason` (one of [`texts`]).
fn invalid(reason: &'static str) -> RpcError {
    RpcError::compose(INVALID_REQUEST, texts::INVALID_REQUEST, Cow::Borrowed(reason), "")
}

/// Valid JSON with more messages or members than allowed is not a parse error.
fn parse_error(e: ScanError) -> RpcError {
    let (what, at) = match e {
        ScanError::Syntax(at) => (texts::PARSE_SYNTAX, at),
        ScanError::InvalidUtf8(at) => (texts::PARSE_UTF8, at),
        ScanError::TooDeep(at) => (texts::PARSE_DEPTH, at),
        ScanError::TooManyChildren => return invalid(texts::TOO_MANY_CHILDREN),
    };
    let mut n = Out::new();
    n.int(at as i64);
    // SAFETY: `Out::int` writes only ASCII digits and '-'. (Its buffer becomes the
    // String as it is: no UTF-8 check and no second allocation and copy.)
    let at = unsafe { alloc::string::String::from_utf8_unchecked(n.buf) };
    RpcError::compose(PARSE_ERROR, what, Cow::Owned(at), "")
}
