//! The one-pass validator.
//!
//! [`scan`] walks a JSON text exactly once, without recursion, and rejects everything
//! RFC 8259 rejects. While it walks it records the spans of the top-level container's
//! direct children, which is all the JSON-RPC layer needs: the envelope keys of a
//! message, or the elements of a batch. Nothing else is materialised; nested values
//! are found later by [`crate::json::Cursor`], which skips already-validated bytes.
//!
//! Nesting is tracked in a `u64` bit stack (1 = object, 0 = array), so the depth
//! limit is also the width of that word: [`MAX_DEPTH`] levels, no heap, no stack
//! growth, whatever the input. UTF-8 is checked inside strings (see [`super::utf8`]).

use super::Span;

/// Deepest nesting accepted. A JSON-RPC message needs a handful of levels; tool
/// schemas rarely exceed ten. Deeper input is refused as hostile, not parsed.
pub const MAX_DEPTH: u32 = 64;

/// Most direct children recorded for the top-level container: the members of one
/// message (a few) or the messages of one batch. See `crate::limits`.
pub const MAX_TOP_LEVEL: usize = crate::limits::MAX_BATCH_LEN;

/// Why a body is not acceptable JSON. The byte offset points at the offending byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanError {
    Syntax(usize),
    InvalidUtf8(usize),
    TooDeep(usize),
    TooManyChildren,
}

/// One direct child of the top-level value. `key` is the raw key (between the quotes,
/// escapes undecoded) when the top level is an object, and empty for an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Child {
    pub key: Span,
    pub value: Span,
}

/// What [`scan`] found: the kind of the top-level value and its direct children.
#[derive(Debug, PartialEq, Eq)]
pub struct TopLevel {
    pub first_byte: u8,
    pub value: Span,
    pub children: alloc::vec::Vec<Child>,
}

/// Validates `buf` as one JSON text and records the top-level container's children.
pub fn scan(buf: &[u8]) -> Result<TopLevel, ScanError> {
    // A body that is not UTF-8 is refused for that, at its first invalid byte, whatever
    // else is wrong with it: the only case the scan below cannot tell is an error it
    // found before that byte, so only a refused body is searched.
    scan_utf8_in_strings(buf).map_err(|e| match super::utf8::first_invalid(buf) {
        Some(at) => ScanError::InvalidUtf8(at),
        None => e,
    })
}

/// The scan proper. Outside strings every byte of valid JSON is ASCII; inside them a
/// byte of 0x80 or more must start a valid UTF-8 sequence. So a body it accepts is UTF-8.
fn scan_utf8_in_strings(buf: &[u8]) -> Result<TopLevel, ScanError> {
    let mut children = alloc::vec::Vec::new();
    let mut stack: u64 = 0;
    let mut depth: u32 = 0;
    let mut pos = skip_ws(buf, 0);
    let top_start = pos;
    let first_byte = *buf.get(pos).ok_or(ScanError::Syntax(pos))?;
    let mut key = Span::EMPTY;
    let mut child_start = 0;
    let mut too_many = false;
    'value: loop {
        // A value starts at `pos`.
        if depth == 1 {
            child_start = pos;
        }
        match buf.get(pos).copied() {
            Some(open @ (b'{' | b'[')) => {
                let is_object = open == b'{';
                if depth == MAX_DEPTH {
                    return Err(ScanError::TooDeep(pos));
                }
                stack = (stack << 1) | is_object as u64;
                depth += 1;
                pos = skip_ws(buf, pos + 1);
                let close = if is_object { b'}' } else { b']' };
                if buf.get(pos) == Some(&close) {
                    stack >>= 1;
                    depth -= 1;
                    pos += 1;
                } else if is_object {
                    pos = member_key(buf, pos, depth, &mut key)?;
                    continue 'value;
                } else {
                    continue 'value;
                }
            }
            Some(b'"') => pos = string(buf, pos)?,
            Some(b't') => pos = literal(buf, pos, b"true")?,
            Some(b'f') => pos = literal(buf, pos, b"false")?,
            Some(b'n') => pos = literal(buf, pos, b"null")?,
            Some(b'-') | Some(b'0'..=b'9') => pos = number(buf, pos)?,
            _ => return Err(ScanError::Syntax(pos)),
        }
        // A value ended at `pos`; close containers until one wants another element.
        loop {
            if depth == 1 {
                // Past the limit, keep validating (so that invalid JSON is still a
                // syntax error) but record nothing more.
                if children.len() == MAX_TOP_LEVEL {
                    too_many = true;
                } else {
                    children.push(Child { key, value: Span::new(child_start, pos) });
                }
                key = Span::EMPTY;
            }
            if depth == 0 {
                let end = pos;
                pos = skip_ws(buf, pos);
                if pos != buf.len() {
                    return Err(ScanError::Syntax(pos));
                }
                if too_many {
                    return Err(ScanError::TooManyChildren);
                }
                return Ok(TopLevel { first_byte, value: Span::new(top_start, end), children });
            }
            pos = skip_ws(buf, pos);
            let in_object = stack & 1 == 1;
            match (buf.get(pos).copied(), in_object) {
                (Some(b','), _) => {
                    pos = skip_ws(buf, pos + 1);
                    if in_object {
                        pos = member_key(buf, pos, depth, &mut key)?;
                    }
                    continue 'value;
                }
                (Some(b'}'), true) | (Some(b']'), false) => {
                    stack >>= 1;
                    depth -= 1;
                    pos += 1;
                }
                _ => return Err(ScanError::Syntax(pos)),
            }
        }
    }
}

