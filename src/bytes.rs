//! Panic-free slicing and searching.
//!
//! Indexing that the compiler cannot prove in bounds links a panic path, and
//! core's panic messages format their arguments: `core::fmt` plus Unicode tables,
//! tens of kilobytes, for a branch that never runs. So the module slices through
//! these helpers (out of range means empty, which callers treat as "no match"),
//! and `size-report/` fails the build if that machinery reappears.

/// `s[start..end]`, or `""` when out of range or not on character boundaries.
pub fn sub(s: &str, start: usize, end: usize) -> &str {
    let b = s.as_bytes();
    // A character starts at every byte that is not a continuation byte (0b10xxxxxx),
    // and the end of the text is a boundary too.
    // (Read as signed, continuation bytes are the ones below -0x40.)
    let boundary = |i: usize| i == b.len() || b.get(i).is_some_and(|&c| c as i8 >= -0x40);
    if start <= end && end <= b.len() && boundary(start) && boundary(end) {
        // SAFETY: `s` is UTF-8 and both ends are character boundaries.
        unsafe { core::str::from_utf8_unchecked(range(b, start, end)) }
    } else {
        ""
    }
}

/// A borrowed byte string as one word: its pointer in the low half, its length in
/// the high one, 0 for `None`. On wasm32 an `Option<&[u8]>` comes back from a call
/// through memory (an address passed in, two loads after), a `u64` in one register:
/// helpers called from many places return this and unpack it inlined ([`unpack`]).
#[cfg(target_pointer_width = "32")]
#[inline(always)]
pub fn pack(s: Option<&[u8]>) -> u64 {
    match s {
        Some(s) => s.as_ptr() as usize as u64 | (s.len() as u64) << 32,
        None => 0,
    }
}

/// The byte string a [`pack`]ed word holds.
///
/// # Safety
/// `word` must come from [`pack`] of a slice that lives for `'a`.
#[cfg(target_pointer_width = "32")]
#[inline(always)]
pub unsafe fn unpack<'a>(word: u64) -> Option<&'a [u8]> {
    let (ptr, len) = (word as u32 as usize as *const u8, (word >> 32) as usize);
    // SAFETY: a non-zero word is a slice's pointer (32 bits here) and length, and the
    // caller promises the slice is still alive. A slice's pointer is never null, so
    // 0 is never a slice.
    (word != 0).then(|| unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// [`unpack`] for a word that always holds a slice (a function that never answers
/// `None`): no test for 0.
///
/// # Safety
/// `word` must come from [`pack`] of `Some` slice that lives for `'a`.
#[cfg(target_pointer_width = "32")]
#[inline(always)]
pub unsafe fn unpack_some<'a>(word: u64) -> &'a [u8] {
    // SAFETY: the caller promises a live slice's pointer (32 bits here) and length.
    unsafe { core::slice::from_raw_parts(word as u32 as usize as *const u8, (word >> 32) as usize) }
}

/// `a == b` for two `&str`s, compared as `str`s. `==` on the references themselves
/// goes through core's `&A == &B` impl, which at opt-level z stays a function that
/// takes both references through the stack: about 10 bytes and 40 instructions more
/// at each call site than this.
#[inline(always)]
pub fn same(a: &str, b: &str) -> bool {
    *a == *b
}

/// `part` as a piece of `whole`, found at build time. The linker merges equal
/// constants but never one that lies inside another, so a text that is part of a
/// longer one is borrowed from it and the module carries its bytes once. Only for
/// `const` items: there a missing part fails the build, and no search or panic
/// path reaches the module.
pub const fn within(whole: &'static str, part: &str) -> &'static str {
    let (w, p) = (whole.as_bytes(), part.as_bytes());
    let mut at = 0;
    while at + p.len() <= w.len() {
        let mut i = 0;
        while i < p.len() && w[at + i] == p[i] {
            i += 1;
        }
        if i == p.len() {
            let (_, piece) = w.split_at(at + i).0.split_at(at);
            return match core::str::from_utf8(piece) {
                Ok(s) => s,
                Err(_) => panic!("a borrowed piece cuts a character"),
            };
        }
        at += 1;
    }
    panic!("a borrowed piece is not in the text it is borrowed from")
}

/// `s[start..]`, or `""`. Inlined: as a function it only forwarded `sub`'s
/// two-word result through a stack frame of its own.
#[inline(always)]
pub fn from(s: &str, start: usize) -> &str {
    sub(s, start, s.len())
}

/// `b[start..end]`, or `&[]`.
pub fn range(b: &[u8], start: usize, end: usize) -> &[u8] {
    b.get(start..end).unwrap_or(&[])
}

/// The first position of `needle` in `hay`. (`str::find` with a string pattern
/// pulls in the two-way searcher and its bounds-check panics.)
#[inline(always)]
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    find_bytes(hay.as_bytes(), needle.as_bytes())
}

#[inline(always)]
pub fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let i = find_at(hay, needle);
    (i != NOT_FOUND).then_some(i)
}

/// [`find_bytes`] as an integer, [`NOT_FOUND`] when absent.
fn find_at(hay: &[u8], needle: &[u8]) -> usize {
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if *range(hay, i, i + needle.len()) == *needle {
            return i;
        }
        i += 1;
    }
    NOT_FOUND
}

