//! The state at any step of a run, quickly: the run keeps a full copy of its state (every
//! process's memory, threads, GIL and the trace so far) about every few million
//! instructions; the state at trace event k is the nearest earlier copy run forward
//! deterministically to k. Stepping back and scrubbing cost at most one stretch of replay.

use std::cell::RefCell;

use crate::sched::Budget;
use crate::sched::trace::ThreadActivity;
use crate::sched::{Pause, Process, Scheduler, Settings, Shared};
use crate::vm::output::Stream;
use crate::vm::value::Value;
use crate::vm::{VTime, Vm};

/// Instructions between two copies of the state.
pub const CHECKPOINT_EVERY: u64 = 2_000_000;

/// A copy of a whole run's state.
#[derive(Clone)]
pub struct Checkpoint {
    pub(super) main: Vm,
    pub(super) processes: Vec<Process>,
    pub(super) sh: Shared,
    pub(super) runs: u64,
}

impl Checkpoint {
    /// Trace events recorded when the copy was taken.
    pub fn events(&self) -> usize {
        self.sh.trace.events.len()
    }
}

/// One thread at a step.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreadView {
    pub process: u32,
    pub thread: u32,
    pub name: String,
    pub activity: ThreadActivity,
    /// The line of the program it is at (0 once it finished; library frames are skipped) and
    /// its call stack, outermost first, each frame with its line.
    pub line: u32,
    /// The instruction of the program it is at, as `dis` shows it: the next one to run, or the
    /// call it is inside (empty once it finished).
    pub instruction: String,
    pub stack: Vec<String>,
    pub clock: VTime,
    /// Shared variables it has read and will write back (the middle of a read–modify–write).
    pub held: Vec<crate::vm::races::HeldRead>,
}

/// Everything the page shows at a step.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The trace events that had happened.
    pub events: usize,
    pub time: VTime,
    pub threads: Vec<ThreadView>,
    pub stdout: String,
    pub stderr: String,
    /// `__main__`'s variables: name, value and reference count.
    pub globals: Vec<(String, String, u32)>,
    pub lost_updates: u64,
}

/// A finished run's copies of its state, and what is needed to run forward from them.
pub struct Checkpoints {
    pub settings: Settings,
    pub budget: Budget,
    pub copies: Vec<Checkpoint>,
    /// The state last asked for: playing forward runs on from it instead of from a copy.
    cursor: RefCell<Option<Cursor>>,
}

/// A state rebuilt by [`Checkpoints::state_at`]: run forward from copy `copy` until at least
/// `asked` events had happened.
struct Cursor {
    state: Checkpoint,
    copy: usize,
    asked: usize,
}

impl Checkpoints {
    pub fn new(settings: Settings, budget: Budget, copies: Vec<Checkpoint>) -> Checkpoints {
        Checkpoints {
            settings,
            budget,
            copies,
            cursor: RefCell::new(None),
        }
    }

    /// The state right after trace event `step` (the first events of a run are its start).
    /// Asked for a later step from the same copy, it runs on from the state it gave last
    /// (the same run forward, stopped once more), so playback costs one step's replay.
    pub fn state_at(&self, step: usize) -> Option<Snapshot> {
        let target = step + 1;
        let copy = self
            .copies
            .iter()
            .rposition(|c| c.events() <= target)
            .unwrap_or(0);
        let start = self.copies.get(copy)?;
        let mut cursor = self.cursor.borrow_mut();
        let Checkpoint {
            mut main,
            processes,
            sh,
            runs,
        } = match cursor.take() {
            Some(c) if c.copy == copy && c.asked <= target => c.state,
            _ => start.clone(),
        };
        let mut scheduler = Scheduler {
            main_vm: super::MainVm::Borrowed(&mut main),
            processes,
            sh,
            budget: self.budget,
            runs,
        };
        let _ = scheduler.step_until(Some(Pause::Events(target)));
        let snapshot = scheduler.snapshot();
        let Scheduler {
            processes,
            sh,
            runs,
            ..
        } = scheduler;
        *cursor = Some(Cursor {
            state: Checkpoint {
                main,
                processes,
                sh,
                runs,
            },
            copy,
            asked: target,
        });
        Some(snapshot)
    }
}

impl Scheduler<'_> {
    /// What the page shows of the current state.
    pub(super) fn snapshot(&mut self) -> Snapshot {
        let mut threads = Vec::new();
        // Every process's output so far, interleaved in time as the finished run shows it.
        let mut output = self.main_vm.output.clone();
        for p in 0..self.processes.len() {
            let ctx = self.ctx(p);
            if p > 0 {
                output.merge(ctx.vm.output.clone(), p as u32);
            }
            for (i, thread) in ctx.st.threads.iter().enumerate() {
                let frames = &thread.state.frames;
                let stack = frames
                    .iter()
                    .map(|f| {
                        let code = ctx.vm.code(f.code);
                        let line = ctx.vm.frame_line(f);
                        match &code.library {
                            Some((file, _)) => format!("{} ({file}:{line})", code.source.qualname),
                            None => format!("{} (line {line})", code.source.qualname),
                        }
                    })
                    .collect();
                // The line of the reader's program the thread is at: its innermost frame
                // outside the library modules.
                let own = frames
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, f)| ctx.vm.code(f.code).library.is_none());
                let line = own.map_or(0, |(_, f)| ctx.vm.frame_line(f));
                let instruction = own
                    .and_then(|(depth, f)| {
                        let inside_call = depth + 1 < frames.len();
                        let at = if inside_call {
                            (f.ip as usize).saturating_sub(1)
                        } else {
                            f.ip as usize
                        };
                        crate::bytecode::instruction_words(&ctx.vm.code(f.code).source, at)
                    })
                    .unwrap_or_default();
                let held = own.map_or_else(Vec::new, |(_, f)| {
                    let code = std::rc::Rc::clone(ctx.vm.code(f.code));
                    ctx.vm.held_reads(&thread.state, &code, f.ip as usize)
                });
                threads.push(ThreadView {
                    process: p as u32,
                    thread: i as u32,
                    name: ctx
                        .vm
                        .thread_names
                        .get(i)
                        .map_or_else(String::new, |n| n.to_string()),
                    activity: thread.activity,
                    line,
                    instruction,
                    stack,
                    clock: thread.clock,
                    held,
                });
            }
        }
        let vm = &mut *self.main_vm;
        let pairs: Vec<(Value, Value)> = vm.dict(vm.main_globals).iter().collect();
        let mut globals = Vec::new();
        for (key, value) in pairs {
            let Some(name) = vm.as_str(key).map(|n| n.to_string()) else {
                continue;
            };
            if name.starts_with("__") {
                continue;
            }
            let count = value.as_obj().map_or(0, |id| vm.heap.refcount(id));
            let shown = vm.plain_repr(value);
            globals.push((name, shown, count));
        }
        let stdout = output.text(Stream::Stdout);
        let stderr = output.text(Stream::Stderr);
        Snapshot {
            events: self.sh.trace.events.len(),
            time: self.sh.trace.events.last().map_or(VTime(0), |e| e.0),
            threads,
            stdout,
            stderr,
            globals,
            lost_updates: self.main_vm.races.count,
        }
    }
}
