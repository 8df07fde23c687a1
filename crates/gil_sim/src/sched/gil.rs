//! The GIL's state (CPython's `struct _gil_runtime_state`, docs/cpython.md §1) and the timings the
//! scheduler uses for it, calibrated against the measurements in docs/cpython.md.

use crate::vm::VTime;
use crate::vm::sync::ThreadIndex;

/// Who holds the GIL, whether a drop was requested, how many hand-offs happened, and since
/// when it is free (a thread woken by another process, whose clock may be behind, cannot take
/// it before that).
#[derive(Clone, Debug, Default)]
pub struct Gil {
    pub holder: Option<ThreadIndex>,
    pub drop_request: bool,
    pub switch_number: u64,
    pub free_since: VTime,
}

/// A thread waiting for the GIL: since when (its timed wait restarts there) and the hand-off
/// count when the wait began (a drop is requested only if no hand-off happened meanwhile).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GilWait {
    pub since: VTime,
    pub switch_number: u64,
}

/// Time for a woken waiter to get on a core and take the GIL after a signal: uniform between
/// these bounds (seeded). Two CPU-bound threads measured a median slice of 5.125 ms at the
/// 5 ms interval and 1.11 ms at 1 ms, p10–p90 5.10–5.18 ms (docs/cpython.md §1): the interval plus
/// about 0.1 ms of wake-up that varies by tens of microseconds.
pub const WAKE_LATENCY_MIN: VTime = VTime(60_000_000);
pub const WAKE_LATENCY_MAX: VTime = VTime(140_000_000);

/// Creating an OS thread before its first bytecode.
pub const THREAD_START_COST: VTime = VTime(50_000_000);

/// Old GIL: about the time of 100 "slow" instructions, after which the holder releases and
/// re-acquires; each period is drawn uniformly from zero to twice this (seeded), as the mix of
/// instructions varies.
pub const OLD_GIL_CHECK_PERIOD: VTime = VTime(1_000_000);

/// Old GIL: how often a waiter wins the re-acquire race; with the 1 µs period this gives the
/// measured median slice of ≈25 µs (docs/cpython.md §1, 2.7.18 on this machine kind).
pub const OLD_GIL_WAITER_WINS: f64 = 0.04;

/// Old GIL: the time for the winning waiter to take it.
pub const OLD_GIL_HANDOFF: VTime = VTime(5_000_000);

/// Free-threaded: the largest random lead a thread may get over the next one before the
/// scheduler switches cores' interleaving (seeded).
pub const FREE_THREADED_QUANTUM: VTime = VTime(1_000_000);

/// What a `time.sleep` takes beyond its argument (timer slack and wake-up).
pub const SLEEP_OVERHEAD: VTime = VTime(65_000_000);

/// How much each additional busy core slows every running core (shared caches and memory
/// bandwidth, lower boost clocks). Calibrated on docs/cpython.md §7: 4 processes on 2 cores took
/// 1.02–1.07 s where 0.99 s was the ideal, and on an idle 16-core machine each of 4 processes
/// took 1.19–1.30 s for work that took ≈0.93 s alone.
pub const PARALLEL_SLOWDOWN: f64 = 0.1;
