//! Per-request resource limits: a memory cap (answered with 531, as FastEdge does) and a
//! wall-clock budget enforced with epoch interruption (answered with 532).

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::{Engine, ResourceLimiter, Store, Trap, UpdateDeadline};

/// FastEdge status codes for platform-side failures (see the FastEdge troubleshooting docs).
pub mod status {
    /// The runner itself failed (instantiation error, invalid response from the guest...).
    pub const INTERNAL: u16 = 530;
    /// The app exceeded its memory limit.
    pub const OUT_OF_MEMORY: u16 = 531;
    /// The app exceeded its time limit.
    pub const TIMEOUT: u16 = 532;
    /// The app crashed (trap: unreachable, panic with `panic=abort`, out-of-bounds...).
    pub const CRASH: u16 = 533;
}

/// Memory limiter for one store. Unlike `wasmtime::StoreLimits` it caps the *sum* of all
/// linear memories (a wasip1 app wrapped with the adapter has more than one) and records that
/// a growth was refused: guests rarely trap on the refusal itself, they see `memory.grow`
/// return -1 and then abort, so the later trap must still be reported as out-of-memory.
#[derive(Debug)]
pub struct MemoryLimiter {
    cap: usize,
    total: usize,
    peak: usize,
    refused: bool,
}

impl MemoryLimiter {
    pub fn new(cap: u64) -> Self {
        let cap = usize::try_from(cap).unwrap_or(usize::MAX);
        MemoryLimiter { cap, total: 0, peak: 0, refused: false }
    }

    /// Bytes of linear memory currently allocated across the store.
    pub fn total_bytes(&self) -> usize {
        self.total
    }

    /// Largest `total_bytes` seen (memories never shrink, so this equals the final total).
    pub fn peak_bytes(&self) -> usize {
        self.peak
    }

    /// Whether a growth request was refused because of the cap.
    pub fn refused(&self) -> bool {
        self.refused
    }
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        // Also called with current == 0 when a memory is created, so `total` covers
        // initial sizes too.
        let next = self.total.saturating_sub(current).saturating_add(desired);
        if next > self.cap {
            self.refused = true;
            return Ok(false);
        }
        self.total = next;
        self.peak = self.peak.max(next);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        // Tables are tiny in these apps; a generous fixed bound stops runaway growth.
        Ok(desired <= 1_000_000)
    }
}

/// The error an epoch callback raises when the request's budget is spent.
#[derive(Debug)]
pub struct TimeLimitExceeded(pub Duration);

impl fmt::Display for TimeLimitExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "time limit of {} ms exceeded", self.0.as_millis())
    }
}

impl std::error::Error for TimeLimitExceeded {}

/// Milliseconds between epoch ticks: the granularity of the time limit.
const TICK: Duration = Duration::from_millis(1);

/// Background thread bumping the engine's epoch so running guests check their deadline.
/// The thread stops when the ticker is dropped.
pub struct EpochTicker {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl EpochTicker {
    pub fn start(engine: &Engine) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let engine = engine.clone();
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("epoch-ticker".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(TICK);
                    engine.increment_epoch();
                }
            })
            .expect("spawn epoch ticker thread");
        EpochTicker { stop, thread: Some(thread) }
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Arms the wall-clock budget on a fresh store. The deadline is checked against a real clock
/// on every tick rather than counting ticks, because `sleep(1ms)` overshoots and a tick count
/// would stretch a 10 s budget noticeably.
pub fn arm_deadline<T: 'static>(store: &mut Store<T>, budget: Duration) {
    let start = Instant::now();
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(move |_| {
        if start.elapsed() >= budget {
            Err(TimeLimitExceeded(budget).into())
        } else {
            Ok(UpdateDeadline::Continue(1))
        }
    });
}

/// Why a guest call failed, in the terms of the FastEdge status codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    OutOfMemory,
    Timeout,
    Crash,
}

impl Failure {
    /// Classifies an error returned by instantiation or by the guest call.
    /// `memory_refused` comes from [`MemoryLimiter::refused`].
    pub fn classify(err: &wasmtime::Error, memory_refused: bool) -> Failure {
        if err.downcast_ref::<TimeLimitExceeded>().is_some()
            || matches!(err.downcast_ref::<Trap>(), Some(Trap::Interrupt))
        {
            Failure::Timeout
        } else if memory_refused {
            Failure::OutOfMemory
        } else {
            Failure::Crash
        }
    }

    pub fn status(self) -> u16 {
        match self {
            Failure::OutOfMemory => status::OUT_OF_MEMORY,
            Failure::Timeout => status::TIMEOUT,
            Failure::Crash => status::CRASH,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_caps_the_sum_of_memories() {
        let mut l = MemoryLimiter::new(100);
        assert!(l.memory_growing(0, 60, None).unwrap());
        assert!(l.memory_growing(0, 30, None).unwrap());
        assert!(!l.memory_growing(30, 50, None).unwrap());
        assert!(l.refused());
        assert_eq!(l.total_bytes(), 90);
        assert!(l.memory_growing(60, 70, None).unwrap());
        assert_eq!(l.peak_bytes(), 100);
    }
}
