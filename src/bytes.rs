//! Panic-free slicing and searching.
//!
//! Indexing that the compiler cannot prove in bounds links a panic path, and
//! core's panic messages format their arguments: `core::fmt` plus Unicode tables,
//! tens of kilobytes, for a branch that never runs. So the module slices through
//! these helpers (out of range means empty, which callers treat as "no match"),
//! and `size-report/` fails the build if that machinery reappears.

/// `s[start..end]`, or `""` when out of range or not on character boundaries.
pub fn sub(s: &str, start: usize, end: usize) -> &str {
    s.get(start..end).unwrap_or("")
}

/// `s[start..]`, or `""`.
pub fn from(s: &str, start: usize) -> &str {
    s.get(start..).unwrap_or("")
}

/// `b[start..end]`, or `&[]`.
pub fn range(b: &[u8], start: usize, end: usize) -> &[u8] {
    b.get(start..end).unwrap_or(&[])
}

/// The first position of `needle` in `hay`. (`str::find` with a string pattern
/// pulls in the two-way searcher and its bounds-check panics.)
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    find_bytes(hay.as_bytes(), needle.as_bytes())
}

pub fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let last = hay.len().checked_sub(needle.len())?;
    (0..=last).find(|&i| hay.get(i..i + needle.len()) == Some(needle))
}

/// Splits at the first `needle`: `(before, after)`.
pub fn split_once<'s>(s: &'s str, needle: &str) -> Option<(&'s str, &'s str)> {
    let i = find(s, needle)?;
    Some((sub(s, 0, i), from(s, i + needle.len())))
}

/// The first position of any byte of `set` in `s`.
pub fn pos_any(s: &str, set: &[u8]) -> Option<usize> {
    match set {
        [one] => s.bytes().position(|b| b == *one),
        _ => s.bytes().position(|b| set.contains(&b)),
    }
}

/// The last position of any byte of `set` in `s`.
pub fn rpos_any(s: &str, set: &[u8]) -> Option<usize> {
    s.bytes().rposition(|b| set.contains(&b))
}

/// `s` up to the first byte of `set` (or all of it).
pub fn before_any<'s>(s: &'s str, set: &[u8]) -> &'s str {
    sub(s, 0, pos_any(s, set).unwrap_or(s.len()))
}

/// `s` without leading and trailing spaces and tabs (HTTP's OWS). `str::trim`
/// would bring in the Unicode whitespace tables.
pub fn trim_ows(s: &str) -> &str {
    let start = s.bytes().position(|b| b != b' ' && b != b'\t').unwrap_or(s.len());
    let end = s.bytes().rposition(|b| b != b' ' && b != b'\t').map_or(start, |i| i + 1);
    sub(s, start, end)
}

/// Iterates the pieces of `s` between `sep` bytes, each trimmed of OWS.
pub fn split(s: &str, sep: u8) -> Split<'_> {
    Split { rest: Some(s), sep }
}

pub struct Split<'s> {
    rest: Option<&'s str>,
    sep: u8,
}

impl<'s> Iterator for Split<'s> {
    type Item = &'s str;

    fn next(&mut self) -> Option<&'s str> {
        let rest = self.rest?;
        match pos_any(rest, &[self.sep]) {
            Some(i) => {
                self.rest = Some(from(rest, i + 1));
                Some(trim_ows(sub(rest, 0, i)))
            }
            None => {
                self.rest = None;
                Some(trim_ows(rest))
            }
        }
    }
}
