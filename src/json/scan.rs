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
//! growth, whatever the input. UTF-8 is checked once, and only for a body with a byte
//! of 0x80 or more in a string or one refused (see [`scan`] and [`super::utf8`]).

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
pub struct Child<'a> {
    pub key: &'a [u8],
    pub value: Span,
}

/// What [`scan`] found: the kind of the top-level value and its direct children.
#[derive(Debug, PartialEq, Eq)]
pub struct TopLevel<'a> {
    pub first_byte: u8,
    pub value: Span,
    pub children: alloc::vec::Vec<Child<'a>>,
}

/// Validates `buf` as one JSON text and records the top-level container's children.
pub fn scan(buf: &[u8]) -> Result<TopLevel<'_>, ScanError> {
    // A body that is not UTF-8 is refused for that, at its first invalid byte, whatever
    // else is wrong with it: the only case the scan below cannot tell is an error it
    // found before that byte, so only a refused body is searched.
    scan_ascii_in_strings(buf).map_err(|e| match super::utf8::valid_up_to(buf) {
        at if at != buf.len() => ScanError::InvalidUtf8(at),
        _ => e,
    })
}

/// Whether a string [`string`] read since [`scan`] began held a byte of 0x80 or more.
/// A flag beside the scan rather than an argument of [`string`] or a bit of its answer:
/// it costs the usual ASCII body nothing. In the module a plain static (one instance
/// serves one request, on one thread; an atomic with relaxed order is a plain load and
/// store on wasm32 without threads); natively one per thread, as tests run in parallel.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
static NON_ASCII: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn set_non_ascii(seen: bool) {
    NON_ASCII.store(seen, core::sync::atomic::Ordering::Relaxed);
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn non_ascii() -> bool {
    NON_ASCII.load(core::sync::atomic::Ordering::Relaxed)
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
std::thread_local! {
    static NON_ASCII: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn set_non_ascii(seen: bool) {
    NON_ASCII.with(|flag| flag.set(seen));
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn non_ascii() -> bool {
    NON_ASCII.with(|flag| flag.get())
}

/// The scan proper. Outside strings every byte of valid JSON is ASCII; inside them a
/// byte of 0x80 or more is passed over and noted ([`non_ascii`]), and a body that had
/// one has its UTF-8 checked once, at the end. So a body it accepts is UTF-8.
fn scan_ascii_in_strings(buf: &[u8]) -> Result<TopLevel<'_>, ScanError> {
    // Room for every child it records, from the start: a push needs no growth path.
    let mut children = crate::buf::with_capacity_of::<Child>(MAX_TOP_LEVEL);
    let mut stack: u64 = 0;
    let mut depth: u32 = 0;
    let mut pos = skip_ws(buf, 0);
    let top_start = pos;
    let first_byte = at(buf, pos);
    let mut key: &[u8] = &[];
    let mut child_start = 0;
    let mut too_many = false;
    set_non_ascii(false);
    // The syntax errors leave through one exit, with the offset they name.
    let bad = 'syntax: {
        'value: loop {
            // A value starts at `pos`: the top-level one, or a new element of the open
            // container, which in an object comes after its key.
            if depth > 0 && stack & 1 == 1 {
                pos = member_key(buf, pos, depth, &mut key)?;
            }
            if depth == 1 {
                child_start = pos;
            }
            match at(buf, pos) {
                open @ (b'{' | b'[') => {
                    let is_object = open == b'{';
                    if depth == MAX_DEPTH {
                        return Err(ScanError::TooDeep(pos));
                    }
                    stack = (stack << 1) | is_object as u64;
                    depth += 1;
                    pos = skip_ws(buf, pos + 1);
                    // The closing bracket is the opening one plus two, in ASCII (compared
                    // as `u32`: a byte's sum is masked back to eight bits).
                    if at(buf, pos) as u32 == open as u32 + 2 {
                        stack >>= 1;
                        depth -= 1;
                        pos += 1;
                    } else {
                        continue 'value;
                    }
                }
                b'"' => match string(buf, pos) {
                    end if end & BAD_STRING == 0 => pos = end,
                    bad => break 'syntax bad & !BAD_STRING,
                },
                first @ (b't' | b'f' | b'n') => {
                    let word: &[u8] = match first {
                        b't' => b"true",
                        b'f' => b"false",
                        _ => b"null",
                    };
                    pos = literal(buf, pos, word)?;
                }
                // A number, or no value at all: `number` refuses a byte that starts
                // none at that byte, as this match would.
                _ => pos = number(buf, pos)?,
            }
            // A value ended at `pos`; close containers until one wants another element.
            loop {
                if depth == 1 {
                    // Past the limit, keep validating (so that invalid JSON is still a
                    // syntax error) but record nothing more.
                    let len = children.len();
                    if len == MAX_TOP_LEVEL {
                        too_many = true;
                    } else {
                        // SAFETY: `children` was made with room for MAX_TOP_LEVEL and
                        // holds fewer (just checked).
                        unsafe {
                            children.as_mut_ptr().add(len).write(Child { key, value: Span::new(child_start, pos) });
                            children.set_len(len + 1);
                        }
                    }
                    key = &[];
                }
                if depth == 0 {
                    let end = pos;
                    pos = skip_ws(buf, pos);
                    if pos != buf.len() {
                        break 'syntax pos;
                    }
                    if too_many {
                        return Err(ScanError::TooManyChildren);
                    }
                    // A string held a byte of 0x80 or more: refused here if the body is
                    // not UTF-8 (any error will do: `scan` names the invalid byte).
                    if non_ascii() && super::utf8::valid_up_to(buf) != buf.len() {
                        return Err(ScanError::TooManyChildren);
                    }
                    return Ok(TopLevel { first_byte, value: Span::new(top_start, end), children });
                }
                pos = skip_ws(buf, pos);
                // ']' is 0x5D and '}' is 0x7D: the object bit of the stack, moved to 0x20.
                let close = b']' | (stack as u8 & 1) << 5;
                match at(buf, pos) {
                    b',' => {
                        pos = skip_ws(buf, pos + 1);
                        continue 'value;
                    }
                    b if b == close => {
                        stack >>= 1;
                        depth -= 1;
                        pos += 1;
                    }
                    _ => break 'syntax pos,
                }
            }
        }
    };
    Err(ScanError::Syntax(bad))
}

/// The byte at `pos`, or 0 past the end. NUL is never valid where a byte is read here
/// (outside strings it starts no token, inside one it is a raw control character), so
/// the end needs no case of its own, and no `Option` to compare.
pub(crate) fn at(buf: &[u8], pos: usize) -> u8 {
    match buf.get(pos) {
        Some(&b) => b,
        None => 0,
    }
}

/// Reads `"key" :` and leaves `pos` at the start of the member's value.
fn member_key<'a>(buf: &'a [u8], pos: usize, depth: u32, key: &mut &'a [u8]) -> Result<usize, ScanError> {
    if at(buf, pos) != b'"' {
        return Err(ScanError::Syntax(pos));
    }
    let end = string(buf, pos);
    if end & BAD_STRING != 0 {
        return Err(ScanError::Syntax(end & !BAD_STRING));
    }
    if depth == 1 {
        // SAFETY: `string` accepted the text from the quote at `pos` to the closing
        // quote before `end`, both inside `buf`, so `pos + 1 <= end - 1 <= buf.len()`.
        *key = unsafe { buf.get_unchecked(pos + 1..end - 1) };
    }
    let colon = skip_ws(buf, end);
    if at(buf, colon) != b':' {
        return Err(ScanError::Syntax(colon));
    }
    Ok(skip_ws(buf, colon + 1))
}

