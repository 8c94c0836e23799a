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
    pub fn parse(s: &str) -> Option<Version> {
        SUPPORTED.iter().copied().find(|v| v.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2024_11_05 => "2024-11-05",
            Version::V2025_03_26 => "2025-03-26",
            Version::V2025_06_18 => "2025-06-18",
            Version::V2025_11_25 => "2025-11-25",
            Version::V2026_07_28 => "2026-07-28",
        }
    }

    pub fn stateless(self) -> bool {
        self >= Version::V2026_07_28
    }

    /// JSON-RPC batches exist only in 2025-03-26 (2024-11-05 had them too).
    pub fn allows_batch(self) -> bool {
        self <= Version::V2025_03_26
    }
}

/// `["2026-07-28","2025-11-25",...]`, for error data and `server/discover`.
pub const SUPPORTED_JSON: &str =
    "[\"2026-07-28\",\"2025-11-25\",\"2025-06-18\",\"2025-03-26\",\"2024-11-05\"]";