/// Reads `"key" :` and leaves `pos` at the start of the member's value.
fn member_key(buf: &[u8], pos: usize, depth: u32, key: &mut Span) -> Result<usize, ScanError> {
    if buf.get(pos) != Some(&b'"') {
        return Err(ScanError::Syntax(pos));
    }
    let end = string(buf, pos)?;
    if depth == 1 {
        *key = Span::new(pos + 1, end - 1);
    }
    let colon = skip_ws(buf, end);
    if buf.get(colon) != Some(&b':') {
        return Err(ScanError::Syntax(colon));
    }
    Ok(skip_ws(buf, colon + 1))
}

pub(crate) fn skip_ws(buf: &[u8], mut pos: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = buf.get(pos) {
        pos += 1;
    }
    pos
}

fn literal(buf: &[u8], pos: usize, word: &[u8]) -> Result<usize, ScanError> {
    match buf.get(pos..pos + word.len()) {
        Some(found) if found == word => Ok(pos + word.len()),
        _ => Err(ScanError::Syntax(pos)),
    }
}

/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
fn number(buf: &[u8], mut pos: usize) -> Result<usize, ScanError> {
    if buf.get(pos) == Some(&b'-') {
        pos += 1;
    }
    match buf.get(pos) {
        Some(b'0') => pos += 1,
        Some(b'1'..=b'9') => pos = digits(buf, pos),
        _ => return Err(ScanError::Syntax(pos)),
    }
    if buf.get(pos) == Some(&b'.') {
        pos = at_least_one_digit(buf, pos + 1)?;
    }
    if let Some(b'e' | b'E') = buf.get(pos) {
        pos += 1;
        if let Some(b'+' | b'-') = buf.get(pos) {
            pos += 1;
        }
        pos = at_least_one_digit(buf, pos)?;
    }
    Ok(pos)
}

fn digits(buf: &[u8], mut pos: usize) -> usize {
    while let Some(b'0'..=b'9') = buf.get(pos) {
        pos += 1;
    }
    pos
}

fn at_least_one_digit(buf: &[u8], pos: usize) -> Result<usize, ScanError> {
    let end = digits(buf, pos);
    if end == pos {
        return Err(ScanError::Syntax(pos));
    }
    Ok(end)
}

/// Validates the string starting at the quote at `pos`; returns the index after the
/// closing quote. Control characters, unknown escapes and unpaired surrogate escapes
/// are errors, and so is a byte that does not start a valid UTF-8 sequence.
fn string(buf: &[u8], mut pos: usize) -> Result<usize, ScanError> {
    pos += 1;
    loop {
        // Run over plain ASCII in one tight loop; stop at a quote, an escape, a control
        // character or a non-ASCII byte (or the end). One compare for the last two:
        // b < 0x20 or b >= 0x80 is (b - 0x20) mod 256 >= 0x60.
        let rest = buf.get(pos..).unwrap_or(&[]);
        pos += rest.iter().position(|&b| b == b'"' || b == b'\\' || b.wrapping_sub(0x20) >= 0x60).unwrap_or(rest.len());
        match buf.get(pos).copied() {
            None => return Err(ScanError::Syntax(pos)),
            Some(b'"') => return Ok(pos + 1),
            Some(0..=0x1f) => return Err(ScanError::Syntax(pos)),
            Some(0x80..=0xff) => pos += super::utf8::char_len(buf, pos).ok_or(ScanError::InvalidUtf8(pos))?,
            Some(b'\\') => {
                match buf.get(pos + 1).copied() {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => pos += 2,
                    Some(b'u') => {
                        let unit = hex4(buf, pos + 2).ok_or(ScanError::Syntax(pos))?;
                        pos += 6;
                        match unit {
                            0xD800..=0xDBFF => {
                                // A high surrogate must be followed by a low one.
                                let low = match buf.get(pos..pos + 2) {
                                    Some(b"\\u") => hex4(buf, pos + 2),
                                    _ => None,
                                };
                                match low {
                                    Some(0xDC00..=0xDFFF) => pos += 6,
                                    _ => return Err(ScanError::Syntax(pos)),
                                }
                            }
                            0xDC00..=0xDFFF => return Err(ScanError::Syntax(pos.wrapping_sub(6))),
                            _ => {}
                        }
                    }
                    _ => return Err(ScanError::Syntax(pos)),
                }
            }
            Some(_) => pos += 1,
        }
    }
}

/// The value of four hex digits at `pos`, if they are there.
pub(crate) fn hex4(buf: &[u8], pos: usize) -> Option<u32> {
    let digits = buf.get(pos..pos + 4)?;
    let mut value = 0;
    for &d in digits {
        let nibble = match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'f' => d - b'a' + 10,
            b'A'..=b'F' => d - b'A' + 10,
            _ => return None,
        };
        value = value << 4 | nibble as u32;
    }
    Some(value)
}
