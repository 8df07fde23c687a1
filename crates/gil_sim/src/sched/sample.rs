//! Sampling schedules, for programs too big to explore every one: seeded runs under PCT
//! (Burckhardt et al., 2010): each thread gets a random priority, the highest-priority thread
//! that can go runs, and at a few random points the running thread drops to the lowest
//! priority. A bug that needs `depth` such ordering points is found by each run with
//! probability at least 1/(threads · steps^(depth-1)).

use crate::sched::explore::{Exploration, Limits, record};
use crate::sched::rng::Rng;
use crate::sched::steer::{Granularity, Next};
use crate::sched::{Scheduler, Settings};
use crate::vm::Vm;
use crate::vm::frame::ThreadState;
use crate::vm::sync::ThreadIndex;

/// How many times the running thread is pushed down per run (PCT's depth minus one).
const CHANGE_POINTS: usize = 3;

/// Sampled schedules in progress, run a few at a time (the page samples in slices).
pub struct Sampler {
    root: Scheduler<'static>,
    found: Exploration,
    rng: Rng,
    /// The length of a run, in points, as far as seen (change points fall within it).
    length: u64,
    runs: u64,
}

impl Sampler {
    /// `runs` PCT schedules of `vm`'s program to run, seeded by `settings.seed`.
    pub fn new(
        vm: Vm,
        main: ThreadState,
        settings: Settings,
        granularity: Granularity,
        limits: Limits,
        runs: u64,
    ) -> Sampler {
        Sampler {
            root: Scheduler::steered(vm, main, settings, limits.budget, granularity),
            found: Exploration::new(true),
            rng: Rng::new(settings.seed),
            length: 64,
            runs,
        }
    }

    /// What the runs so far found.
    pub fn found(&self) -> &Exploration {
        &self.found
    }

    /// What was found, once done with.
    pub fn into_found(self) -> Exploration {
        self.found
    }

    /// Runs whole schedules until about `steps` more steps ran; true once all have run.
    pub fn advance(&mut self, steps: u64) -> bool {
        let target = self.found.steps.saturating_add(steps.max(1));
        while self.found.schedules < self.runs && self.found.steps < target {
            self.run_one();
        }
        self.found.schedules >= self.runs
    }

    fn run_one(&mut self) {
        let rng = &mut self.rng;
        let mut state = self.root.fork();
        self.found.copies += 1;
        let mut priorities: Vec<(ThreadIndex, u64)> = Vec::new();
        let changes: Vec<u64> = (0..CHANGE_POINTS).map(|_| rng.below(self.length)).collect();
        let mut lowest = 0u64;
        let mut schedule: Vec<u32> = Vec::new();
        let mut preemptions = 0;
        let ending = loop {
            let point = match state.next_point() {
                Next::Ended(ending) => break ending,
                Next::Choose(point) => point,
            };
            for candidate in &point.candidates {
                if priorities.iter().all(|(t, _)| t != candidate) {
                    priorities.push((*candidate, CHANGE_POINTS as u64 + 1 + rng.below(1 << 32)));
                }
            }
            let at = schedule.len() as u64;
            if changes.contains(&at)
                && let Some(running) = point.running
                && let Some(entry) = priorities.iter_mut().find(|(t, _)| *t == running)
            {
                lowest += 1;
                entry.1 = CHANGE_POINTS as u64 + 1 - lowest.min(CHANGE_POINTS as u64);
            }
            let who = point
                .candidates
                .iter()
                .copied()
                .max_by_key(|c| priorities.iter().find(|(t, _)| t == c).map_or(0, |p| p.1));
            let Some(who) = who else {
                break state.stopped("a point with no thread to run".to_string());
            };
            preemptions += u32::from(point.running.is_some_and(|r| r != who));
            schedule.push(who.0);
            state.choose(who);
            self.found.steps += 1;
        };
        self.length = self.length.max(schedule.len() as u64);
        record(&mut self.found, &mut state, &ending, preemptions, schedule);
    }
}
