//! Typed access to a request's `params`, with -32602 for anything malformed.
//!
//! The members are walked once, when the request arrives, into a short list of
//! `(decoded key, value)` pairs; every lookup after that is a scan of a handful of
//! entries, not another walk over the body. Duplicate keys are refused at that
//! point, so lookups never have to decide which occurrence wins. Each key is
//! decoded once there (escapes are rare: almost always borrowed), so neither the
//! duplicate test nor a lookup decodes anything again.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::json::{text, Kind, Value};
use crate::jsonrpc::{texts, RpcError, INVALID_PARAMS};

/// A request's `params` object (absent params behave like `{}`).
pub struct Params<'a> {
    members: Vec<(Cow<'a, str>, Value<'a>)>,
}

impl<'a> Params<'a> {
    /// Indexes an object's members; a key that appears twice is -32602.
    pub fn of(object: Option<Value<'a>>) -> Result<Params<'a>, RpcError> {
        let mut members: Vec<(Cow<'a, str>, Value<'a>)> = Vec::new();
        for (key, value) in super::members_of(object) {
            let key = text::unescape(key);
            if members.iter().any(|(k, _)| crate::bytes::same(k, &key)) {
                return Err(super::duplicate_key(const { crate::bytes::within(texts::PARAMS_TYPE, "params") }));
            }
            crate::buf::push(&mut members, (key, value));
        }
        Ok(Params { members })
    }

    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// A string member; present but not a string is -32602. (Unescaped, see [`leak`].)
    pub fn str(&self, key: &'static str) -> Result<Option<&'a str>, RpcError> {
        // Present: what `required_str` decides (the same refusal), not a second copy of
        // its test and message.
        match self.get(key) {
            None => Ok(None),
            Some(_) => self.required_str(key).map(Some),
        }
    }

    /// A required string member.
    pub fn required_str(&self, key: &'static str) -> Result<&'a str, RpcError> {
        // Absent and not a string fail alike: one test, no second Result to unwrap.
        self.get(key).and_then(|v| v.str()).map(leak).ok_or_else(|| must_be(key, texts::MUST_BE_STRING))
    }

    /// An object member (absent is `None`).
    pub fn object(&self, key: &'static str) -> Result<Option<Value<'a>>, RpcError> {
        match self.get(key) {
            Some(v) if v.kind() == Kind::Object => Ok(Some(v)),
            Some(_) => Err(must_be(key, texts::MUST_BE_OBJECT)),
            None => Ok(None),
        }
    }
}

/// -32602 naming the member and the rule (`texts::MUST_BE_*`, `texts::IS_REQUIRED`).
pub fn must_be(key: &'static str, rule: &'static str) -> RpcError {
    RpcError::compose(INVALID_PARAMS, texts::INVALID_PARAMS, Cow::Borrowed(key), rule)
}

/// A decoded string as a plain borrow, so callers need no `Cow`. An unescaped (owned)
/// one is kept for as long as the instance lives (`keep`).
pub fn leak<'a>(s: Cow<'a, str>) -> &'a str {
    match s {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => keep(s),
    }
}

/// In the module, leaked: the bump allocator never frees (its `dealloc` does nothing)
/// and the instance ends with the request, so this costs nothing. (The comparison
/// allocators do free, but their memory ends with the instance too.)
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn keep<'a>(s: alloc::string::String) -> &'a str {
    s.leak()
}

/// Natively (tests, fuzzing) one process serves many requests and the allocator frees,
/// so a leak would be a real one, and LeakSanitizer fails the fuzz run on it. The
/// strings are kept in a per-thread list instead: reachable, dropped only with the thread,
/// a few bytes per escaped parameter.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn keep<'a>(s: alloc::string::String) -> &'a str {
    std::thread_local! {
        static KEPT: core::cell::RefCell<alloc::vec::Vec<alloc::string::String>> =
            const { core::cell::RefCell::new(alloc::vec::Vec::new()) };
    }
    let text: *const str = s.as_str();
    KEPT.with(|kept| kept.borrow_mut().push(s));
    // SAFETY: the text lives in the String's own heap block, which moving the String
    // into the list does not move, and the list drops its Strings only with the thread.
    unsafe { &*text }
}
