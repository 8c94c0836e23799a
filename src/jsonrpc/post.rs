//! One POST body: JSON text -> JSON-RPC message(s) -> protocol-era rules -> MCP
//! method -> reply.
//!
//! Status codes follow what real clients need (see `shared/mcp-notes.md`): body
//! faults are 400 with a JSON-RPC error and `id: null`; errors of well-formed
//! session-era requests ride on 200 (Python `mcp` 1.x drops the session on a 4xx);
//! notifications and client responses are 202 with no body. The stateless era
//! (2026-07-28) maps header mismatches to 400 and unknown methods to 404.

use alloc::vec::Vec;

use crate::env::Env;
use crate::http::{Request, Response};
use crate::json::{self, scan::Child, Out, ScanError, Value};
use crate::jsonrpc::{self, Message, RpcError, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR};
use crate::mcp::{self, Ctx, Params};
use crate::reply::{self, Accept};
use crate::era;

pub fn handle(req: &Request, env: &dyn Env, accept: Accept) -> Response {
    let top = match json::scan(req.body) {
        Ok(top) => top,
        // Valid JSON, but more messages or members than allowed: not a parse error.
        Err(e @ ScanError::TooManyChildren) => return fault(INVALID_REQUEST, parse_message(e)),
        Err(e) => return fault(PARSE_ERROR, parse_message(e)),
    };
    let mut batch = Batch { req, env, out: Out::new(), notifications: Vec::new(), status: 200 };
    match top.first_byte {
        b'{' => {
            let mut members = top.children.iter().map(|c: &Child| {
                (crate::bytes::range(req.body, c.key.start, c.key.end), Value { buf: req.body, span: c.value })
            });
            match Message::parse(&mut members) {
                Ok(message) => {
                    if !batch.one(message, false) {
                        return reply::accepted();
                    }
                }
                Err(reason) => return fault(INVALID_REQUEST, invalid_message(reason)),
            }
        }
        b'[' => {
            if let Err(response) = era::check_batch_allowed(req) {
                return response;
            }
            if top.children.is_empty() {
                return fault(INVALID_REQUEST, "Invalid Request: empty batch");
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
                    batch.invalid(INVALID_ELEMENT)
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
        _ => return fault(INVALID_REQUEST, "Invalid Request: a JSON-RPC message must be an object"),
    }
    reply::messages(batch.status, accept, batch.notifications, batch.out.buf)
}

const INVALID_ELEMENT: &str = "a batch element must be an object";

/// The state of answering one POST body (one message, or a batch).
struct Batch<'a> {
    req: &'a Request<'a>,
    env: &'a dyn Env,
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
        let params = match Params::of(params) {
            Ok(p) => p,
            Err(e) => {
                jsonrpc::write_error(&mut self.out, id, &e);
                return true;
            }
        };
        if in_batch && method == "initialize" {
            let e = RpcError::new(INVALID_REQUEST, "Invalid Request: initialize must not be part of a batch");
            jsonrpc::write_error(&mut self.out, id, &e);
            return true;
        }
        let version = match era::for_request(self.req, &method, &params) {
            Ok(v) => v,
            Err((status, e)) => {
                self.status = status;
                jsonrpc::write_error(&mut self.out, id, &e);
                return true;
            }
        };
        let mut cx = Ctx { req: self.req, env: self.env, version, notifications: Vec::new() };
        let start = self.out.buf.len();
        jsonrpc::begin_result(&mut self.out, id);
        let result_start = self.out.buf.len();
        match mcp::answer(&mut cx, &method, &params, &mut self.out) {
            Ok(()) => {
                if version.stateless() {
                    mcp::mark_complete(&mut self.out, result_start);
                }
                jsonrpc::end(&mut self.out);
                self.notifications.append(&mut cx.notifications);
            }
            Err(e) => {
                self.out.buf.truncate(start);
                if version.stateless() {
                    self.status = stateless_status(e.code);
                }
                jsonrpc::write_error(&mut self.out, id, &e);
            }
        }
        true
    }

    /// Writes the reply to a batch element that is not a valid message.
    fn invalid(&mut self, reason: &'static str) -> bool {
        jsonrpc::write_error(&mut self.out, b"null", &RpcError::new(INVALID_REQUEST, invalid_message(reason)));
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
fn fault(code: i64, message: impl Into<alloc::borrow::Cow<'static, str>>) -> Response {
    let mut out = Out::new();
    jsonrpc::write_error(&mut out, b"null", &RpcError::new(code, message));
    Response::json(400, out.buf)
}

fn invalid_message(reason: &str) -> alloc::string::String {
    let mut m = alloc::string::String::from("Invalid Request: ");
    m.push_str(reason);
    m
}

fn parse_message(e: ScanError) -> alloc::string::String {
    let (what, at) = match e {
        ScanError::Syntax(at) => ("Parse error: invalid JSON at byte ", Some(at)),
        ScanError::InvalidUtf8(at) => ("Parse error: invalid UTF-8 at byte ", Some(at)),
        ScanError::TooDeep(at) => ("Parse error: nesting deeper than MAX_DEPTH (64) levels at byte ", Some(at)),
        ScanError::TooManyChildren => ("Invalid Request: more than MAX_BATCH_LEN (32) batch entries or message members", None),
    };
    let mut m = alloc::string::String::from(what);
    if let Some(at) = at {
        let mut n = Out::new();
        n.int(at as i64);
        m.push_str(crate::json::utf8::str(&n.buf));
    }
    m
}
