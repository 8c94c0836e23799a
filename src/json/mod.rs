//! JSON in and out, without a DOM.
//!
//! * [`scan`] validates a body in one pass and finds the top-level members.
//! * [`Cursor`] walks members and elements of an already-validated value, skipping
//!   what it does not need; lookups never allocate.
//! * [`text`] decodes string escapes and reads numbers, only for the values used.
//! * [`utf8`] checks UTF-8 where it can be wrong.
//! * [`write`] emits JSON.

pub mod scan;
pub mod text;
pub mod utf8;
pub mod write;

pub use scan::{scan, ScanError, TopLevel};
pub use write::Out;

/// A byte range into the request body. Every parsed value is one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const EMPTY: Span = Span { start: 0, end: 0 };

    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// The JSON type of a value, read from its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

/// A validated value inside a body: the body and the value's span.
#[derive(Debug, Clone, Copy)]
pub struct Value<'a> {
    pub buf: &'a [u8],
    pub span: Span,
}

/// A key appears twice in one object. Lookups report this rather than pick one
/// occurrence, because two parsers picking differently is how smuggling starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DuplicateKey;

impl<'a> Value<'a> {
    pub fn bytes(&self) -> &'a [u8] {
        crate::bytes::range(self.buf, self.span.start, self.span.end)
    }

    pub fn kind(&self) -> Kind {
        match self.first() {
            b'{' => Kind::Object,
            b'[' => Kind::Array,
            b'"' => Kind::String,
            b't' | b'f' => Kind::Bool,
            b'n' => Kind::Null,
            _ => Kind::Number,
        }
    }

    /// The first byte alone, without slicing the whole span (called for every
    /// lookup), or 0 for an empty span. Those that want one kind compare it
    /// themselves: cheaper than a call to [`Value::kind`] and a compare of its answer.
    #[inline(always)]
    fn first(&self) -> u8 {
        if self.span.start < self.span.end { scan::at(self.buf, self.span.start) } else { 0 }
    }

    /// The raw contents of a string value (between the quotes, escapes undecoded).
    pub fn raw_str(&self) -> Option<&'a [u8]> {
        match self.first() {
            b'"' => Some(crate::bytes::range(self.buf, self.span.start + 1, self.span.end - 1)),
            _ => None,
        }
    }

    /// The decoded contents of a string value.
    pub fn str(&self) -> Option<alloc::borrow::Cow<'a, str>> {
        self.raw_str().map(text::unescape)
    }

    /// The members of an object value (empty for anything else).
    pub fn members(&self) -> Cursor<'a> {
        Cursor::open(*self, b'{')
    }

    /// The elements of an array value (empty for anything else).
    pub fn elements(&self) -> Cursor<'a> {
        Cursor::open(*self, b'[')
    }

    /// The value of member `key` of an object; `Ok(None)` when absent or not an object.
    pub fn get(&self, key: &str) -> Result<Option<Value<'a>>, DuplicateKey> {
        let mut found = None;
        for (k, v) in self.members() {
            if text::raw_eq(k, key) {
                if found.is_some() {
                    return Err(DuplicateKey);
                }
                found = Some(v);
            }
        }
        Ok(found)
    }
}

/// Iterates the members (`(raw key, value)`) or elements (`(b"", value)`) of a value
/// that [`scan`] has already validated, so it only has to find where values end.
pub struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
    end: usize,
    object: bool,
}

impl<'a> Cursor<'a> {
    /// A cursor over `value` if it opens with `bracket`, else an empty one.
    fn open(value: Value<'a>, bracket: u8) -> Cursor<'a> {
        let matches = value.first() == bracket;
        let pos = if matches { value.span.start + 1 } else { value.span.end };
        Cursor { buf: value.buf, pos, end: value.span.end, object: bracket == b'{' }
    }
}

impl<'a> Iterator for Cursor<'a> {
    type Item = (&'a [u8], Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let buf = self.buf;
        let mut pos = scan::skip_ws(buf, self.pos);
        if pos >= self.end || matches!(scan::at(buf, pos), 0 | b'}' | b']') {
            self.pos = self.end;
            return None;
        }
        let mut key: &'a [u8] = b"";
        if self.object {
            let key_end = skip_value(buf, pos);
            key = crate::bytes::range(buf, pos + 1, key_end.wrapping_sub(1));
            pos = scan::skip_ws(buf, key_end) + 1; // past ':'
            pos = scan::skip_ws(buf, pos);
        }
        let value_end = skip_value(buf, pos);
        let value = Value { buf, span: Span::new(pos, value_end) };
        pos = scan::skip_ws(buf, value_end);
        if scan::at(buf, pos) == b',' {
            pos += 1;
        }
        self.pos = pos;
        Some((key, value))
    }
}

/// Where the validated value starting at `pos` ends. Containers are skipped by
/// counting brackets outside strings: no recursion, and no re-validation.
fn skip_value(buf: &[u8], mut pos: usize) -> usize {
    let mut depth = 0usize;
    loop {
        let byte = match buf.get(pos) {
            Some(&b) => b,
            None => return buf.len(), // unreachable for validated input
        };
        // Or-ed with 0x20, '[' is '{' and ']' is '}'; the control characters that would
        // also become a quote cannot stand outside a string in validated JSON.
        match byte | 0x20 {
            b'"' => {
                pos += 1;
                // Plain runs a word at a time; what ends one is a quote, an escape
                // (skipped whole) or any other byte (stepped over).
                loop {
                    pos = scan::plain_run(buf, pos);
                    match buf.get(pos) {
                        Some(b'"') | None => break,
                        Some(&b) => pos += 1 + (b == b'\\') as usize,
                    }
                }
                pos += 1;
            }
            b'{' => {
                depth += 1;
                pos += 1;
            }
            b'}' => {
                depth = depth.wrapping_sub(1);
                pos += 1;
            }
            _ if depth == 0 => {
                // A scalar: it ends at the first structural byte or whitespace. (Only
                // those can follow one in validated JSON, so: anything at or below a
                // space, a comma, or a closing bracket, which is ']' or '}' once or-ed
                // with 0x20.)
                while let Some(&b) = buf.get(pos) {
                    if b <= b' ' || b == b',' || b | 0x20 == b'}' {
                        break;
                    }
                    pos += 1;
                }
                return pos;
            }
            _ => pos += 1,
        }
        if depth == 0 {
            return pos;
        }
    }
}
