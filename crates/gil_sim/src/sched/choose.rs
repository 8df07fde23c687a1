//! The one place that decides who runs. Every hand-off the scheduler makes is a [`Decision`]
//! put to [`Chooser::choose`]: the next runner, who takes a GIL let go of, a forced switch,
//! the old GIL's check, which lock waiters wake, whether a woken thread barges in, and whether
//! GIL waiters time out. A chooser is CPython's rules with the scenario's seeded generator, or
//! a path of choices made from outside (the explorer, samples, the reader, a replayed
//! schedule): on a path only the next runner is chosen, and every other hand-off waits for
//! that choice (the chosen thread takes the GIL; all lock waiters wake and the first chosen
//! takes the lock).

use crate::sched::footprint::Access;
use crate::sched::outcome::Ending;
use crate::sched::rng::Rng;
use crate::sched::steer::Granularity;
use crate::vm::VTime;
use crate::vm::sync::ThreadIndex;

/// Who decides.
#[derive(Clone, Debug)]
pub enum Chooser {
    /// CPython's rules, drawing on the scenario's seeded generator.
    Rules,
    /// Choices made from outside, one point at a time.
    Path(Path),
}

/// A steered run's choices and its own bookkeeping.
#[derive(Clone, Debug)]
pub struct Path {
    pub granularity: Granularity,
    /// The choice made for the next point, waiting to be taken.
    pub pending: Option<ThreadIndex>,
    /// The thread chosen last.
    pub last: Option<ThreadIndex>,
    /// The run's one clock: how far the threads that ran have come.
    pub now: VTime,
    /// How the run ended, once it has.
    pub ended: Option<Ending>,
    /// Threads blocked in a join or on a lock, and on what (their next step comes after the
    /// step that frees them).
    pub waits: Vec<(ThreadIndex, Access)>,
    /// Threads that have taken a step.
    pub started: Vec<ThreadIndex>,
}

impl Path {
    /// A path with no choice made yet.
    pub fn new(granularity: Granularity) -> Path {
        Path {
            granularity,
            pending: None,
            last: None,
            now: VTime(0),
            ended: None,
            waits: Vec::new(),
            started: Vec::new(),
        }
    }
}

/// A hand-off to decide, and how each kind of chooser decides it.
pub trait Decision {
    type Answer;
    fn by_rules(self, rng: &mut Rng) -> Self::Answer;
    fn on_path(self, path: &mut Path) -> Self::Answer;
}

impl Chooser {
    /// Decides `decision`: the one function through which every hand-off goes.
    pub fn choose<D: Decision>(&mut self, rng: &mut Rng, decision: D) -> D::Answer {
        match self {
            Chooser::Rules => decision.by_rules(rng),
            Chooser::Path(path) => decision.on_path(path),
        }
    }

    /// The path of a steered run.
    pub fn path(&mut self) -> Option<&mut Path> {
        match self {
            Chooser::Rules => None,
            Chooser::Path(path) => Some(path),
        }
    }
}

/// One of `items` at random.
fn any<T: Copy>(rng: &mut Rng, items: &[T]) -> Option<T> {
    if items.is_empty() {
        return None;
    }
    Some(items[rng.below(items.len() as u64) as usize])
}

/// Who runs next: the runners that can (with a GIL, each process's holder), furthest behind
/// first, against the earliest timed event.
pub struct NextRunner<'a> {
    /// (clock, process, thread), sorted.
    pub runners: &'a [(VTime, usize, ThreadIndex)],
    /// The earliest timed event and its process.
    pub next_event: Option<(VTime, usize)>,
    /// The quantum between threads of one process (free-threaded interleaving) and between
    /// processes.
    pub thread_quantum: VTime,
    pub process_quantum: VTime,
    /// The longest stretch a runner goes before the budgets are checked.
    pub slice: VTime,
    /// The old GIL (2.x) with waiters in the first runner's process: its check period.
    pub old_gil_period: Option<VTime>,
    /// When the next time slice ends on a core while a runner waits for one.
    pub rotation: Option<VTime>,
}

/// What runs next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Thread `who` of process `process` runs until `deadline` (at a switch point), or, on a
    /// path, to its next point of choice.
    Run {
        process: usize,
        who: ThreadIndex,
        deadline: VTime,
    },
    /// Nobody runs before the timed events due at this time in that process.
    Event(VTime, usize),
    /// Nobody runs before the time slices that end at this time give their cores to the
    /// runners waiting.
    Rotate(VTime),
    /// Nothing can run and nothing is due: the program ended or deadlocked.
    Nothing,
    /// A path with no choice made for this point: the driver chooses.
    Pause,
}

