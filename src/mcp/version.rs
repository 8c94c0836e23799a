//! Protocol versions and the two eras they fall into.
//!
//! 2024-11-05 to 2025-11-25 are the session era: a client sends `initialize`, then
//! requests carry the `MCP-Protocol-Version` header. 2026-07-28 is stateless: no
//! `initialize`; every request names its version in `params._meta` and the header.
//! The server serves both, per request, and keeps nothing between requests.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    V2024_11_05,
    V2025_03_26,
    V2025_06_18,
    V2025_11_25,
    V2026_07_28,
}

/// Newest first: the order `server/discover` lists them and `initialize` prefers.
pub const SUPPORTED: [Version; 5] = [
    Version::V2026_07_28,
    Version::V2025_11_25,
    Version::V2025_06_18,
    Version::V2025_03_26,
    Version::V2024_11_05,
];

/// The newest version `initialize` can negotiate (the stateless era has no `initialize`).
pub const NEWEST_SESSION_ERA: Version = Version::V2025_11_25;

/// What a 2025-era request without the header is assumed to speak.
pub const HEADERLESS_DEFAULT: Version = Version::V2025_03_26;

impl Version {
    /// Every request of the session era names its version in a header, so this runs
    /// on most requests: the name is compared as one integer, not as five strings
    /// (`memcmp` in the module is a byte loop). Each version's integer is read from
    /// its name in [`SUPPORTED_JSON`] in one loop, not kept as five 64-bit constants
    /// with a compare each.
    pub fn parse(s: &str) -> Option<Version> {
        let key = key(s.as_bytes())?;
        let mut i = 0;
        while i < SUPPORTED.len() {
            if key_in_list(i) == key {
                return Some(SUPPORTED[i]);
            }
            i += 1;
        }
        None
    }

    /// Read from [`SUPPORTED_JSON`], so each name is in the module once, and
    /// computed from the variant's number rather than looked up in a table of
    /// five pointers.
    pub const fn as_str(self) -> &'static str {
        // Newest first there, each name 13 bytes (`"name",`) after the next newer.
        let at = 2 + 13 * (Version::V2026_07_28 as usize - self as usize);
        const _: () = assert!(SUPPORTED_JSON.len() == 2 + 13 * Version::V2026_07_28 as usize + 10 + 2);
        // SAFETY: `at + 10` is within the text for every variant (the assertion above:
        // the oldest, 0, is last), and the 10 bytes there are an ASCII name (the
        // test below reads each one back).
        unsafe { core::str::from_utf8_unchecked(core::slice::from_raw_parts(SUPPORTED_JSON.as_ptr().add(at), 10)) }
    }

    pub fn stateless(self) -> bool {
        self >= Version::V2026_07_28
    }

    /// JSON-RPC batches exist only in 2025-03-26 (2024-11-05 had them too).
    pub fn allows_batch(self) -> bool {
        self <= Version::V2025_03_26
    }
}

/// A version name as one integer: its last eight bytes, once the first two are
/// checked to be `20`; `None` unless it is ten bytes long and starts so.
const fn key(b: &[u8]) -> Option<u64> {
    // One pattern of all ten bytes: the length is tested once, before either byte.
    match b {
        [b'2', b'0', a0, a1, a2, a3, a4, a5, a6, a7] => Some(u64::from_le_bytes([*a0, *a1, *a2, *a3, *a4, *a5, *a6, *a7])),
        _ => None,
    }
}

/// The [`key`] of the `i`th name in [`SUPPORTED_JSON`] (the `i`th of [`SUPPORTED`]):
/// the eight bytes after its `"20`, read little-endian as `key` does.
fn key_in_list(i: usize) -> u64 {
    const _: () = assert!(4 + 13 * (SUPPORTED.len() - 1) + 8 <= SUPPORTED_JSON.len());
    // SAFETY: names start at 2 and every 13 bytes after (see `as_str`); `i` is below
    // `SUPPORTED.len()`, so the eight bytes are within the text (the assertion above);
    // `read_unaligned` needs no alignment.
    u64::from_le(unsafe { SUPPORTED_JSON.as_ptr().add(4 + 13 * i).cast::<u64>().read_unaligned() })
}

/// `["2026-07-28","2025-11-25",...]`, for error data and `server/discover`.
/// Borrowed from [`UNSUPPORTED_DATA_HEAD`] (see `crate::bytes::within`).
pub const SUPPORTED_JSON: &str = crate::bytes::within(
    UNSUPPORTED_DATA_HEAD,
    "[\"2026-07-28\",\"2025-11-25\",\"2025-06-18\",\"2025-03-26\",\"2024-11-05\"]",
);

/// An unsupported version's error `data` up to the requested version's text, with
/// its opening quote, whole, so it is written with one copy.
pub const UNSUPPORTED_DATA_HEAD: &str =
    "{\"supported\":[\"2026-07-28\",\"2025-11-25\",\"2025-06-18\",\"2025-03-26\",\"2024-11-05\"],\"requested\":\"";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_from_the_supported_list() {
        let names = SUPPORTED.map(Version::as_str);
        assert_eq!(names, ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]);
    }

    #[test]
    fn parse_knows_exactly_the_supported_names() {
        for v in SUPPORTED {
            assert_eq!(Version::parse(v.as_str()), Some(v));
        }
        for other in ["", "2025-06-1", "2025-06-188", "2025-06-19", "2025-06-18 ", "2O25-06-18", "2026-07-29"] {
            assert_eq!(Version::parse(other), None, "{other:?}");
        }
    }
}