pub(crate) fn skip_ws(buf: &[u8], mut pos: usize) -> usize {
    // JSON whitespace is all at or below b' ', so the usual byte (none: most bodies
    // are compact) is settled by one compare, before the loop: inside it, LLVM's
    // bound (the larger of `pos` and the length, kept for the loop's exit test) cost
    // five more instructions on each of some forty calls a request.
    if at(buf, pos) > b' ' {
        return pos;
    }
    while let Some(&b) = buf.get(pos) {
        if BYTE_CLASS[b as usize] & IS_WS == 0 {
            break;
        }
        pos += 1;
    }
    pos
}

fn literal(buf: &[u8], pos: usize, word: &[u8]) -> Result<usize, ScanError> {
    let end = pos + word.len();
    if buf.get(pos..end) != Some(word) {
        return Err(ScanError::Syntax(pos));
    }
    Ok(end)
}

/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, read through
/// [`NUMBER_NEXT`] as long as a byte continues it; the number ends at the first byte
/// that does not, and is an error there if the bytes so far are not a whole number
/// (where a digit was wanted). One loop and a table: the grammar as code, with a
/// bounds check at each step, cost about 100 bytes more.
fn number(buf: &[u8], mut pos: usize) -> Result<usize, ScanError> {
    let mut state = 0;
    loop {
        // The byte's class times four is the low five bits of its [`BYTE_CLASS`]: the
        // shift takes them alone (a shift by 32 or more wraps, in Rust as in Wasm, so
        // the flags above need no mask).
        let next = NUMBER_NEXT[state & 15].wrapping_shr(BYTE_CLASS[at(buf, pos) as usize] as u32) & 15;
        if next == NUMBER_END {
            break;
        }
        state = next as usize;
        pos += 1;
    }
    if NUMBER_WHOLE >> state & 1 == 0 {
        return Err(ScanError::Syntax(pos));
    }
    Ok(pos)
}

