//! The machine's cores, shared by every runner: each process's GIL holder, or without a GIL
//! each runnable thread. While there are enough cores, each runner keeps one; when more want
//! to run than there are cores, the operating system gives each a time slice in turn (Linux's
//! fair scheduler, simply: round robin, longest waiting first), and a runner waits for a core
//! between its slices. Which runner holds which core, and from when, is a fact of the run:
//! the scheduler records every change in the trace, and the page draws only that.

use std::collections::VecDeque;

use crate::vm::VTime;
use crate::vm::sync::ThreadIndex;

/// A thread of a process that can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Runner {
    pub process: usize,
    pub thread: ThreadIndex,
}

/// How long a runner keeps a core while others wait for one: Linux's scheduling latency
/// shared among the runners of a core comes to a few milliseconds.
pub const OS_SLICE: VTime = VTime(3_000_000_000);

/// One core.
#[derive(Clone, Copy, Debug)]
struct Seat {
    runner: Option<Runner>,
    /// Since when it is free (when it has no runner), or when its runner's slice ends.
    time: VTime,
}

/// A change of who holds a core, for the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub core: u32,
    /// The runner that holds it from `at` on; None when it goes idle (`left` left it).
    pub runner: Option<Runner>,
    pub left: Option<Runner>,
    pub at: VTime,
}

/// Every core, and the runners waiting for one.
#[derive(Clone, Debug)]
pub struct Cores {
    seats: Vec<Seat>,
    /// Runners that want a core, longest waiting first, each with since when.
    queue: VecDeque<(Runner, VTime)>,
}

impl Cores {
    /// `n` idle cores.
    pub fn new(n: u32) -> Cores {
        Cores {
            seats: vec![
                Seat {
                    runner: None,
                    time: VTime(0),
                };
                n.max(1) as usize
            ],
            queue: VecDeque::new(),
        }
    }

    /// The core `runner` holds, if it holds one.
    pub fn core_of(&self, runner: Runner) -> Option<u32> {
        self.seats
            .iter()
            .position(|s| s.runner == Some(runner))
            .map(|c| c as u32)
    }

    /// How many cores have a runner.
    pub fn busy(&self) -> usize {
        self.seats.iter().filter(|s| s.runner.is_some()).count()
    }

    /// Brings the cores up to date with `wanting`, the runners that want to run now, each
    /// with its clock (`clock_of` gives any runner's): a runner that no longer wants one
    /// leaves its core at its clock, a new one queues from its clock, and free cores take the
    /// runners that have waited longest. Returns the changes, in time order per core.
    pub fn sync(
        &mut self,
        wanting: &[(VTime, Runner)],
        clock_of: impl Fn(Runner) -> VTime,
    ) -> Vec<Change> {
        let wants = |r: Runner| wanting.iter().any(|(_, w)| *w == r);
        let mut left: Vec<(usize, Runner, VTime)> = Vec::new();
        for (core, seat) in self.seats.iter_mut().enumerate() {
            if let Some(runner) = seat.runner
                && !wants(runner)
            {
                seat.runner = None;
                seat.time = clock_of(runner);
                left.push((core, runner, seat.time));
            }
        }
        self.queue.retain(|(r, _)| wants(*r));
        for (clock, runner) in wanting {
            if self.core_of(*runner).is_none() && self.queue.iter().all(|(r, _)| r != runner) {
                self.queue.push_back((*runner, *clock));
            }
        }
        let mut changes = self.seat_waiting();
        // A core left and taken again at once shows only who took it.
        for (core, runner, at) in left {
            if !changes.iter().any(|c| c.core == core as u32 && c.at == at) {
                changes.push(Change {
                    core: core as u32,
                    runner: None,
                    left: Some(runner),
                    at,
                });
            }
        }
        changes
    }

    /// Free cores take the runners that have waited longest.
    fn seat_waiting(&mut self) -> Vec<Change> {
        let mut changes = Vec::new();
        while let Some(core) = self.seats.iter().position(|s| s.runner.is_none()) {
            let Some((runner, since)) = self.queue.pop_front() else {
                break;
            };
            let seat = &mut self.seats[core];
            let at = seat.time.max(since);
            seat.runner = Some(runner);
            seat.time = VTime(at.0.saturating_add(OS_SLICE.0));
            changes.push(Change {
                core: core as u32,
                runner: Some(runner),
                left: None,
                at,
            });
        }
        changes
    }

    /// When the next slice ends on a core while a runner waits for one.
    pub fn next_rotation(&self) -> Option<VTime> {
        if self.queue.is_empty() {
            return None;
        }
        self.seats
            .iter()
            .filter(|s| s.runner.is_some())
            .map(|s| s.time)
            .min()
    }

    /// The slices that ended by `time` end: their runners wait for a core again (from their
    /// clocks) and the runners that waited longest take the cores.
    pub fn rotate(&mut self, time: VTime, clock_of: impl Fn(Runner) -> VTime) -> Vec<Change> {
        let mut changes = Vec::new();
        for core in 0..self.seats.len() {
            if self.queue.is_empty() {
                break;
            }
            let seat = self.seats[core];
            let Some(runner) = seat.runner else {
                continue;
            };
            if seat.time > time {
                continue;
            }
            let at = clock_of(runner).max(seat.time);
            let (next, since) = self
                .queue
                .pop_front()
                .expect("internal error: a runner waits");
            self.queue.push_back((runner, at));
            let seat = &mut self.seats[core];
            let start = at.max(since);
            seat.runner = Some(next);
            seat.time = VTime(start.0.saturating_add(OS_SLICE.0));
            if start > at {
                // The core is idle until the next runner is ready to take it.
                changes.push(Change {
                    core: core as u32,
                    runner: None,
                    left: Some(runner),
                    at,
                });
            }
            changes.push(Change {
                core: core as u32,
                runner: Some(next),
                left: Some(runner),
                at: start,
            });
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runner(thread: u32) -> Runner {
        Runner {
            process: 0,
            thread: ThreadIndex(thread),
        }
    }

    #[test]
    fn each_runner_keeps_a_core_while_there_are_enough() {
        let mut cores = Cores::new(2);
        let wanting = [(VTime(0), runner(0)), (VTime(5), runner(1))];
        let changes = cores.sync(&wanting, |_| VTime(0));
        assert_eq!(changes.len(), 2);
        assert_eq!(cores.core_of(runner(1)), Some(1));
        assert_eq!(cores.next_rotation(), None);
        assert!(cores.sync(&wanting, |_| VTime(0)).is_empty());
    }

    #[test]
    fn more_runners_than_cores_take_turns() {
        let mut cores = Cores::new(1);
        let wanting = [(VTime(0), runner(0)), (VTime(0), runner(1))];
        cores.sync(&wanting, |_| VTime(0));
        assert_eq!(cores.core_of(runner(0)), Some(0));
        assert_eq!(cores.core_of(runner(1)), None);
        assert_eq!(cores.next_rotation(), Some(OS_SLICE));
        let changes = cores.rotate(OS_SLICE, |_| OS_SLICE);
        assert_eq!(changes[0].runner, Some(runner(1)));
        assert_eq!(changes[0].left, Some(runner(0)));
        assert_eq!(cores.core_of(runner(0)), None);
        // The second leaves: the first takes the core back at once.
        let changes = cores.sync(&[(OS_SLICE, runner(0))], |_| VTime(4_000_000_000));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].runner, Some(runner(0)));
        assert_eq!(changes[0].at, VTime(4_000_000_000));
        assert!(cores.busy() <= 1);
    }
}
