//! One POST body: JSON text -> JSON-RPC message(s) -> protocol-era rules -> MCP
//! method -> reply.
//!
//! Status codes follow what real clients need (see `shared/mcp-notes.md`): body
//! faults are 400 with a JSON-RPC error and `id: null`; errors of well-formed
//! session-era requests ride on 200 (Python `mcp` 1.x drops the session on a 4xx);
//! notifications and client responses are 202 with no body. The stateless era
//! (2026-07-28) maps header mismatches to 400 and unknown methods to 404.

use alloc::vec::Vec;

use crate::env::Host;
use crate::http::{Request, Response};
use crate::json::{self, Out, ScanError, Value};
use crate::jsonrpc::{self, texts, Members, Message, RpcError, INVALID_REQUEST, METHOD_NOT_FOUND};
use crate::mcp::{self, Ctx, Params};
use crate::reply::{self, Accept};
use crate::era;
use crate::mcp::version::Version;

pub fn handle(req: &Request, env: &Host, accept: Accept) -> Response {
    // Built first: a refusal of the whole body is written into its (still empty) `out`,
    // so every 400 below is one `Response::json` of one buffer. Its buffer is taken after
    // `scan`'s, so that it is the allocator's last block and grows in place (taken
    // before, a long reply was copied at each growth: ~500 instructions for tools/list).
    let mut batch = Batch { req, env, out: Out { buf: Vec::new() }, notifications: Vec::new(), status: 200, accept };
    'refused: {
        let scanned = json::scan(req.body);
        batch.out = Out::new();
        // A refusal of the whole body before any message is read: its reason, and for
        // the version rule its error. The loop's one pass answers it as it answers a
        // single message that is no message: every JSON-RPC error is written in `one`,
        // and every -32600 built by its one `invalid`, not a second time here.
        let (mut refusal, mut fault) = (jsonrpc::IS_MESSAGE, None);
        let mut children = Vec::new();
        let mut in_batch = false;
        match scanned {
            Ok(top) => {
                children = top.children;
                // A single message is answered as a batch of one (without the brackets),
                // so `Message::parse` and `Batch::one` each have one call site (and are
                // inlined into it), not one for each shape.
                match top.first_byte {
                    b'{' => {}
                    b'[' => match era::check_batch_allowed(req) {
                        // (Any reason: `one` writes `fault` in its place.)
                        Err(e) => (refusal, fault) = (texts::R_EMPTY_BATCH, Some(e)),
                        Ok(()) if children.is_empty() => refusal = texts::R_EMPTY_BATCH,
                        Ok(()) => {
                            batch.out.raw(b"[");
                            in_batch = true;
                        }
                    },
                    _ => refusal = texts::R_NOT_OBJECT,
                }
            }
            // Valid JSON, but more messages or members than allowed: not a parse error.
            Err(ScanError::TooManyChildren) => refusal = texts::R_TOO_MANY_CHILDREN,
            Err(e) => {
                scan_fault(&mut batch.out, e);
                break 'refused;
            }
        }
        let mut elements = children.iter();
        let mut single = !in_batch;
        let (mut any, mut not_object) = (false, false);
        loop {
            let mark = batch.out.buf.len();
            // The next message's members; a batch element that is no object is
            // refused here.
            let members = if in_batch {
                let Some(child) = elements.next() else { break };
                if any {
                    batch.out.raw(b",");
                }
                let element = Value { buf: req.body, span: child.value };
                not_object = element.kind() != json::Kind::Object;
                Members::Element(element.members())
            } else {
                if !single {
                    break;
                }
                single = false;
                Members::Top { body: req.body, children: children.iter() }
            };
            let mut message = Message::EMPTY;
            let parsed = if refusal != jsonrpc::IS_MESSAGE {
                refusal
            } else if not_object {
                texts::R_BATCH_ELEMENT
            } else {
                Message::parse_into(members, &mut message)
            };
            // A single message that is not one is a 400 in JSON (`one` wrote its
            // refusal and set both; the loop ends after it); a batch element's reply
            // just says so.
            let replied = batch.one(parsed, &message, in_batch, fault.take());
            if replied {
                any = true;
            } else {
                batch.out.buf.truncate(mark);
            }
        }
        if !any {
            return reply::accepted();
        }
        if in_batch {
            batch.out.raw(b"]");
        }
        return reply::messages(batch.status, batch.accept, batch.notifications, batch.out.buf);
    }
    Response::json(400, batch.out.buf)
}

/// The state of answering one POST body (one message, or a batch).
struct Batch<'a> {
    req: &'a Request<'a>,
    env: &'a Host,
    out: Out,
    /// Notifications of every message so far, as SSE events.
    notifications: Vec<u8>,
    status: u16,
    /// The reply's allowed types: JSON alone after a single message's refusal.
    accept: Accept,
}