/// Everything the scanner and [`super::skip_value`] ask of a byte, in one table by
/// byte (data costs the runtime nothing; four tables of their own cost 768 bytes more
/// and no code less). The low five bits are the byte's class in the number grammar
/// times four, the shift that reads [`NUMBER_NEXT`]: 0 anything else (which no state
/// continues with), 1 `0`, 2 another digit, 3 `-`, 4 `+`, 5 `.`, 6 `e` or `E`. (A
/// `match` cost about 60 bytes more, sixteen four-bit classes in one `u64` for the bytes
/// from `+` to `:` about 30.) Above them a flag each: [`IS_WS`], [`IN_RUN`] and
/// [`ENDS_SCALAR`]. Every byte of 0x80 or more is 0 (no class, no flag), so the
/// table's second half is zeros, which the data section leaves out.
pub(crate) const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let class = match b as u8 {
            b'0' => 1,
            b'1'..=b'9' => 2,
            b'-' => 3,
            b'+' => 4,
            b'.' => 5,
            b'e' | b'E' => 6,
            _ => 0,
        };
        let mut byte = class * 4;
        if matches!(b as u8, b' ' | b'\t' | b'\n' | b'\r') {
            byte |= IS_WS;
        }
        if !(b == b'"' as usize || b == b'\\' as usize || b < 0x20 || b >= 0x80) {
            byte |= IN_RUN;
        }
        if b <= b' ' as usize || matches!(b as u8, b',' | b']' | b'}') {
            byte |= ENDS_SCALAR;
        }
        table[b] = byte;
        b += 1;
    }
    table
};

/// [`BYTE_CLASS`]'s flag for JSON's four whitespace bytes (a compare and a test of a
/// bit mask cost 13 bytes of code more).
const IS_WS: u8 = 0x20;

/// [`BYTE_CLASS`]'s flag for the bytes that do not end a plain run: all but a quote, a
/// backslash, a control character or a byte of 0x80 or more (rather than three
/// compares; the bytes that end one unflagged, so that 0x80 and above are 0).
const IN_RUN: u8 = 0x40;

/// [`BYTE_CLASS`]'s flag for the bytes a scalar of validated JSON can be followed by,
/// which end it: only those can follow one, so anything at or below a space, a comma,
/// or a closing bracket (rather than three compares).
pub(crate) const ENDS_SCALAR: u8 = 0x80;

/// A state of [`number`] that no byte leaves (the number ends before that byte).
const NUMBER_END: u32 = 15;

/// The states of [`number`]: 0 nothing yet, 8 the sign, 1 `0`, 2 more integer digits,
/// 3 `.`, 4 fraction digits, 5 `e`, 6 the exponent's sign, 7 its digits (the sign a
/// state of the table too: a test before the loop cost about 15 bytes more than the
/// table's 32 bytes of data). Those in which the bytes so far are a whole number.
const NUMBER_WHOLE: usize = 1 << 1 | 1 << 2 | 1 << 4 | 1 << 7;

