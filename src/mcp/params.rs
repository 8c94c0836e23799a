//! Typed access to a request's `params`, with -32602 for anything malformed.

use alloc::borrow::Cow;

use crate::json::{Kind, Value};
use crate::jsonrpc::RpcError;

/// A request's `params` object (absent params behave like `{}`).
#[derive(Clone, Copy)]
pub struct Params<'a>(pub Option<Value<'a>>);

impl<'a> Params<'a> {
    pub fn get(&self, key: &str) -> Result<Option<Value<'a>>, RpcError> {
        match self.0 {
            Some(v) => v.get(key).map_err(|_| RpcError::invalid_params("duplicate key in params")),
            None => Ok(None),
        }
    }

    /// A string member; present but not a string is -32602.
    pub fn str(&self, key: &'static str) -> Result<Option<Cow<'a, str>>, RpcError> {
        match self.get(key)? {
            None => Ok(None),
            Some(v) => match v.str() {
                Some(s) => Ok(Some(s)),
                None => Err(must_be(key, "a string")),
            },
        }
    }

    /// A required string member.
    pub fn required_str(&self, key: &'static str) -> Result<Cow<'a, str>, RpcError> {
        self.str(key)?.ok_or_else(|| must_be(key, "a string"))
    }

    /// An object member (absent is `None`).
    pub fn object(&self, key: &'static str) -> Result<Option<Value<'a>>, RpcError> {
        match self.get(key)? {
            Some(v) if v.kind() == Kind::Object => Ok(Some(v)),
            Some(_) => Err(must_be(key, "an object")),
            None => Ok(None),
        }
    }
}

fn must_be(key: &'static str, what: &'static str) -> RpcError {
    let mut message = alloc::string::String::from("Invalid params: \"");
    message.push_str(key);
    message.push_str("\" must be ");
    message.push_str(what);
    RpcError::invalid_params(message)
}
