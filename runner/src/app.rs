//! A compiled app: one `Engine`, the component compiled once, an `InstancePre` with all
//! imports resolved. Each call gets a fresh `Store` and instance, as on FastEdge, so the
//! per-request cost is exactly instantiate + `process`.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::{Config, Engine, Store};

use crate::component::{self, InputKind, HANDLER_INTERFACE};
use crate::host::bindings::gcore::fastedge::http::{Request, Response};
use crate::host::bindings::{Reactor, ReactorPre};
use crate::host::{HostConfig, HostState};
use crate::limits::{arm_deadline, Failure};

/// Fuel given to each benchmarked call: far more than any sane request uses, so the figure
/// read back is the real consumption and never an out-of-fuel trap.
const BENCH_FUEL: u64 = u64::MAX / 4;

/// The two engine configurations. They differ on purpose: fuel metering slows guests down,
/// so serving never pays for it, and benchmarks measure fuel instead of using a deadline.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    /// Epoch interruption on (wall-clock budget), fuel off.
    Serve { budget: Duration },
    /// Fuel metering on, no deadline.
    Bench,
}

pub struct App {
    engine: Engine,
    pre: ReactorPre<HostState>,
    config: Arc<HostConfig>,
    mode: Mode,
    pub kind: InputKind,
    /// Size of the input file in bytes.
    pub input_bytes: usize,
    /// Time to wrap (if needed) and compile the component.
    pub compile_time: Duration,
}

/// How one call ended.
#[derive(Debug)]
pub enum Outcome {
    Response(Response),
    Failed { failure: Failure, message: String },
}

/// One call with its measurements.
#[derive(Debug)]
pub struct CallReport {
    pub outcome: Outcome,
    /// Store creation + instantiation.
    pub instantiate_time: Duration,
    /// Store creation + instantiation + `process`.
    pub total_time: Duration,
    /// Linear memory (all memories of the instance) right after instantiation.
    pub memory_start: usize,
    /// Linear memory after the call (memories only grow, so this is the peak).
    pub memory_peak: usize,
    /// Fuel used by instantiation and by `process` (bench mode only).
    pub fuel_instantiate: Option<u64>,
    pub fuel_process: Option<u64>,
}

impl App {
    pub fn load(path: &Path, config: Arc<HostConfig>, mode: Mode) -> Result<App> {
        let engine = new_engine(mode)?;
        let start = Instant::now();
        let binary = component::load(path)?;
        let component = Component::new(&engine, &binary.component)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("{}: cannot compile", path.display()))?;
        let compile_time = start.elapsed();

        let ty = component.component_type();
        if !ty.exports(&engine).any(|(name, _)| name.starts_with(HANDLER_INTERFACE)) {
            bail!("{}: component does not export `{HANDLER_INTERFACE}` (not a FastEdge HTTP app?)", path.display());
        }
        let needs_wasi = ty.imports(&engine).any(|(name, _)| name.starts_with("wasi:"));

        let mut linker = Linker::<HostState>::new(&engine);
        Reactor::add_to_linker::<_, HasSelf<_>>(&mut linker, |s| s)?;
        if needs_wasi {
            wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        }
        let pre = linker
            .instantiate_pre(&component)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("{}: imports not provided by FastEdge", path.display()))?;
        let pre = ReactorPre::new(pre)?;
        Ok(App { engine, pre, config, mode, kind: binary.kind, input_bytes: binary.input_bytes, compile_time })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Runs one request in a fresh instance. Never panics on guest misbehaviour: every
    /// failure is reported in the outcome, and the store is dropped either way.
    pub fn call(&self, req: &Request) -> CallReport {
        let start = Instant::now();
        let mut store = Store::new(&self.engine, HostState::new(self.config.clone()));
        store.limiter(|s| &mut s.limiter);
        let metered = match self.mode {
            Mode::Serve { budget } => {
                arm_deadline(&mut store, budget);
                false
            }
            Mode::Bench => store.set_fuel(BENCH_FUEL).is_ok(),
        };
        let fuel_used = |store: &Store<HostState>| {
            metered.then(|| BENCH_FUEL - store.get_fuel().unwrap_or(BENCH_FUEL))
        };

        let instance = self.pre.instantiate(&mut store);
        let instantiate_time = start.elapsed();
        let memory_start = store.data().limiter.total_bytes();
        let fuel_instantiate = fuel_used(&store);

        let result = instance.and_then(|i| i.gcore_fastedge_http_handler().call_process(&mut store, req));
        let total_time = start.elapsed();
        let outcome = match result {
            Ok(response) => Outcome::Response(response),
            Err(err) => {
                let failure = Failure::classify(&err, store.data().limiter.refused());
                Outcome::Failed { failure, message: short_message(&err) }
            }
        };
        let fuel_process = fuel_used(&store).zip(fuel_instantiate).map(|(all, inst)| all - inst);
        CallReport {
            outcome,
            instantiate_time,
            total_time,
            memory_start,
            memory_peak: store.data().limiter.peak_bytes(),
            fuel_instantiate,
            fuel_process,
        }
    }
}

fn new_engine(mode: Mode) -> Result<Engine> {
    let mut config = Config::new();
    match mode {
        Mode::Serve { .. } => {
            config.epoch_interruption(true);
        }
        Mode::Bench => {
            config.consume_fuel(true);
        }
    }
    Engine::new(&config).map_err(anyhow::Error::from)
}

/// One line for the HTTP body and log: the trap or root cause, without the Wasm backtrace.
fn short_message(err: &wasmtime::Error) -> String {
    let text = match err.downcast_ref::<wasmtime::Trap>() {
        Some(trap) => trap.to_string(),
        None => err.root_cause().to_string(),
    };
    text.lines().next().unwrap_or("unknown error").to_string()
}