/// Splits at the first `needle`: `(before, after)`. Inlined: the search answers in
/// one word (an index), where a call would hand four back through memory.
#[inline(always)]
pub fn split_once<'s>(s: &'s str, needle: &str) -> Option<(&'s str, &'s str)> {
    let i = find_at(s.as_bytes(), needle.as_bytes());
    if i == NOT_FOUND {
        return None;
    }
    // SAFETY: `needle` matched at `i`, so `i + needle.len() <= s.len()`; and both ends
    // of a match are character boundaries (a UTF-8 needle starts with a lead or ASCII
    // byte and ends with a whole character), so neither piece needs `sub`'s checks.
    unsafe { Some((s.get_unchecked(..i), s.get_unchecked(i + needle.len()..))) }
}

/// Whether `byte` occurs in `hay`. (`<[u8]>::contains` goes through `memchr`, which
/// reads words at a time: several hundred bytes of code for strings of a few bytes.)
/// Inlined: a [`seek`] for the one-byte set read from [`PRINTABLE`] (every caller's
/// byte is a printable constant, so the index folds and the set's address is a
/// constant), not a function of its own. (A byte outside the table would keep a
/// bounds panic, which `scripts/size-report.sh` refuses.)
#[inline(always)]
pub fn contains(hay: &[u8], byte: u8) -> bool {
    seek(hay, core::slice::from_ref(&PRINTABLE[byte.wrapping_sub(b' ') as usize]), true, false) != NOT_FOUND
}

/// Every printable ASCII byte (` ` to `~`) at its value less 0x20: one-byte sets for
/// [`contains`].
static PRINTABLE: [u8; 95] = {
    let mut table = [0; 95];
    let mut c = 0;
    while c < 95 {
        table[c] = c as u8 + b' ';
        c += 1;
    }
    table
};

/// Whether `byte` is one of `set`'s.
#[inline(always)]
fn member(set: &[u8], byte: u8) -> bool {
    let mut i = 0;
    while let Some(&b) = set.get(i) {
        if b == byte {
            return true;
        }
        i += 1;
    }
    false
}

/// What [`seek`] returns when no byte qualifies.
const NOT_FOUND: usize = usize::MAX;

/// The first position (or, `from_end`, the last) whose byte's membership of `set` is
/// `inside`, or [`NOT_FOUND`] (an integer: an `Option<usize>` is returned through
/// memory). One index loop behind every search below: `position`/`rposition` chains
/// each instantiate their own iterator adapters.
fn seek(b: &[u8], set: &[u8], inside: bool, from_end: bool) -> usize {
    let mut k = 0;
    while k < b.len() {
        let i = if from_end { b.len() - 1 - k } else { k };
        // SAFETY: `k < b.len()`, so `i` (`k`, or `len - 1 - k`) is in `0..b.len()`.
        if member(set, unsafe { *b.get_unchecked(i) }) == inside {
            return i;
        }
        k += 1;
    }
    NOT_FOUND
}

/// The first position of any byte of `set` in `s`.
#[inline(always)]
pub fn pos_any(s: &str, set: &[u8]) -> Option<usize> {
    let i = seek(s.as_bytes(), set, true, false);
    (i != NOT_FOUND).then_some(i)
}

/// The last position of any byte of `set` in `s`.
#[inline(always)]
pub fn rpos_any(s: &str, set: &[u8]) -> Option<usize> {
    let i = seek(s.as_bytes(), set, true, true);
    (i != NOT_FOUND).then_some(i)
}

/// `s` up to the first byte of `set` (or all of it). `set` is ASCII bytes (every
/// caller's is), so the cut is a character boundary. Inlined, as [`from`] is.
#[inline(always)]
pub fn before_any<'s>(s: &'s str, set: &[u8]) -> &'s str {
    let end = seek(s.as_bytes(), set, true, false).min(s.len());
    // SAFETY: `end <= s.len()`, and it is the length or the place of an ASCII byte of
    // `set`, so a character boundary: `sub`'s checks are not needed.
    unsafe { s.get_unchecked(..end) }
}

/// `s` without leading and trailing spaces and tabs (HTTP's OWS). `str::trim`
/// would bring in the Unicode whitespace tables. With 32-bit pointers (the module),
/// inlined over [`trim_ows_word`]: one word back from the call ([`pack`]).
#[inline(always)]
pub fn trim_ows(s: &str) -> &str {
    #[cfg(target_pointer_width = "32")]
    // SAFETY: the word is `trim`'s piece of `s` packed: UTF-8 that lives as long as `s`.
    return unsafe { core::str::from_utf8_unchecked(unpack_some(trim_ows_word(s))) };
    #[cfg(not(target_pointer_width = "32"))]
    trim(s)
}

