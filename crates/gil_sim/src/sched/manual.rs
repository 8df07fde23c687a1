//! "You are the scheduler": a steered run ([`steer`](super::steer)) driven by the reader one
//! choice at a time, with undo (the run is replayed from its start with one choice fewer,
//! which gives exactly the state it had) and goals to reach (the page's challenges).

use crate::Simulation;
use crate::sched::replay::Snapshot;
use crate::sched::steer::{Granularity, Next, Point};
use crate::sched::{Budget, Ending};
use crate::sched::{Scheduler, Settings, Status};
use crate::vm::Vm;
use crate::vm::frame::ThreadState;
use crate::vm::output::Stream;
use crate::vm::sync::ThreadIndex;

/// What a challenge asks the reader to make happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goal {
    /// The program's output (stdout, then stderr) contains this text.
    Output(String),
    /// The run ends in a deadlock.
    Deadlock,
    /// A thread blocks on a lock another thread holds.
    LockWait,
}

/// A run the reader steers, choice by choice.
pub struct ManualRun {
    /// The run before its first choice, forked again for every undo.
    root: Scheduler<'static>,
    run: Scheduler<'static>,
    choices: Vec<u32>,
    next: Next,
    /// A thread of the program blocked on a lock in its own code (not inside the library's
    /// own locking, such as `Thread.start` waiting for the thread to start).
    lock_wait: bool,
}

impl ManualRun {
    /// A steered run of `vm`'s program (main thread `main`), waiting for its first choice.
    pub fn new(
        vm: Vm,
        main: ThreadState,
        settings: Settings,
        granularity: Granularity,
        budget: Budget,
    ) -> ManualRun {
        let root = Scheduler::steered(vm, main, settings, budget, granularity);
        let mut run = root.fork();
        let next = run.next_point();
        ManualRun {
            root,
            run,
            choices: Vec::new(),
            next,
            lock_wait: false,
        }
    }

    /// The threads that can go next, or how the run ended.
    pub fn next(&self) -> &Next {
        &self.next
    }

    /// The threads chosen so far, one per point.
    pub fn choices(&self) -> &[u32] {
        &self.choices
    }

    /// Runs `thread` to its next point of choice; false (and nothing happens) when it cannot
    /// go now.
    pub fn choose(&mut self, thread: u32) -> bool {
        let Next::Choose(Point { candidates, .. }) = &self.next else {
            return false;
        };
        if !candidates.contains(&ThreadIndex(thread)) {
            return false;
        }
        self.run.choose(ThreadIndex(thread));
        self.choices.push(thread);
        self.lock_wait |= self.run.blocked_in_own_code();
        self.next = self.run.next_point();
        true
    }

    /// Makes each choice of `schedule` in turn while it can be made; returns how many were.
    pub fn choose_all(&mut self, schedule: &[u32]) -> usize {
        schedule.iter().take_while(|t| self.choose(**t)).count()
    }

    /// Takes back the last `count` choices.
    pub fn undo(&mut self, count: usize) {
        let kept = self.choices.len().saturating_sub(count);
        let mut schedule = std::mem::take(&mut self.choices);
        schedule.truncate(kept);
        self.run = self.root.fork();
        self.lock_wait = false;
        self.next = self.run.next_point();
        self.choose_all(&schedule);
    }

    /// Threads, `__main__`'s variables and output as they stand.
    pub fn snapshot(&mut self) -> Snapshot {
        self.run.snapshot()
    }

    /// The whole run once it has ended (for the timeline): `None` before.
    pub fn simulation(&self) -> Option<Simulation> {
        let Next::Ended(ending) = &self.next else {
            return None;
        };
        let mut copy = self.run.fork();
        let report = copy.finish_report(ending.clone());
        Some(Simulation::new(&mut copy.main_vm, report))
    }

    /// Whether the run so far reached `goal`.
    pub fn reached(&self, goal: &Goal) -> bool {
        match goal {
            Goal::Output(text) => {
                let output = &self.run.main_vm.output;
                let all = output.text(Stream::Stdout) + &output.text(Stream::Stderr);
                all.contains(text.as_str())
            }
            Goal::Deadlock => matches!(self.next, Next::Ended(Ending::Deadlock(_))),
            Goal::LockWait => self.lock_wait,
        }
    }
}

impl Scheduler<'_> {
    /// True if a thread waits for a lock its own code asked for.
    fn blocked_in_own_code(&self) -> bool {
        self.processes[0].st.threads.iter().any(|t| {
            matches!(t.status, Status::OnLock { .. })
                && t.state
                    .frames
                    .last()
                    .is_some_and(|f| self.main_vm.code(f.code).library.is_none())
        })
    }
}
