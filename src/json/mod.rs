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
#[repr(u8)]
pub enum Kind {
    Object = 0,
    Array = 1,
    String = 2,
    Number = 3,
    Bool = 4,
    Null = 5,
}

/// [`Value::kind`]'s table: the kind of each first byte's bits 3..7, which tell the
/// first bytes of JSON values apart ('{' 15, '[' 11, '"' 4, 't' 14, 'f' 12, 'n' 13;
/// '-' and digits 5 to 7, and the 0 read past the end of the body, are numbers, like
/// every slot no first byte has). A byte each: one load, where four bits each of one `u64` took a
/// ten-byte constant and a wide shift.
const KIND_TABLE: [Kind; 32] = {
    let firsts = [(b'{', Kind::Object), (b'[', Kind::Array), (b'"', Kind::String), (b't', Kind::Bool), (b'f', Kind::Bool), (b'n', Kind::Null)];
    let mut table = [Kind::Number; 32];
    let mut i = 0;
    while i < firsts.len() {
        table[(firsts[i].0 >> 3) as usize] = firsts[i].1;
        i += 1;
    }
    table
};

/// What [`Value::word`] packs: the span's bytes, a string's raw contents, or its
/// decoded text.
#[cfg(target_pointer_width = "32")]
const WORD_BYTES: u32 = 0;
#[cfg(target_pointer_width = "32")]
const WORD_RAW_STR: u32 = 1;
#[cfg(target_pointer_width = "32")]
const WORD_STR: u32 = 2;

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
    /// With 32-bit pointers (the module), inlined over [`Value::word`]: a slice
    /// comes back from a call through memory, a `u64` in one register.
    #[inline(always)]
    pub fn bytes(&self) -> &'a [u8] {
        #[cfg(target_pointer_width = "32")]
        // SAFETY: the word is a slice of `self.buf`, which lives for `'a`, packed.
        return unsafe { crate::bytes::unpack_some(self.word(WORD_BYTES)) };
        #[cfg(not(target_pointer_width = "32"))]
        self.bytes_lookup()
    }

    /// The span's bytes.
    #[cfg(not(target_pointer_width = "32"))]
    fn bytes_lookup(&self) -> &'a [u8] {
        crate::bytes::range(self.buf, self.span.start, self.span.end)
    }

    /// [`Value::bytes`], [`Value::raw_str`] or [`Value::str`] (as `how` names) packed
    /// into one word ([`crate::bytes::pack`]). One function for the three: each of
    /// its own cost a function's frame and calls the others duplicated.
    /// (`how` a `u32`, not a `u8`: a byte argument is masked to eight bits in the body.)
    #[cfg(target_pointer_width = "32")]
    #[inline(never)]
    fn word(&self, how: u32) -> u64 {
        // A string's contents are its span less a quote at each end.
        let cut = (how != WORD_BYTES) as usize;
        if cut == 1 && self.first() != b'"' {
            return 0;
        }
        let bytes = crate::bytes::range(self.buf, self.span.start + cut, self.span.end.wrapping_sub(cut));
        if how != WORD_STR {
            return crate::bytes::pack(Some(bytes));
        }
        crate::bytes::pack(Some(text::leak(text::unescape(bytes)).as_bytes()))
    }

    /// The kind of a validated value (or `Number` for a span at the end of the body), read from
    /// [`KIND_TABLE`]: a chain of compares cost about 90 bytes more.
    pub fn kind(&self) -> Kind {
        KIND_TABLE[(self.first() >> 3) as usize]
    }

    /// The first byte alone, without slicing the whole span (called for every
    /// lookup), or 0 past the end of the body. Those that want one kind compare it
    /// themselves: cheaper than a call to [`Value::kind`] and a compare of its answer.
    /// The span's end is not tested: every value comes from a validated body (the
    /// scan's children and the cursor's values), and no valid value is empty.
    #[inline(always)]
    fn first(&self) -> u8 {
        scan::at(self.buf, self.span.start)
    }

    /// The raw contents of a string value (between the quotes, escapes undecoded).
    /// With 32-bit pointers (the module), inlined over [`Value::word`]: one word back
    /// from the call, not an `Option` through memory (see [`crate::bytes::pack`]).
    #[inline(always)]
    pub fn raw_str(&self) -> Option<&'a [u8]> {
        #[cfg(target_pointer_width = "32")]
        // SAFETY: the word is a slice of `self.buf`, which lives for `'a`, packed.
        return unsafe { crate::bytes::unpack(self.word(WORD_RAW_STR)) };
        #[cfg(not(target_pointer_width = "32"))]
        self.raw_str_lookup()
    }

    /// The lookup itself (natively; [`Value::word`] in the module, alike).
    #[cfg(not(target_pointer_width = "32"))]
    fn raw_str_lookup(&self) -> Option<&'a [u8]> {
        match self.first() {
            b'"' => Some(crate::bytes::range(self.buf, self.span.start + 1, self.span.end.wrapping_sub(1))),
            _ => None,
        }
    }

    /// The decoded contents of a string value, as a plain borrow: an unescaped copy is
    /// kept for as long as the instance (see [`text::leak`]), so no caller carries a
    /// `Cow` or tells its two cases apart.
    /// With 32-bit pointers (the module), inlined over [`Value::word`], as `raw_str`.
    #[inline(always)]
    pub fn str(&self) -> Option<&'a str> {
        #[cfg(target_pointer_width = "32")]
        // SAFETY: the word is the decoded `&'a str` packed, so its bytes are UTF-8
        // and live for `'a`.
        return unsafe { crate::bytes::unpack(self.word(WORD_STR)).map(|b| core::str::from_utf8_unchecked(b)) };
        #[cfg(not(target_pointer_width = "32"))]
        self.raw_str_lookup().map(|raw| text::leak(text::unescape(raw)))
    }

    /// The members of an object value (empty for anything else). Never inlined: a
    /// caller that inlines it builds the cursor in its own frame, at more bytes than
    /// the call.
    #[inline(never)]
    pub fn members(&self) -> Cursor<'a> {
        Cursor::open(*self, b'{')
    }

    /// The elements of an array value (empty for anything else).
    pub fn elements(&self) -> Cursor<'a, false> {
        Cursor::open(*self, b'[')
    }

    /// The value of member `key` of an object; `Ok(None)` when absent or not an object.
    /// Inlined over [`Value::get_into`]: the value is written to the caller's slot and
    /// only a flag comes back, not a `Result<Option<Value>>` through memory.
    #[inline(always)]
    pub fn get(&self, key: &str) -> Result<Option<Value<'a>>, DuplicateKey> {
        let mut found = None;
        if self.get_into(key, &mut found) { Err(DuplicateKey) } else { Ok(found) }
    }

    /// [`Value::get`]'s lookup into `found`; true when `key` appears twice.
    #[inline(never)]
    pub fn get_into(&self, key: &str, found: &mut Option<Value<'a>>) -> bool {
        for (k, v) in self.members() {
            if text::raw_eq(k, key) {
                if found.is_some() {
                    return true;
                }
                *found = Some(v);
            }
        }
        false
    }
}

