//! The run's trace events as steps the reader can move through, each told in words for the
//! narration ("T2 takes the GIL from T1 after a drop request").

use gil_sim::sched::GilMode;
use gil_sim::sched::trace::{ThreadActivity, TraceEvent};
use gil_sim::vm::sync::LockId;

/// One trace event as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Simulated time in picoseconds.
    pub time_ps: u64,
    pub text: String,
}

/// A thread's short name in narration: `T1`, or `P2 T0` for a thread of another process.
pub fn thread_words(process: u32, thread: u32) -> String {
    if process == 0 {
        format!("T{thread}")
    } else {
        format!("P{process} T{thread}")
    }
}

/// `event` of `process` in one sentence; the program's locks are called by `lock_names`
/// (others by number).
pub fn event_words(
    process: u32,
    event: &TraceEvent,
    gil: GilMode,
    lock_names: &[(LockId, String)],
) -> String {
    let who = |t: u32| thread_words(process, t);
    let lock = |id: LockId| {
        lock_names
            .iter()
            .find(|(l, _)| *l == id && process == 0)
            .map_or_else(|| format!("lock #{}", id.0), |(_, name)| name.clone())
    };
    match event {
        TraceEvent::State { thread, activity } => {
            let t = who(thread.0);
            match activity {
                ThreadActivity::RunningWithGil => format!("{t} runs, holding the GIL"),
                ThreadActivity::Running => format!("{t} runs on a core"),
                ThreadActivity::WaitingForGil if gil == GilMode::On => {
                    format!("{t} is ready and waits for the GIL")
                }
                ThreadActivity::WaitingForGil => format!("{t} is ready and waits for a free core"),
                ThreadActivity::BlockedOnLock(id) => {
                    format!("{t} blocks, waiting for {}", lock(*id))
                }
                ThreadActivity::BlockedOnJoin(other) => {
                    format!("{t} waits in join() for {} to finish", who(other.0))
                }
                ThreadActivity::BlockedOnProcess(p) => {
                    format!("{t} waits in join() for process P{p} to finish")
                }
                ThreadActivity::BlockedOnQueue => format!("{t} waits for an item on a queue"),
                ThreadActivity::Sleeping => format!("{t} sleeps (it does not need the GIL)"),
                ThreadActivity::InIo => format!("{t} waits for I/O (it does not need the GIL)"),
                ThreadActivity::Done => format!("{t} finishes"),
            }
        }
        TraceEvent::GilHandoff { from, to, forced } => match (from, forced) {
            (Some(from), true) => format!(
                "{} drops the GIL on request and {} takes it",
                who(from.0),
                who(to.0)
            ),
            (Some(from), false) => format!(
                "{} releases the GIL and {} takes it",
                who(from.0),
                who(to.0)
            ),
            (None, _) => format!("{} takes the free GIL", who(to.0)),
        },
        TraceEvent::DropRequest { by } => format!(
            "{} has waited a whole switch interval and asks the holder to drop the GIL",
            who(by.0)
        ),
        TraceEvent::Lock {
            thread,
            lock: id,
            taken,
        } => {
            let verb = if *taken { "takes" } else { "releases" };
            format!("{} {verb} {}", who(thread.0), lock(*id))
        }
    }
}
