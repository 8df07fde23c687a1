//! A run the page drives in slices: it owns its VM, advances a bounded number of
//! instructions per call so the page can draw a progress bar and stay responsive, and keeps
//! copies of the state for stepping back. Slicing never changes what happens: a run advanced
//! in any slices records the same trace as one run to the end.

use crate::sched::replay::{Checkpoint, Checkpoints};
use crate::sched::{Pause, Scheduler, Settings, SimReport};
use crate::vm::Vm;
use crate::vm::frame::ThreadState;
use crate::vm::run::{Budget, Ending};

/// A simulation in progress.
pub struct LiveRun {
    scheduler: Scheduler<'static>,
    copies: Vec<Checkpoint>,
    /// Instructions between two copies of the state.
    every: u64,
    next_copy: u64,
    ending: Option<Ending>,
}

impl LiveRun {
    /// A run of `vm`'s program whose main thread is `main`, copying the state about every
    /// `every` instructions.
    pub fn new(
        vm: Vm,
        main: ThreadState,
        settings: Settings,
        budget: Budget,
        every: u64,
    ) -> LiveRun {
        let mut scheduler = Scheduler::new_owned(Box::new(vm), main, settings, budget);
        scheduler.start();
        let copies = vec![scheduler.checkpoint()];
        LiveRun {
            scheduler,
            copies,
            every: every.max(1),
            next_copy: every.max(1),
            ending: None,
        }
    }

    /// Runs about `instructions` more (never past the next copy of the state). True once the
    /// run has ended.
    pub fn advance(&mut self, instructions: u64) -> bool {
        if self.ending.is_some() {
            return true;
        }
        let target = self
            .scheduler
            .instructions()
            .saturating_add(instructions.max(1));
        while self.ending.is_none() && self.scheduler.instructions() < target {
            let pause = target.min(self.next_copy);
            self.ending = self.scheduler.step_until(Some(Pause::Instructions(pause)));
            if self.ending.is_none() && self.scheduler.instructions() >= self.next_copy {
                self.copies.push(self.scheduler.checkpoint());
                self.next_copy = self.scheduler.instructions() + self.every;
            }
        }
        self.ending.is_some()
    }

    /// Instructions run so far, in every process.
    pub fn instructions(&self) -> u64 {
        self.scheduler.instructions()
    }

    /// Ends the run where it is (if it has not ended: stopped, as the reader cancelled it)
    /// and hands back its report, the copies for stepping back, and the program's VM.
    pub fn finish(mut self) -> (SimReport, Checkpoints, Box<Vm>) {
        let ending = match self.ending.take() {
            Some(ending) => ending,
            None => {
                let message = "\n[GIL Lab stopped the program: the run was cancelled]\n";
                self.scheduler
                    .main_vm
                    .write_output(crate::vm::output::Stream::Stderr, message);
                Ending::Stopped("a cancel".to_string())
            }
        };
        let report = self.scheduler.finish_report(ending);
        let checkpoints = Checkpoints::new(
            self.scheduler.sh.settings,
            self.scheduler.budget,
            self.copies,
        );
        (report, checkpoints, self.scheduler.main_vm.into_owned())
    }
}
