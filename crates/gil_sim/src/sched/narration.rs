//! A run's trace events told in words, one sentence per event ("T2 takes the GIL from T1
//! after a drop request", "T0 waits in `t.join()` at line 17 for T1 to finish"), in the
//! program's own terms: its locks by the names it reaches them with, waits inside the library
//! by the program's call into it, never a line or lock of the modelled library.

use crate::sched::GilMode;
use crate::sched::trace::{ThreadActivity, Trace, TraceEvent};
use crate::vm::sync::{LockId, ThreadIndex};
use crate::vm::{ProgramPlace, VTime};

/// One trace event as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub time: VTime,
    pub process: u32,
    /// The threads (of `process`) the event concerns, first the one it happens to.
    pub threads: Vec<u32>,
    pub text: String,
}

/// A thread's short name: `T1`, or `P2 T0` for a thread of another process.
pub fn thread_words(process: u32, thread: u32) -> String {
    if process == 0 {
        format!("T{thread}")
    } else {
        format!("P{process} T{thread}")
    }
}

/// Every event of `trace` in words; the program's locks are called by `lock_names`.
pub fn steps(trace: &Trace, gil: GilMode, lock_names: &[(LockId, String)]) -> Vec<Step> {
    trace
        .events
        .iter()
        .enumerate()
        .map(|(index, (time, process, event))| Step {
            time: *time,
            process: *process,
            threads: threads_of(event),
            text: event_words(*process, event, trace.place(index), gil, lock_names),
        })
        .collect()
}

/// The threads an event concerns, the one it happens to first.
fn threads_of(event: &TraceEvent) -> Vec<u32> {
    match event {
        TraceEvent::State { thread, activity } => match activity {
            ThreadActivity::BlockedOnJoin(other) => vec![thread.0, other.0],
            _ => vec![thread.0],
        },
        TraceEvent::GilHandoff { from, to, .. } => {
            std::iter::once(to.0).chain(from.map(|f| f.0)).collect()
        }
        TraceEvent::DropRequest { by } => vec![by.0],
        TraceEvent::Lock { thread, .. } => vec![thread.0],
    }
}

/// Where a wait happened, as a phrase: "at line 9", "in `q.get()` at line 9"; with no frame of
/// the program's, "at exit" for a main thread and "outside the program's code" for another
/// (the `threading` module starting or ending it).
fn place_words(place: Option<&ProgramPlace>, thread: ThreadIndex) -> Option<String> {
    let place = place?;
    Some(match &place.call {
        _ if place.line == 0 && thread.0 == 0 => "at exit".to_string(),
        _ if place.line == 0 => "outside the program's code".to_string(),
        Some(call) => format!("in `{call}` at line {}", place.line),
        None => format!("at line {}", place.line),
    })
}

/// `event` of `process` in one sentence.
fn event_words(
    process: u32,
    event: &TraceEvent,
    place: Option<&ProgramPlace>,
    gil: GilMode,
    lock_names: &[(LockId, String)],
) -> String {
    let who = |t: ThreadIndex| thread_words(process, t.0);
    let named = |id: LockId| {
        lock_names
            .iter()
            .find(|(l, _)| *l == id && process == 0)
            .map(|(_, name)| name.clone())
    };
    let at = place_words(
        place,
        threads_of(event)
            .first()
            .map_or(ThreadIndex(0), |t| ThreadIndex(*t)),
    );
    let at_sep = at.as_ref().map_or(String::new(), |a| format!(" {a}"));
    let inside_library = place.is_some_and(|p| p.call.is_some());
    match event {
        TraceEvent::State { thread, activity } => {
            let t = who(*thread);
            match activity {
                ThreadActivity::RunningWithGil => format!("{t} runs, holding the GIL"),
                ThreadActivity::Running => format!("{t} runs on a core"),
                ThreadActivity::WaitingForGil => format!("{t} is ready and waits for the GIL"),
                ThreadActivity::WaitingForCore if gil == GilMode::On => {
                    format!("{t} holds its process's GIL and waits for a free core")
                }
                ThreadActivity::WaitingForCore => format!("{t} is ready and waits for a free core"),
                ThreadActivity::BlockedOnLock(id) => match named(*id) {
                    Some(name) => format!("{t} blocks{at_sep}, waiting for {name}"),
                    None if inside_library => format!("{t} waits{at_sep}"),
                    None => format!("{t} blocks{at_sep}, waiting for a lock"),
                },
                ThreadActivity::BlockedOnJoin(other) => {
                    format!("{t} waits{at_sep} for {} to finish", who(*other))
                }
                ThreadActivity::BlockedOnProcess(p) => {
                    format!("{t} waits{at_sep} for process P{p} to finish")
                }
                ThreadActivity::BlockedOnQueue => {
                    format!("{t} waits{at_sep} for an item on a queue")
                }
                ThreadActivity::Sleeping => {
                    format!("{t} sleeps{at_sep} (it does not need the GIL)")
                }
                ThreadActivity::InIo => {
                    format!("{t} waits for I/O{at_sep} (it does not need the GIL)")
                }
                ThreadActivity::Starting => format!("{t} is started and has not run yet"),
                ThreadActivity::Done => format!("{t} finishes"),
            }
        }
        TraceEvent::GilHandoff { from, to, forced } => match (from, forced) {
            (Some(from), true) => format!(
                "{} drops the GIL on request and {} takes it",
                who(*from),
                who(*to)
            ),
            (Some(from), false) => {
                format!("{} releases the GIL and {} takes it", who(*from), who(*to))
            }
            (None, _) => format!("{} takes the free GIL", who(*to)),
        },
        TraceEvent::DropRequest { by } => format!(
            "{} has waited a whole switch interval and asks the holder to drop the GIL",
            who(*by)
        ),
        TraceEvent::Lock {
            thread,
            lock: id,
            taken,
        } => {
            let verb = if *taken { "takes" } else { "releases" };
            match named(*id) {
                Some(name) => format!("{} {verb} {name}", who(*thread)),
                None => format!("{} {verb} a lock{at_sep}", who(*thread)),
            }
        }
    }
}