/// [`trim_ows`] packed into one word.
#[cfg(target_pointer_width = "32")]
#[inline(never)]
fn trim_ows_word(s: &str) -> u64 {
    pack(Some(trim(s).as_bytes()))
}

/// The trim itself.
#[inline(always)]
fn trim(s: &str) -> &str {
    const OWS: &[u8] = b" \t";
    // The end first: past the last byte that is not OWS, or 0 when there is none
    // (NOT_FOUND + 1 wraps to 0). The start is then sought before it, where it is
    // found unless the text is all OWS: then that search's NOT_FOUND is cut to 0.
    let end = seek(s.as_bytes(), OWS, false, true).wrapping_add(1);
    // SAFETY: `end <= s.len()` (a position plus one, or 0).
    let start = seek(unsafe { s.as_bytes().get_unchecked(..end) }, OWS, false, false).min(end);
    // SAFETY: `start <= end <= s.len()`, and both are character boundaries without
    // `sub`'s checks: each is 0, the length, or next to an ASCII space or tab.
    unsafe { s.get_unchecked(start..end) }
}

/// Iterates the pieces of `s` between `sep` bytes, each trimmed of OWS. `sep` is an
/// ASCII byte (its high bit is ignored), so every piece ends on a character boundary.
pub fn split(s: &str, sep: u8) -> Split<'_> {
    Split { rest: Some(s), sep: [sep & 0x7F] }
}

pub struct Split<'s> {
    rest: Option<&'s str>,
    /// The separator, as the one-byte set `seek` reads in place.
    sep: [u8; 1],
}

impl<'s> Iterator for Split<'s> {
    type Item = &'s str;

    /// With 32-bit pointers (the module), inlined over [`Split::next_word`]: one word
    /// back from the call, not an `Option<&str>` through memory ([`pack`]).
    #[inline(always)]
    fn next(&mut self) -> Option<&'s str> {
        #[cfg(target_pointer_width = "32")]
        // SAFETY: the word is a trimmed piece of `rest`, a `&'s str`, packed: UTF-8 that
        // lives for `'s`.
        return unsafe { unpack(self.next_word()).map(|b| core::str::from_utf8_unchecked(b)) };
        #[cfg(not(target_pointer_width = "32"))]
        self.next_piece()
    }
}

impl<'s> Split<'s> {
    /// [`Split::next`] packed into one word: the trimmed piece's word as
    /// [`trim_ows_word`] packs it (never 0: a slice's pointer is not null), not
    /// unpacked to be packed again.
    #[cfg(target_pointer_width = "32")]
    #[inline(never)]
    fn next_word(&mut self) -> u64 {
        match self.untrimmed() {
            Some(piece) => trim_ows_word(piece),
            None => 0,
        }
    }

    /// The step itself.
    #[cfg(not(target_pointer_width = "32"))]
    fn next_piece(&mut self) -> Option<&'s str> {
        self.untrimmed().map(trim_ows)
    }

    /// The next piece, before trimming.
    #[inline(always)]
    fn untrimmed(&mut self) -> Option<&'s str> {
        let rest = self.rest?;
        // One search: `seek`'s miss (NOT_FOUND) clamps to the end, as `before_any` has it.
        let i = seek(rest.as_bytes(), &self.sep, true, false);
        let end = i.min(rest.len());
        // SAFETY: `end <= rest.len()`, and it is the length or the place of the ASCII
        // `sep`, so a character boundary, as is the place after that `sep`.
        let piece = unsafe { rest.get_unchecked(..end) };
        self.rest = if i == NOT_FOUND { None } else { Some(unsafe { rest.get_unchecked(end + 1..) }) };
        Some(piece)
    }
}

#[cfg(test)]
mod tests {
    use super::{before_any, find, pos_any, rpos_any, split_once, trim_ows, within};

    #[test]
    fn a_borrowed_piece_lies_inside_its_whole() {
        const WHOLE: &str = "initialize must not be batched";
        const PIECE: &str = within(WHOLE, "must");
        assert_eq!(PIECE, "must");
        assert_eq!(PIECE.as_ptr() as usize - WHOLE.as_ptr() as usize, 11);
    }

    #[test]
    fn searches_and_trims_at_the_edges() {
        for (s, trimmed) in [("", ""), (" ", ""), (" \t ", ""), ("a", "a"), (" a", "a"), ("a\t", "a"), (" a b ", "a b")] {
            assert_eq!(trim_ows(s), trimmed, "{s:?}");
        }
        assert_eq!((pos_any("a/b/c", b"/"), rpos_any("a/b/c", b"/")), (Some(1), Some(3)));
        assert_eq!((pos_any("abc", b"/?"), rpos_any("", b"/")), (None, None));
        assert_eq!((before_any("a?b#c", b"#?"), before_any("abc", b"#"), before_any("", b"#")), ("a", "abc", ""));
        assert_eq!((find("a://b", "://"), find("ab", "abc"), find("", ""), find("ab", "b")), (Some(1), None, Some(0), Some(1)));
        assert_eq!((split_once("k=v=w", "="), split_once("kv", "=")), (Some(("k", "v=w")), None));
    }
}