impl Decision for NextRunner<'_> {
    type Answer = Next;

    fn by_rules(self, rng: &mut Rng) -> Next {
        if let Some(time) = self.rotation
            && self
                .runners
                .first()
                .is_none_or(|(clock, _, _)| time <= *clock)
            && self.next_event.is_none_or(|(event, _)| time <= event)
        {
            return Next::Rotate(time);
        }
        let first = self.runners.first().copied();
        let run_first = match (first, self.next_event) {
            (Some((clock, _, _)), Some((time, _))) => clock < time,
            (Some(_), None) => true,
            (None, _) => false,
        };
        let Some((clock, process, who)) = first.filter(|_| run_first) else {
            return match self.next_event {
                Some((time, p)) => Next::Event(time, p),
                None => Next::Nothing,
            };
        };
        let mut deadline = self.next_event.map_or(VTime::MAX, |(time, _)| time);
        if let Some(time) = self.rotation {
            deadline = deadline.min(time);
        }
        if let Some((other, other_p, _)) = self.runners.get(1) {
            let quantum = if *other_p == process {
                self.thread_quantum
            } else {
                self.process_quantum
            };
            let jitter = rng.below(quantum.0);
            deadline = deadline.min(VTime(other.0.saturating_add(jitter)));
        }
        deadline = deadline.min(VTime(clock.0.saturating_add(self.slice.0)));
        if let Some(period) = self.old_gil_period {
            let period = rng.below(2 * period.0);
            deadline = deadline.min(VTime(clock.0 + period));
        }
        Next::Run {
            process,
            who,
            deadline,
        }
    }

    fn on_path(self, path: &mut Path) -> Next {
        match path.pending.take() {
            Some(who) => Next::Run {
                process: 0,
                who,
                deadline: VTime(0),
            },
            None => Next::Pause,
        }
    }
}

/// Who takes a GIL let go of: released voluntarily, or free once timed events are processed.
/// Any waiter may win (docs/cpython.md §1).
pub struct GilTaker<'a> {
    pub waiters: &'a [ThreadIndex],
}

impl Decision for GilTaker<'_> {
    type Answer = Option<ThreadIndex>;

    fn by_rules(self, rng: &mut Rng) -> Option<ThreadIndex> {
        any(rng, self.waiters)
    }

    fn on_path(self, _: &mut Path) -> Option<ThreadIndex> {
        None
    }
}

/// The holder reached a check site with a drop request pending: who takes the GIL from it
/// (never the holder itself).
pub struct ForcedSwitch<'a> {
    pub waiters: &'a [ThreadIndex],
}

impl Decision for ForcedSwitch<'_> {
    type Answer = Option<ThreadIndex>;

    fn by_rules(self, rng: &mut Rng) -> Option<ThreadIndex> {
        any(rng, self.waiters)
    }

    fn on_path(self, _: &mut Path) -> Option<ThreadIndex> {
        None
    }
}

/// The old GIL (2.x): at each check the holder releases and takes it back at once; a waiter
/// wins only sometimes (the OS decides).
pub struct OldGilCheck<'a> {
    pub waiters: &'a [ThreadIndex],
    /// How often a waiter wins the race.
    pub waiter_wins: f64,
}

impl Decision for OldGilCheck<'_> {
    type Answer = Option<ThreadIndex>;

    fn by_rules(self, rng: &mut Rng) -> Option<ThreadIndex> {
        if self.waiters.is_empty() || !rng.chance(self.waiter_wins) {
            return None;
        }
        any(rng, self.waiters)
    }

    fn on_path(self, _: &mut Path) -> Option<ThreadIndex> {
        None
    }
}

/// A lock was freed: which of its waiters wake to try it again. CPython wakes one, any of
/// them (not FIFO, docs/cpython.md §6); on a path all wake, and whoever is chosen first takes it.
pub struct LockWaiters {
    pub waiters: Vec<usize>,
}

impl Decision for LockWaiters {
    type Answer = Vec<usize>;

    fn by_rules(self, rng: &mut Rng) -> Vec<usize> {
        any(rng, &self.waiters).into_iter().collect()
    }

    fn on_path(self, _: &mut Path) -> Vec<usize> {
        self.waiters
    }
}

/// A thread coming back from a blocking call finds the GIL free: whether it takes it at once
/// (it barges in, docs/cpython.md §1) or waits to be chosen.
pub struct Barge;

impl Decision for Barge {
    type Answer = bool;

    fn by_rules(self, _: &mut Rng) -> bool {
        true
    }

    fn on_path(self, _: &mut Path) -> bool {
        false
    }
}

/// Whether threads waiting for the GIL time out after the switch interval and ask the holder
/// to drop it: under CPython's rules they do; on a path the choice of the next runner is the
/// switch.
pub struct GilTimeouts;

impl Decision for GilTimeouts {
    type Answer = bool;

    fn by_rules(self, _: &mut Rng) -> bool {
        true
    }

    fn on_path(self, _: &mut Path) -> bool {
        false
    }
}