impl<'a> Batch<'a> {
    /// Handles one message as [`Message::parse_into`] classified it (`parsed`):
    /// [`jsonrpc::IS_MESSAGE`], `message` filled; [`jsonrpc::IS_REPLY`], a client's
    /// reply, which gets none; else the reason it is no message, or the body is refused
    /// (its error `fault`, when the reason alone does not say). Returns whether it wrote
    /// a reply into `out`.
    fn one(&mut self, parsed: texts::Reason, message: &Message, in_batch: bool, fault: Option<RpcError>) -> bool {
        let start = self.out.buf.len();
        // A request's error, a notification's, or an element's or the whole body's
        // refusal is written at one place.
        let (id, answered) = match (parsed, message) {
            (jsonrpc::IS_REPLY, _) => return false,
            (jsonrpc::IS_MESSAGE, &Message { id: Some(id), method, params }) => {
                let id = id.bytes();
                (id, self.request(id, method, params, in_batch))
            }
            // A notification's version problems get the same 400 a request's would.
            (jsonrpc::IS_MESSAGE, &Message { id: None, method, .. }) => match era::for_notification(self.req, method) {
                Ok(()) => return false,
                Err(e) => {
                    self.status = 400;
                    (jsonrpc::NULL_ID, Err(e))
                }
            },
            // A single message's refusal is a 400 in JSON, set here, before the error
            // is written, not by a test of `parsed` after it. Both that test and the
            // `Err` known here had LLVM copy the error writing into this arm: two calls
            // of `write_error`, so it stayed a function of its own. `black_box` hides
            // the `Err` (one store and load, on refusals only), so the one call left
            // is inlined.
            (reason, _) => {
                if !in_batch {
                    self.status = 400;
                    self.accept.json = true;
                }
                (jsonrpc::NULL_ID, core::hint::black_box(Err(fault.unwrap_or_else(|| invalid(reason)))))
            }
        };
        if let Err(e) = answered {
            self.out.buf.truncate(start);
            jsonrpc::write_error(&mut self.out, id, e);
        }
        true
    }

    /// Answers one request, writing its whole reply into `out`; an `Err` is
    /// written by the caller in place of anything written so far.
    fn request<'v>(&mut self, id: &[u8], method: &str, object: Option<Value<'v>>, in_batch: bool) -> Result<(), RpcError> {
        let mut params = Params::EMPTY;
        params.index(object)?;
        let known = mcp::known(method);
        if in_batch && known == mcp::Known::Initialize {
            return Err(invalid(texts::R_BATCHED_INITIALIZE));
        }
        let mut version = Version::V2025_11_25;
        era::for_request(self.req, method, known, &params, &mut version).inspect_err(|_| self.status = 400)?;
        let mut cx = Ctx {
            req: self.req,
            env: self.env,
            version,
            #[cfg(edge_notifications)]
            notifications: Vec::new(),
        };
        jsonrpc::begin_result(&mut self.out, id);
        let result_start = self.out.buf.len();
        if let Err(e) = mcp::answer(&mut cx, method, known, &params, &mut self.out) {
            if version.stateless() {
                self.status = stateless_status(e.code);
            }
            return Err(e);
        }
        if version.stateless() {
            mcp::mark_complete(&mut self.out, result_start);
        }
        jsonrpc::end(&mut self.out);
        // Only builds whose handlers send notifications have any; even there most
        // requests send none: no append (a copy call) for nothing.
        #[cfg(edge_notifications)]
        if !cx.notifications.is_empty() {
            crate::buf::extend(&mut self.notifications, &cx.notifications);
        }
        Ok(())
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

/// -32600 for `reason`. Inlined: a table read and a call of `RpcError::fixed` cost its
/// few callers less than a function of its own.
#[inline(always)]
fn invalid(reason: texts::Reason) -> RpcError {
    RpcError::fixed(INVALID_REQUEST, texts::INVALID_REQUEST, texts::REASONS[reason as usize & 15], "")
}

/// The body of the 400 for a body `scan` refused as a parse error, into `out`, empty
/// (valid JSON with more messages or members than allowed is not one: `handle` refuses
/// it as -32600). A parse error is written straight into the body:
/// its texts need no escaping and its offset is an integer, so no `RpcError`, no
/// digits string and no escaping pass (three allocations and ~400 instructions on
/// the path every malformed body takes), and the bytes are `write_error`'s.
fn scan_fault(out: &mut Out, e: ScanError) {
    let (what, at) = match e {
        ScanError::Syntax(at) => (texts::PARSE_SYNTAX, at),
        ScanError::InvalidUtf8(at) => (texts::PARSE_UTF8, at),
        ScanError::TooDeep(at) => (texts::PARSE_DEPTH, at),
        // Answered by `handle` as -32600 (never passed here).
        ScanError::TooManyChildren => (texts::PARSE_SYNTAX, 0),
    };
    out.raw(jsonrpc::PARSE_ERROR_HEAD.as_bytes());
    out.raw(what.as_bytes()).int(at as i64).raw(b"\"}}");
}
