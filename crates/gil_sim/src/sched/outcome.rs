//! How a run ends, and the caps that stop a runaway one.

use crate::vm::VTime;

/// Caps on a run; reaching one stops it with a message that names it.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub max_instructions: u64,
    pub max_virtual_time: VTime,
    pub max_objects: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_instructions: 2_000_000_000,
            max_virtual_time: VTime::from_nanos(3_600 * 1_000_000_000),
            max_objects: 2_000_000,
        }
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The program finished (status 0, or `sys.exit(n)`'s n).
    Exited(i32),
    /// An exception escaped; its traceback is on stderr.
    Uncaught,
    /// A budget stopped the run; the message names it.
    Stopped(String),
    /// The main thread or a non-daemon thread waits forever (status 3).
    Deadlock(crate::sched::deadlock::Deadlock),
}

impl Ending {
    /// The process exit status `gilsim run` reports.
    pub fn status(&self) -> i32 {
        match self {
            Ending::Exited(code) => *code,
            Ending::Uncaught => 1,
            Ending::Stopped(_) => 4,
            Ending::Deadlock(_) => 3,
        }
    }

    /// How the main thread's end reads as a run's end: `sys.exit(code)`'s code, or an
    /// uncaught exception.
    pub fn of_main(exit: crate::vm::run::MainExit) -> Ending {
        match exit {
            crate::vm::run::MainExit::Code(code) => Ending::Exited(code),
            crate::vm::run::MainExit::Uncaught => Ending::Uncaught,
        }
    }
}
