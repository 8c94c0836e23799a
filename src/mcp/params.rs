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
    /// No members yet: [`Params::index`] fills it.
    pub const EMPTY: Params<'a> = Params { members: Vec::new() };

    /// [`Params::index`] into a new list (for tests).
    #[cfg(test)]
    pub fn of(object: Option<Value<'a>>) -> Result<Params<'a>, RpcError> {
        let mut params = Params::EMPTY;
        params.index(object).map(|()| params)
    }

    /// Indexes an object's members into this (empty) list; a key that appears twice
    /// is -32602. The list is filled in place and only the one-word error comes
    /// back, not a `Result<Params>` through memory.
    pub fn index(&mut self, object: Option<Value<'a>>) -> Result<(), RpcError> {
        let members = &mut self.members;
        for (key, value) in super::members_of(object) {
            let key = text::unescape(key);
            if members.iter().any(|(k, _)| crate::bytes::same(k, &key)) {
                return Err(super::duplicate_key(const { crate::bytes::within(texts::PARAMS_TYPE, "params") }));
            }
            crate::buf::push(members, (key, value));
        }
        Ok(())
    }

    /// The member's value where it is stored: a reference comes back from the call in
    /// one word (null for `None`), a four-word `Option<Value>` through memory.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A string member; present but not a string is -32602. (Decoded, see [`crate::json::text::leak`].)
    pub fn str(&self, key: &'static str) -> Result<Option<&'a str>, RpcError> {
        // Present: what `required_str` decides (the same refusal), not a second copy of
        // its test and message.
        match self.get(key) {
            None => Ok(None),
            Some(_) => self.required_str(key).map(Some),
        }
    }

    /// A required string member.
    /// With 32-bit pointers (the module), inlined over [`Params::required_str_word`]:
    /// a `Result` comes back from a call through memory, a `u64` in one register.
    #[inline(always)]
    pub fn required_str(&self, key: &'static str) -> Result<&'a str, RpcError> {
        #[cfg(target_pointer_width = "32")]
        {
            let word = self.required_str_word(key);
            let (low, high) = (word as u32, (word >> 32) as u32);
            // SAFETY: `required_str_word` packs either the string (its pointer, never
            // null, and length; a `&'a str`, so UTF-8 that lives for `'a`) or, under a
            // null low half, the error's box, unpacked here once.
            return unsafe {
                match low {
                    0 => Err(RpcError::from_word(high)),
                    _ => Ok(core::str::from_utf8_unchecked(core::slice::from_raw_parts(low as usize as *const u8, high as usize))),
                }
            };
        }
        #[cfg(not(target_pointer_width = "32"))]
        self.required_str_lookup(key)
    }

    /// [`Params::required_str`] as one word: the string's pointer low and length high,
    /// or 0 low and the error's box high.
    #[cfg(target_pointer_width = "32")]
    #[inline(never)]
    fn required_str_word(&self, key: &'static str) -> u64 {
        match self.required_str_lookup(key) {
            Ok(s) => crate::bytes::pack(Some(s.as_bytes())),
            Err(e) => (e.into_word() as u64) << 32,
        }
    }

    /// The lookup itself.
    #[inline(always)]
    fn required_str_lookup(&self, key: &'static str) -> Result<&'a str, RpcError> {
        // Absent and not a string fail alike: one test, no second Result to unwrap.
        self.get(key).and_then(|v| v.str()).ok_or_else(|| must_be(key, texts::MUST_BE_STRING))
    }

    /// An object member (absent is `None`).
    pub fn object(&self, key: &'static str) -> Result<Option<Value<'a>>, RpcError> {
        match self.get(key) {
            Some(v) if v.kind() == Kind::Object => Ok(Some(*v)),
            Some(_) => Err(must_be(key, texts::MUST_BE_OBJECT)),
            None => Ok(None),
        }
    }
}

/// -32602 naming the member and the rule (`texts::MUST_BE_*`, `texts::IS_REQUIRED`).
pub fn must_be(key: &'static str, rule: &'static str) -> RpcError {
    RpcError::fixed(INVALID_PARAMS, texts::INVALID_PARAMS, key, rule)
}