/// Iterates the members (`(raw key, value)`) or elements (`(b"", value)`) of a value
/// that [`scan`] has already validated, so it only has to find where values end.
/// Which of the two is in the type (`OBJECT`), not a field: the module walks only
/// members (a batch's elements are the scan's children), so its one `next` has no
/// test for keys and its cursors no flag to store.
pub struct Cursor<'a, const OBJECT: bool = true> {
    buf: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a, const OBJECT: bool> Cursor<'a, OBJECT> {
    /// A cursor over `value` if it opens with `bracket`, else an empty one. Inlined
    /// into `members` and `elements`: built in their answer, not copied from a second.
    #[inline(always)]
    fn open(value: Value<'a>, bracket: u8) -> Cursor<'a, OBJECT> {
        // `end` is kept within `buf` (a span from a scan always is; one built by hand
        // is cut to it), so `next` reads the byte at any `pos < end` unchecked.
        let end = value.span.end.min(value.buf.len());
        let matches = value.first() == bracket;
        let pos = if matches { value.span.start + 1 } else { end };
        Cursor { buf: value.buf, pos, end }
    }
}

impl<'a, const OBJECT: bool> Iterator for Cursor<'a, OBJECT> {
    type Item = (&'a [u8], Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let buf = self.buf;
        let mut pos = scan::skip_ws(buf, self.pos);
        // A closing bracket is '}' or ']', alike once or-ed with 0x20 (validated: no NUL
        // or other byte before `end` stands where a value should).
        // SAFETY: `pos < self.end <= buf.len()` (`open`) when the byte is read.
        if pos >= self.end || unsafe { *buf.get_unchecked(pos) } | 0x20 == b'}' {
            self.pos = self.end;
            return None;
        }
        let mut key: &'a [u8] = b"";
        if OBJECT {
            // A key is a string: skipped as one, without `skip_value`'s dispatch.
            let key_end = skip_string(buf, pos);
            // `key_end` is past the closing quote, so at least `pos + 2`, or a refusal
            // (with `BAD_STRING`, past the end): cut to `buf`, the key is in it.
            // SAFETY: `pos + 1 <= buf.len()` (above), and `pos + 1 <= key_end - 1`.
            key = unsafe { buf.get_unchecked(pos + 1..(key_end - 1).min(buf.len())) };
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

/// Where the validated string whose opening quote is at `pos` ends (past its closing
/// quote): the scanner's own [`scan::string`], which on validated input never refuses
/// (a second loop of its own, skipping escapes unchecked, cost about 110 bytes more).
/// Its refusal, on a span no scan validated, is taken as it comes, an offset past the
/// end (with `scan::BAD_STRING` added): every read from there is out of range and
/// empty, and the cursor ends.
fn skip_string(buf: &[u8], pos: usize) -> usize {
    scan::string(buf, pos)
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
            b'"' => pos = skip_string(buf, pos),
            b'{' => {
                depth += 1;
                pos += 1;
            }
            b'}' => {
                depth = depth.wrapping_sub(1);
                pos += 1;
            }
            _ if depth == 0 => {
                // A scalar: it ends at the first structural byte or whitespace
                // ([`scan::ENDS_SCALAR`]).
                while let Some(&b) = buf.get(pos) {
                    if scan::BYTE_CLASS[b as usize] & scan::ENDS_SCALAR != 0 {
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

#[cfg(test)]
mod tests {
    use super::{Kind, Span, Value};

    /// A span no scan made, ending past its buffer or over a broken key, is cut to
    /// the buffer: the cursor reads nothing outside it.
    #[test]
    fn members_of_a_span_past_the_buffer() {
        for text in [&b"{\"a\":1"[..], b"{\"a", b"{\"\x01\":1}", b"{"] {
            for end in [text.len(), text.len() + 5, usize::MAX] {
                let value = Value { buf: text, span: Span::new(0, end) };
                for (key, v) in value.members() {
                    assert!(key.len() <= text.len(), "{text:?}");
                    let _ = v.kind();
                }
            }
        }
    }

    /// The table gives every first byte a validated value can have its kind.
    #[test]
    fn kind_of_every_first_byte() {
        let cases: [(&[u8], Kind); 9] = [
            (b"{}", Kind::Object),
            (b"[]", Kind::Array),
            (b"\"a\"", Kind::String),
            (b"true", Kind::Bool),
            (b"false", Kind::Bool),
            (b"null", Kind::Null),
            (b"-1", Kind::Number),
            (b"", Kind::Number),
            (b"0", Kind::Number),
        ];
        for (text, kind) in cases {
            assert_eq!(Value { buf: text, span: Span::new(0, text.len()) }.kind(), kind, "{text:?}");
        }
        for digit in b'0'..=b'9' {
            assert_eq!(Value { buf: &[digit], span: Span::new(0, 1) }.kind(), Kind::Number);
        }
    }
}
