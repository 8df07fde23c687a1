//! A run the page drives in slices: it owns its VM, advances a bounded number of
//! instructions per call so the page can draw a progress bar and stay responsive, and keeps
//! copies of the state for stepping back. Slicing never changes what happens: a run advanced
//! in any slices records the same trace as one run to the end.

use crate::sched::replay::{Checkpoint, Checkpoints};
use crate::sched::{Budget, Ending};
use crate::sched::{Pause, Scheduler, Settings, SimReport};
use crate::vm::Vm;
use crate::vm::frame::ThreadState;

/// The most bytes the copies of a run's state may take together (about: see
/// `Scheduler::state_bytes`). Past it, every other copy goes and the rest are twice as far
/// apart: stepping back replays longer stretches, and the page keeps its memory.
const MAX_COPY_BYTES: usize = 384 << 20;

/// A simulation in progress.
pub struct LiveRun {
    scheduler: Scheduler<'static>,
    copies: Vec<Checkpoint>,
    /// The size of each copy.
    copy_bytes: Vec<usize>,
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
        let copy_bytes = vec![scheduler.state_bytes()];
        LiveRun {
            scheduler,
            copies,
            copy_bytes,
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
                self.keep_copy();
                self.next_copy = self.scheduler.instructions() + self.every;
            }
        }
        self.ending.is_some()
    }

    /// Copies the state, first thinning the copies out (the first one stays) while the new
    /// one would take them past [`MAX_COPY_BYTES`]; a state too large for even that is not
    /// copied.
    fn keep_copy(&mut self) {
        let bytes = self.scheduler.state_bytes();
        while self.copies.len() > 1
            && self.copy_bytes.iter().sum::<usize>() + bytes > MAX_COPY_BYTES
        {
            every_other(&mut self.copies);
            every_other(&mut self.copy_bytes);
            self.every = self.every.saturating_mul(2);
        }
        if self.copy_bytes.iter().sum::<usize>() + bytes <= MAX_COPY_BYTES {
            self.copies.push(self.scheduler.checkpoint());
            self.copy_bytes.push(bytes);
        }
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

/// Keeps the first item and every other one after it.
fn every_other<T>(items: &mut Vec<T>) {
    let mut index = 0;
    items.retain(|_| {
        index += 1;
        index % 2 == 1
    });
}
