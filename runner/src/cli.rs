//! Command-line interface. Parsing only: every flag is turned into plain data that the
//! other modules consume, so they never see clap types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Default linear-memory cap of a FastEdge app, in bytes (the platform's documented default).
pub const DEFAULT_MAX_MEMORY: u64 = 128_000_000;
/// Default wall-clock budget of one request, in milliseconds.
pub const DEFAULT_MAX_DURATION_MS: u64 = 10_000;

#[derive(Debug, Parser)]
#[command(name = "fastedge-run", version, about = "Run Gcore FastEdge Wasm apps locally")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve an app over HTTP on 127.0.0.1, one fresh instance per request.
    Http(HttpArgs),
    /// Call an app in-process (no HTTP) and report compile time, latency, fuel and memory.
    Bench(BenchArgs),
}

/// Settings shared by `http` and `bench`: what the guest can see through the host imports.
#[derive(Debug, Clone, Args)]
pub struct HostArgs {
    /// Environment variable / dictionary entry, KEY=VALUE (repeatable).
    #[arg(short = 'e', long = "env", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub env: Vec<(String, String)>,

    /// Secret, KEY=VALUE (repeatable).
    #[arg(short = 's', long = "secret", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub secrets: Vec<(String, String)>,

    /// Key-value store backed by a JSON file, NAME=FILE (repeatable).
    #[arg(long = "kv-store", value_name = "NAME=FILE", value_parser = parse_key_value)]
    pub kv_stores: Vec<(String, String)>,

    /// Key-value store backed by Redis, NAME=redis://HOST:PORT (repeatable; Gcore's
    /// `fastedge-run` flag: GET, SCAN, ZRANGEBYSCORE, ZSCAN and BF.EXISTS against it).
    #[arg(long = "kv-stores", value_name = "NAME=redis://HOST:PORT", value_parser = parse_key_value)]
    pub redis_stores: Vec<(String, String)>,

    /// Linear-memory cap in bytes; a guest that needs more is answered with 531.
    #[arg(short = 'm', long = "max-memory", value_name = "BYTES", default_value_t = DEFAULT_MAX_MEMORY)]
    pub max_memory: u64,

    /// Let `http-client.send-request` reach non-loopback hosts (refused by default).
    #[arg(long = "allow-outbound-any")]
    pub allow_outbound_any: bool,
}

#[derive(Debug, Args)]
pub struct HttpArgs {
    /// Port on 127.0.0.1 (0 picks a free one; the chosen port is printed).
    #[arg(short = 'p', long = "port", default_value_t = 8080)]
    pub port: u16,

    /// The app: a core Wasm module (wasm32-wasip1 or wasm32-unknown-unknown) or a component.
    #[arg(short = 'w', long = "wasm", value_name = "APP.wasm")]
    pub wasm: PathBuf,

    #[command(flatten)]
    pub host: HostArgs,

    /// Extra request header added to every request, K=V (repeatable).
    #[arg(long = "headers", value_name = "K=V", value_parser = parse_key_value)]
    pub headers: Vec<(String, String)>,

    /// Add the FastEdge geo headers (pop-*) with fixed test values and `x-real-ip`.
    #[arg(long = "geo")]
    pub geo: bool,

    /// Wall-clock budget of one request in ms; a guest over it is answered with 532.
    #[arg(long = "max-duration", value_name = "MS", default_value_t = DEFAULT_MAX_DURATION_MS)]
    pub max_duration_ms: u64,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The app; give -w twice to compare a peer against it (ratios are peer/app).
    #[arg(short = 'w', long = "wasm", value_name = "APP.wasm", required = true, num_args = 1)]
    pub wasm: Vec<PathBuf>,

    /// Calls per request kind.
    #[arg(short = 'n', long = "iterations", default_value_t = 200)]
    pub iterations: usize,

    /// Print one JSON document instead of the table.
    #[arg(long = "json")]
    pub json: bool,

    #[command(flatten)]
    pub host: HostArgs,
}

/// `KEY=VALUE` -> (KEY, VALUE). The value may itself contain `=`; the key may not be empty.
pub fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got `{s}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_value_splits_on_first_equals() {
        assert_eq!(parse_key_value("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert_eq!(parse_key_value("a=").unwrap(), ("a".into(), "".into()));
        assert!(parse_key_value("=b").is_err());
        assert!(parse_key_value("ab").is_err());
    }

    #[test]
    fn cli_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
