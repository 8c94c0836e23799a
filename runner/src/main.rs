//! `fastedge-run`: run Gcore FastEdge HTTP apps (`gcore:fastedge/reactor` world) locally.

mod app;
mod bench;
mod cli;
mod component;
mod host;
mod kv;
mod limits;
mod outbound;
mod redis;
mod server;

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Parser;

use crate::app::{App, Mode};
use crate::cli::{Cli, Command, HostArgs};
use crate::host::{HostConfig, KvBackend};
use crate::kv::KvData;
use crate::outbound::OutboundPolicy;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: the context chain joined, no backtrace.
            eprintln!("error: {}", format!("{e:#}").replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Http(args) => {
            let budget = Duration::from_millis(args.max_duration_ms.max(1));
            let config = host_config(&args.host, budget)?;
            let app = Arc::new(App::load(&args.wasm, config, Mode::Serve { budget })?);
            // Lives as long as the server: it is what makes the deadline checks happen.
            let _ticker = limits::EpochTicker::start(app.engine());
            let opts = server::ServeOptions { port: args.port, extra_headers: args.headers, geo: args.geo };
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("cannot start the async runtime")?
                .block_on(server::serve(app, opts))
        }
        Command::Bench(args) => {
            let config = host_config(&args.host, Duration::from_millis(cli::DEFAULT_MAX_DURATION_MS))?;
            bench::run(&args.wasm, args.iterations, args.json, config)
        }
    }
}

fn host_config(args: &HostArgs, outbound_timeout: Duration) -> Result<Arc<HostConfig>> {
    let mut stores = HashMap::new();
    for (name, file) in &args.kv_stores {
        let data = KvData::load(Path::new(file)).with_context(|| format!("--kv-store {name}"))?;
        stores.insert(name.clone(), KvBackend::File(Arc::new(data)));
    }
    for (name, url) in &args.redis_stores {
        let store = redis::RedisStore::new(url).with_context(|| format!("--kv-stores {name}"))?;
        stores.insert(name.clone(), KvBackend::Redis(Arc::new(store)));
    }
    let outbound = OutboundPolicy { allow_any: args.allow_outbound_any, timeout: outbound_timeout };
    Ok(Arc::new(HostConfig::new(
        args.env.clone(),
        args.secrets.clone(),
        stores,
        outbound,
        args.max_memory,
    )))
}