/// For each state, the next state for each byte class of [`BYTE_CLASS`], four bits
/// a class ([`NUMBER_END`] where the number cannot go on).
const NUMBER_NEXT: [u32; 16] = {
    // (state, class, next state)
    let moves: [(usize, u32, u32); 24] = [
        (0, 1, 1), (0, 2, 2), (0, 3, 8),
        (8, 1, 1), (8, 2, 2),
        (1, 5, 3), (1, 6, 5),
        (2, 1, 2), (2, 2, 2), (2, 5, 3), (2, 6, 5),
        (3, 1, 4), (3, 2, 4),
        (4, 1, 4), (4, 2, 4), (4, 6, 5),
        (5, 1, 7), (5, 2, 7), (5, 3, 6), (5, 4, 6),
        (6, 1, 7), (6, 2, 7),
        (7, 1, 7), (7, 2, 7),
    ];
    let mut table = [u32::MAX; 16];
    let mut i = 0;
    while i < moves.len() {
        let (state, class, next) = moves[i];
        table[state] = table[state] & !(15 << (class * 4)) | next << (class * 4);
        i += 1;
    }
    table
};

/// What [`string`] adds to the offset of the byte it refuses: the top bit, which no
/// offset into a slice has (a slice holds at most `isize::MAX` bytes).
const BAD_STRING: usize = 1 << (usize::BITS - 1);

/// Validates the string starting at the quote at `pos`; returns the index after the
/// closing quote, or the offending byte's offset plus [`BAD_STRING`] (an integer, not
/// a `Result`, which is returned through memory: 11 strings in a `tools/call`).
/// Control characters, unknown escapes and unpaired surrogate escapes
/// are errors. A byte of 0x80 or more is passed over and noted ([`non_ascii`]): its
/// UTF-8 is [`scan`]'s to check, over the whole body once.
pub(crate) fn string(buf: &[u8], mut pos: usize) -> usize {
    pos += 1;
    // Every refusal leaves through one exit, with the offset it names.
    let bad = 'bad: loop {
        pos = plain_run(buf, pos);
        match at(buf, pos) {
            b'"' => return pos + 1,
            0x80..=0xff => {
                set_non_ascii(true);
                pos += 1;
            }
            b'\\' => match at(buf, pos + 1) {
                b'u' => {
                    // One match for every outcome (a lone low surrogate and digits that
                    // are not hex are both refused at the escape).
                    match hex4(buf, pos + 2) {
                        0xD800..=0xDBFF => {
                            // A high surrogate must be followed by a low one.
                            pos += 6;
                            // The digits first: when they are hex, the four bytes after
                            // `pos + 2` are inside `buf`, and so are the two before them.
                            let low = matches!(hex4(buf, pos + 2), 0xDC00..=0xDFFF)
                                // SAFETY: `pos + 1 < pos + 2 < buf.len()` (just above).
                                && unsafe { buf.as_ptr().add(pos).cast::<u16>().read_unaligned() } == u16::from_ne_bytes(*b"\\u");
                            if !low {
                                break 'bad pos;
                            }
                            pos += 6;
                        }
                        0xDC00..=0xDFFF | NOT_HEX => break 'bad pos,
                        _ => pos += 6,
                    }
                }
                c if simple_escape(c) != 0 => pos += 2,
                _ => break 'bad pos,
            },
            // A control character, or the end.
            _ => break 'bad pos,
        }
    };
    bad | BAD_STRING
}

/// Where the run of plain string bytes from `pos` ends: at the first quote,
/// backslash, control character or non-ASCII byte, or at the end. Strings are most
/// of a body, and this is the loop every string byte goes through (in [`scan`] and
/// [`super::skip_value`]).
pub(crate) fn plain_run(buf: &[u8], mut pos: usize) -> usize {
    // Eight bytes at a time, as one word: a byte that ends the run sets its top bit
    // in `stop` (a quote or backslash is a zero byte once xor-ed with it, a control
    // character borrows below 0x20, non-ASCII has it already). A borrow only flags
    // bytes above a real stop, so the lowest flag is the first one. (Byte by byte, a
    // string byte cost about 25 Wasm instructions; a word costs about 30.)
    while pos + 8 <= buf.len() {
        const ONES: u64 = 0x0101_0101_0101_0101;
        // SAFETY: the eight bytes at `pos` are inside `buf` (just checked).
        let x = u64::from_le(unsafe { buf.as_ptr().add(pos).cast::<u64>().read_unaligned() });
        let (q, s) = (x ^ ONES * b'"' as u64, x ^ ONES * b'\\' as u64);
        let stop = (q.wrapping_sub(ONES) & !q | s.wrapping_sub(ONES) & !s | x.wrapping_sub(ONES * 0x20) & !x | x) & ONES * 0x80;
        if stop != 0 {
            return pos + (stop.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    // The last few bytes one by one, through [`IN_RUN`]; each through `at`, whose 0
    // past the end (a control character) ends the run too: one exit, no bound.
    while BYTE_CLASS[at(buf, pos) as usize] & IN_RUN != 0 {
        pos += 1;
    }
    pos
}

/// The one-character escapes both ways, in one table by byte (below 0x80): at the
/// character after a backslash (`"`, `\\`, `/`, `b`, `f`, `n`, `r`, `t`), the byte it
/// stands for; at a byte the writer escapes short (`"`, `\\`, newline, carriage return,
/// tab), the character after its backslash; 0 elsewhere. The two sets meet only at
/// `"` and `\\`, which stand for themselves either way; the writer's are control
/// characters, which no escape starts with. (A list of pairs and a search through it
/// cost about 100 bytes of code more than these 128 of data.)
const ESCAPES: [u8; 128] = {
    let pairs = b"b\x08f\x0c\"\"\\\\//n\nr\rt\t";
    let mut table = [0u8; 128];
    let mut i = 0;
    while i < pairs.len() {
        let (escaped, meant) = (pairs[i], pairs[i + 1]);
        table[escaped as usize] = meant;
        // `\b` and `\f` are not written short: a backspace and a form feed have
        // always been written as `\u00XX` here.
        if meant != 0x08 && meant != 0x0c {
            table[meant as usize] = escaped;
        }
        i += 2;
    }
    table
};

/// The byte a one-character escape (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`,
/// `\t`) stands for, given the character after the backslash; 0 for any other (`u`
/// included). One table for the scanner, which checks escapes, the decoder and the
/// writer ([`short_escape`]): each spelled the set out as its own `match`.
#[inline(always)]
pub(crate) fn simple_escape(c: u8) -> u8 {
    // Only printable ASCII starts an escape: the table's control-character slots are
    // the writer's.
    if c.wrapping_sub(0x21) < 0x5F { ESCAPES[(c & 0x7F) as usize] } else { 0 }
}

/// The character that escapes `b` after a backslash when JSON is written (`"`, `\\`,
/// newline, carriage return, tab), or 0 for a control character written some other
/// way (as `\u00XX`, which is how a backspace and a form feed have always been
/// written here). Asked only about the ASCII bytes that end a plain run: a quote, a
/// backslash or a control character (other printable bytes hold the decoder's answers).
/// A `const fn`: the writer's table of control-character escapes is built from it.
#[inline(always)]
pub(crate) const fn short_escape(b: u8) -> u8 {
    ESCAPES[(b & 0x7F) as usize]
}

/// What [`hex4`] returns when the four bytes are not hex digits (no 16-bit value).
pub(crate) const NOT_HEX: u32 = u32::MAX;

/// The value of four hex digits at `pos`, or [`NOT_HEX`]. (Not an `Option<u32>`,
/// which is returned through memory.)
pub(crate) fn hex4(buf: &[u8], pos: usize) -> u32 {
    let mut value = 0;
    // One bounds check for the four, not one a digit. (`pos + 4` cannot wrap: every
    // caller's `pos` is at most a few bytes past a place in `buf`, whose length is at
    // most `isize::MAX`.)
    if pos + 4 > buf.len() {
        return NOT_HEX;
    }
    // SAFETY: `pos + 4 <= buf.len()` (just checked).
    let digits = unsafe { buf.get_unchecked(pos..pos + 4) };
    for &d in digits {
        // In `u32`, not `u8`: a byte's arithmetic is masked back to eight bits.
        let d = d as u32;
        // ASCII letters differ from their capitals in bit 0x20 only.
        let (digit, letter) = (d.wrapping_sub(b'0' as u32), (d | 0x20).wrapping_sub(b'a' as u32));
        let nibble = if digit < 10 {
            digit
        } else if letter < 6 {
            letter + 10
        } else {
            return NOT_HEX;
        };
        value = value << 4 | nibble;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::{hex4, number, plain_run, short_escape, simple_escape, ScanError, BYTE_CLASS, ENDS_SCALAR, IN_RUN, IS_WS, NOT_HEX};

    /// Every byte at every place of four reads as `char::to_digit(16)` has it.
    #[test]
    fn hex4_reads_every_byte_as_to_digit() {
        for b in 0..=255u8 {
            for at in 0..4 {
                let mut digits = *b"0f0F";
                digits[at] = b;
                let expected = match (b as char).to_digit(16) {
                    Some(v) => (0x0f0f & !(0xf000 >> (at * 4))) | v << (12 - at * 4),
                    None => NOT_HEX,
                };
                assert_eq!(hex4(&digits, 0), expected, "{b:#x} at {at}");
            }
        }
    }

    /// Each flag of the one table answers as its set spelled out does, for every byte.
    #[test]
    fn byte_class_flags_agree_with_their_sets() {
        for b in 0..=255u8 {
            let class = BYTE_CLASS[b as usize];
            assert_eq!(class & IS_WS != 0, matches!(b, b' ' | b'\t' | b'\n' | b'\r'), "{b:#x}");
            assert_eq!(class & IN_RUN == 0, b == b'"' || b == b'\\' || b < 0x20 || b >= 0x80, "{b:#x}");
            assert_eq!(class & ENDS_SCALAR != 0, b <= b' ' || matches!(b, b',' | b']' | b'}'), "{b:#x}");
        }
    }

    /// The number grammar written out, as it was before the table.
    fn number_by_hand(buf: &[u8], mut pos: usize) -> Result<usize, ScanError> {
        let at = |p: usize| buf.get(p).copied().unwrap_or(0);
        let digits = |mut p: usize| {
            while at(p).is_ascii_digit() {
                p += 1;
            }
            p
        };
        if at(pos) == b'-' {
            pos += 1;
        }
        match at(pos) {
            b'0' => pos += 1,
            b'1'..=b'9' => pos = digits(pos),
            _ => return Err(ScanError::Syntax(pos)),
        }
        if at(pos) == b'.' {
            pos += 1;
            if !at(pos).is_ascii_digit() {
                return Err(ScanError::Syntax(pos));
            }
            pos = digits(pos);
        }
        if let b'e' | b'E' = at(pos) {
            pos += 1;
            if let b'+' | b'-' = at(pos) {
                pos += 1;
            }
            if !at(pos).is_ascii_digit() {
                return Err(ScanError::Syntax(pos));
            }
            pos = digits(pos);
        }
        Ok(pos)
    }

    /// The table walk ends (or refuses) where the written-out grammar does, on every
    /// string of up to five bytes from the ones a number is made of.
    #[test]
    fn number_table_agrees_with_the_grammar() {
        let alphabet = b"01-+.eE9x";
        for len in 0..=5u32 {
            for mut n in 0..alphabet.len().pow(len) {
                let mut text = alloc::vec::Vec::new();
                for _ in 0..len {
                    text.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                assert_eq!(number(&text, 0), number_by_hand(&text, 0), "{:?}", core::str::from_utf8(&text));
            }
        }
    }

    /// The one table answers both ways as the escapes spelled out do: every byte after
    /// a backslash, and every byte that ends a plain run below 0x80.
    #[test]
    fn escape_table_agrees_with_the_escapes() {
        for c in 0..=255u8 {
            let decoded = match c {
                b'"' | b'\\' | b'/' => c,
                b'b' => 0x08,
                b'f' => 0x0c,
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                _ => 0,
            };
            assert_eq!(simple_escape(c), decoded, "{c:#x}");
            if c < 0x20 || c == b'"' || c == b'\\' {
                let written = match c {
                    b'"' | b'\\' => c,
                    b'\n' => b'n',
                    b'\r' => b'r',
                    b'\t' => b't',
                    _ => 0,
                };
                assert_eq!(short_escape(c), written, "{c:#x}");
            }
        }
    }

    /// The word-at-a-time run against a byte loop: every byte value at every place of
    /// a buffer longer than two words, over plain ASCII and behind other stops.
    #[test]
    fn plain_run_stops_where_a_byte_loop_does() {
        let ends = |b: u8| b == b'"' || b == b'\\' || b < 0x20 || b >= 0x80;
        for fill in [b'a', b'~', b' ', 0x7f] {
            for at in 0..19 {
                for byte in 0..=255u8 {
                    let mut buf = [fill; 19];
                    buf[at] = byte;
                    // A second stop further on must not hide the first.
                    if at + 3 < buf.len() {
                        buf[at + 3] = b'"';
                    }
                    for start in [0, 1, 7, 8] {
                        let expected = (start..buf.len()).find(|&i| ends(buf[i])).unwrap_or(buf.len());
                        assert_eq!(plain_run(&buf, start), expected, "{buf:?} from {start}");
                    }
                }
            }
        }
    }
}
