//! The explorer: runs a small program under every schedule that can end differently and
//! gathers the distinct outcomes, each with the schedule of fewest preemptions found for it.
//!
//! A depth-first search over steered runs ([`steer`](super::steer)) that keeps copies of the
//! state at points of choice. Dynamic partial-order reduction tries another thread at a point
//! only where a later step conflicts with the one taken there ([`footprint`](super::footprint)
//! says what each step touched), and sleep sets skip a thread whose step was already explored
//! from an earlier point while nothing since conflicted with it: interleavings that differ
//! only in the order of commuting steps run once. See [`Explorer`].

use crate::sched::footprint::Footprint;
use crate::sched::steer::{Granularity, Next};
use crate::sched::{Budget, Ending};
use crate::sched::{Scheduler, Settings};
use crate::vm::Vm;
use crate::vm::frame::ThreadState;
use crate::vm::output::Stream;
use crate::vm::sync::ThreadIndex;

/// How a run ended, for telling outcomes apart.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EndKind {
    Exited(i32),
    Deadlock,
    /// An exception escaped the main thread.
    Uncaught,
    /// A budget stopped it.
    Stopped,
}

/// One distinct outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub end: EndKind,
    pub stdout: String,
    /// The last line of each traceback printed (exceptions in threads count as outcomes).
    pub errors: Vec<String>,
    /// Explored schedules that ended this way.
    pub schedules: u64,
    /// The fewest preemptions (switching away from a thread that could go on) among them,
    /// and that schedule: the thread chosen at each point.
    pub preemptions: u32,
    pub schedule: Vec<u32>,
}

impl Outcome {
    /// A schedule as runs of one thread: `(thread, points)`.
    pub fn runs_of(schedule: &[u32]) -> Vec<(u32, usize)> {
        let mut runs: Vec<(u32, usize)> = Vec::new();
        for &thread in schedule {
            match runs.last_mut() {
                Some((last, count)) if *last == thread => *count += 1,
                _ => runs.push((thread, 1)),
            }
        }
        runs
    }
}

/// What the explorer found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exploration {
    /// Distinct outcomes, in the order they were first found.
    pub outcomes: Vec<Outcome>,
    /// Complete schedules run.
    pub schedules: u64,
    /// Searches cut short because every thread left was asleep (already covered).
    pub pruned: u64,
    /// Steps run in all, and copies made of the whole state.
    pub steps: u64,
    pub copies: u64,
    /// False when the cap on schedules stopped the search early (or it sampled).
    pub complete: bool,
    /// The schedules were sampled, not all explored.
    pub sampled: bool,
    /// Schedules in which a thread wrote over an update it had not seen (a lost update), and
    /// the first such schedule with its first lost update in words.
    pub lost_update_schedules: u64,
    pub lost_update_example: Option<(Vec<u32>, String)>,
}

impl Exploration {
    /// Nothing found yet, by a search of every schedule or by `sampled` ones.
    pub fn new(sampled: bool) -> Exploration {
        Exploration {
            outcomes: Vec::new(),
            schedules: 0,
            pruned: 0,
            steps: 0,
            copies: 0,
            complete: !sampled,
            sampled,
            lost_update_schedules: 0,
            lost_update_example: None,
        }
    }
}

impl Exploration {
    /// What the schedules prove (all of them explored) or show (a sample), a sentence each:
    /// deadlocks, then lost updates with the first one found in words.
    pub fn verdict(&self) -> [String; 2] {
        let scope = if self.complete {
            format!("{} schedules", self.schedules)
        } else {
            format!("{} schedules run", self.schedules)
        };
        let deadlocks: u64 = self
            .outcomes
            .iter()
            .filter(|o| o.end == EndKind::Deadlock)
            .map(|o| o.schedules)
            .sum();
        let deadlock = match deadlocks {
            0 => format!("No deadlock in any of the {scope}."),
            n => format!("Deadlock in {n} of the {scope}."),
        };
        let lost = match &self.lost_update_example {
            None => format!("No lost update in any of the {scope}."),
            Some((_, words)) => format!(
                "Lost updates in {} of the {scope}; for example {words}",
                self.lost_update_schedules
            ),
        };
        [deadlock, lost]
    }

    /// True when every schedule was explored and none stopped at a budget: the verdict is a
    /// proof, not a sample.
    pub fn proven(&self) -> bool {
        self.complete && self.outcomes.iter().all(|o| o.end != EndKind::Stopped)
    }
}

impl EndKind {
    /// The ending in a few words ("exit 0", "deadlock").
    pub fn words(&self) -> String {
        match self {
            EndKind::Exited(code) => format!("exit {code}"),
            EndKind::Deadlock => "deadlock".to_string(),
            EndKind::Uncaught => "uncaught exception".to_string(),
            EndKind::Stopped => "stopped at a budget".to_string(),
        }
    }
}

/// Limits of one exploration.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// At most this many schedules (complete or pruned).
    pub schedules: u64,
    /// Each run's budget.
    pub budget: Budget,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            schedules: 20_000,
            budget: Budget {
                max_instructions: 200_000,
                ..Budget::default()
            },
        }
    }
}

/// The most points one schedule may have (deeper runs stop there as "stopped").
const MAX_POINTS: usize = 5_000;

/// A copy of the state is kept every this many points of the current schedule; going back
/// to a point replays at most this many steps from the copy before it.
const COPY_EVERY: usize = 32;

/// One point of the schedule being explored, and the step taken there.
struct Entry {
    /// Who could go here.
    candidates: Vec<ThreadIndex>,
    /// Threads still to try here, and those tried before `chosen` (with what their step
    /// touched).
    backtrack: Vec<ThreadIndex>,
    done: Vec<(ThreadIndex, Footprint)>,
    /// Threads asleep here: explored from an earlier point, nothing conflicting since.
    sleep: Vec<(ThreadIndex, Footprint)>,
    /// The step taken: its thread, what it touched, and its vector clock (per thread, one
    /// past the index of its latest step ordered before this one).
    chosen: ThreadIndex,
    touched: Footprint,
    clock: Vec<usize>,
    preemptions: u32,
    /// The state at this point, every [`COPY_EVERY`] points.
    copy: Option<Scheduler<'static>>,
}

/// An exploration in progress, advanced a bounded number of steps at a time (the page
/// explores in slices so it never freezes); slicing never changes what it finds.
///
/// It explores every schedule by dynamic partial-order reduction (Flanagan and Godefroid,
/// 2005) with sleep sets: run one schedule; wherever a step conflicts with an earlier step of
/// another thread that nothing orders before it, the other order is tried later from the
/// earlier point; steps that commute are never reordered, and a thread whose step was
/// explored from a point sleeps until something conflicts with it.
pub struct Explorer {
    root: Scheduler<'static>,
    limits: Limits,
    found: Exploration,
    /// The schedule being run, point by point, and the state at its end.
    path: Vec<Entry>,
    state: Scheduler<'static>,
    /// The points of `path` whose step touched something shared.
    visible: Vec<usize>,
    /// The point of the last copy on the current path.
    last_copy: usize,
    /// A point gone back to, and the thread to try there.
    retake: Option<(Entry, ThreadIndex)>,
    finished: bool,
}

impl Explorer {
    /// An exploration of `vm`'s program (main thread `main`) under `settings`.
    pub fn new(
        vm: Vm,
        main: ThreadState,
        settings: Settings,
        granularity: Granularity,
        limits: Limits,
    ) -> Explorer {
        let root = Scheduler::steered(vm, main, settings, limits.budget, granularity);
        let state = root.fork();
        Explorer {
            root,
            limits,
            found: Exploration::new(false),
            path: Vec::new(),
            state,
            visible: Vec::new(),
            last_copy: 0,
            retake: None,
            finished: false,
        }
    }

    /// What was found so far.
    pub fn found(&self) -> &Exploration {
        &self.found
    }

    /// What was found, once done with.
    pub fn into_found(self) -> Exploration {
        self.found
    }

    /// Runs about `steps` more steps; true once the exploration is over.
    pub fn advance(&mut self, steps: u64) -> bool {
        let target = self.found.steps.saturating_add(steps.max(1));
        while !self.finished && self.found.steps < target {
            if self.found.schedules + self.found.pruned >= self.limits.schedules {
                self.found.complete = false;
                self.finished = true;
            } else if !self.run_point() && !self.go_back() {
                self.finished = true;
            }
        }
        self.finished
    }

    /// Takes the next step of the schedule being run; false when it ended (or was pruned).
    fn run_point(&mut self) -> bool {
        let at = self.path.len();
        let point = match self.state.next_point() {
            Next::Ended(ending) => {
                record_path(&mut self.found, &mut self.state, &ending, &self.path);
                return false;
            }
            Next::Choose(_) if at >= MAX_POINTS => {
                let stop = self.state.stopped(format!("{MAX_POINTS} points of choice"));
                record_path(&mut self.found, &mut self.state, &stop, &self.path);
                return false;
            }
            Next::Choose(point) => point,
        };
        let path = &mut self.path;
        let running = point.running;
        let before = path.last().map_or(0, |e| e.preemptions);
        let mut entry = match self.retake.take() {
            Some((mut entry, who)) => {
                let tried = std::mem::take(&mut entry.touched);
                entry.done.push((entry.chosen, tried));
                entry.chosen = who;
                entry
            }
            None => {
                let sleep: Vec<(ThreadIndex, Footprint)> =
                    path.last().map_or_else(Vec::new, |last| {
                        last.sleep
                            .iter()
                            .chain(&last.done)
                            .filter(|(_, f)| !f.conflicts(&last.touched))
                            .cloned()
                            .collect()
                    });
                // A sleeping thread's next step is known: its races with the steps so far
                // count as if it ran here (it may not run again on this schedule).
                for (t, f) in &sleep {
                    add_races(path, &self.visible, *t, f);
                }
                let awake = |c: &ThreadIndex| sleep.iter().all(|(s, _)| s != c);
                let who = point
                    .running
                    .filter(awake)
                    .or_else(|| point.candidates.iter().copied().find(awake));
                let Some(who) = who else {
                    self.found.pruned += 1;
                    return false;
                };
                // Only a point with a choice can be gone back to.
                let copy =
                    (point.candidates.len() > 1 && at >= self.last_copy + COPY_EVERY).then(|| {
                        self.last_copy = at;
                        self.found.copies += 1;
                        self.state.fork()
                    });
                Entry {
                    candidates: point.candidates,
                    backtrack: vec![who],
                    done: Vec::new(),
                    sleep,
                    chosen: who,
                    touched: Footprint::default(),
                    clock: Vec::new(),
                    preemptions: 0,
                    copy,
                }
            }
        };
        let who = entry.chosen;
        let touched = self.state.choose(who);
        self.found.steps += 1;
        entry.clock = add_races(path, &self.visible, who, &touched);
        if !touched.is_local() {
            self.visible.push(path.len());
        }
        entry.preemptions = before + u32::from(running.is_some_and(|r| r != who));
        entry.touched = touched;
        path.push(entry);
        true
    }

    /// Goes back to the deepest point with a thread left to try; false when there is none.
    fn go_back(&mut self) -> bool {
        let path = &mut self.path;
        let Some(at) = path.iter().rposition(|e| untried(e).is_some()) else {
            return false;
        };
        path.truncate(at + 1);
        let mut entry = path.pop().expect("the point to go back to");
        self.visible.retain(|v| *v < at);
        let next = untried(&entry).expect("a thread left to try");
        let last_here = entry
            .backtrack
            .iter()
            .filter(|t| **t != next && untried_thread(&entry, **t))
            .count()
            == 0;
        self.last_copy = (0..at).rev().find(|i| path[*i].copy.is_some()).unwrap_or(0);
        self.state = match entry.copy.take() {
            // The last thread to try here (so far) takes the copy itself.
            Some(copy) if last_here => {
                self.last_copy = at;
                copy
            }
            Some(copy) => {
                let state = copy.fork();
                self.found.copies += 1;
                entry.copy = Some(copy);
                self.last_copy = at;
                state
            }
            None => {
                let base = (0..at).rev().find(|i| path[*i].copy.is_some());
                let mut from = match base.and_then(|b| path[b].copy.as_ref()) {
                    Some(copy) => copy.fork(),
                    None => self.root.fork(),
                };
                self.found.copies += 1;
                for step in &path[base.unwrap_or(0)..at] {
                    from.choose(step.chosen);
                }
                from
            }
        };
        self.retake = Some((entry, next));
        true
    }
}

/// A thread the search still has to try at this point.
fn untried(e: &Entry) -> Option<ThreadIndex> {
    e.backtrack.iter().copied().find(|t| untried_thread(e, *t))
}

/// True if `t` is neither done nor asleep at this point.
fn untried_thread(e: &Entry, t: ThreadIndex) -> bool {
    t != e.chosen && e.done.iter().all(|(d, _)| *d != t) && e.sleep.iter().all(|(s, _)| *s != t)
}

/// Adds step `path.len()` (of `who`, touching `touched`) to the happens-before order and
/// returns its vector clock (`visible`: the steps so far that touched something shared); for
/// the latest earlier step of another thread it conflicts with and is not ordered after, asks
/// for the other order at that step's point (`who` there, or every thread that could go there
/// if `who` could not).
fn add_races(
    path: &mut [Entry],
    visible: &[usize],
    who: ThreadIndex,
    touched: &Footprint,
) -> Vec<usize> {
    let me = who.0 as usize;
    let mut clock = path
        .iter()
        .rev()
        .find(|e| e.chosen == who)
        .map_or_else(Vec::new, |e| e.clock.clone());
    let mut raced = false;
    // A step that touched nothing shared races with nothing and waited for nothing.
    let shared: &[usize] = if touched.is_local() { &[] } else { visible };
    for &j in shared.iter().rev() {
        let other = path[j].chosen;
        // A step already ordered before this one brings nothing new: its own clock is
        // part of `clock` through the step of its thread that ordered it.
        if other == who || clock.get(other.0 as usize).is_some_and(|c| *c > j) {
            continue;
        }
        if !path[j].touched.conflicts(touched) {
            if touched.waited_for(&path[j].touched) {
                join(&mut clock, &path[j].clock);
            }
            continue;
        }
        if !raced {
            raced = true;
            let entry = &mut path[j];
            let wanted: Vec<ThreadIndex> = if entry.candidates.contains(&who) {
                vec![who]
            } else {
                entry.candidates.clone()
            };
            for t in wanted {
                if !entry.backtrack.contains(&t) {
                    entry.backtrack.push(t);
                }
            }
        }
        join(&mut clock, &path[j].clock);
    }
    if clock.len() <= me {
        clock.resize(me + 1, 0);
    }
    clock[me] = path.len() + 1;
    clock
}

/// `clock` becomes the larger of itself and `other`, thread by thread.
fn join(clock: &mut Vec<usize>, other: &[usize]) {
    if clock.len() < other.len() {
        clock.resize(other.len(), 0);
    }
    for (mine, theirs) in clock.iter_mut().zip(other) {
        *mine = (*mine).max(*theirs);
    }
}

/// Counts the schedule `path` under its outcome.
fn record_path(
    found: &mut Exploration,
    node: &mut Scheduler<'static>,
    ending: &Ending,
    path: &[Entry],
) {
    let preemptions = path.last().map_or(0, |e| e.preemptions);
    let schedule: Vec<u32> = path.iter().map(|e| e.chosen.0).collect();
    record(found, node, ending, preemptions, schedule);
}

/// Counts a finished schedule (`preemptions`, the thread chosen at each point) under its
/// outcome.
pub(super) fn record(
    found: &mut Exploration,
    node: &mut Scheduler<'static>,
    ending: &Ending,
    preemptions: u32,
    schedule: Vec<u32>,
) {
    found.schedules += 1;
    let races = &node.main_vm.races;
    if races.count > 0 {
        found.lost_update_schedules += 1;
        if found.lost_update_example.is_none()
            && let Some(first) = races.details.first()
        {
            found.lost_update_example = Some((schedule.clone(), first.describe()));
        }
    }
    let end = match ending {
        Ending::Exited(code) => EndKind::Exited(*code),
        Ending::Deadlock(_) => EndKind::Deadlock,
        Ending::Uncaught => EndKind::Uncaught,
        Ending::Stopped(_) => EndKind::Stopped,
    };
    let output = &node.main_vm.output;
    let stdout = output.text(Stream::Stdout);
    let errors: Vec<String> = output
        .text(Stream::Stderr)
        .lines()
        .filter(|l| {
            !l.starts_with(' ')
                && !l.starts_with("Traceback")
                && !l.starts_with("Exception in thread")
                && !l.trim().is_empty()
        })
        .map(str::to_string)
        .collect();
    let known = found
        .outcomes
        .iter_mut()
        .find(|o| o.end == end && o.stdout == stdout && o.errors == errors);
    match known {
        Some(outcome) => {
            outcome.schedules += 1;
            if preemptions < outcome.preemptions {
                outcome.preemptions = preemptions;
                outcome.schedule = schedule;
            }
        }
        None => found.outcomes.push(Outcome {
            end,
            stdout,
            errors,
            schedules: 1,
            preemptions,
            schedule,
        }),
    }
}

/// Runs `vm`'s program steered by `schedule` (the thread chosen at each point); past its end,
/// or where its thread cannot be chosen, the running thread goes on (else the lowest).
pub fn run_schedule(
    vm: Vm,
    main: ThreadState,
    settings: Settings,
    granularity: Granularity,
    budget: Budget,
    schedule: &[u32],
) -> (crate::sched::SimReport, Box<Vm>) {
    let mut run = Scheduler::steered(vm, main, settings, budget, granularity);
    let mut choices = schedule.iter();
    let ending = loop {
        match run.next_point() {
            Next::Ended(ending) => break ending,
            Next::Choose(point) => {
                let wanted = choices
                    .next()
                    .map(|c| ThreadIndex(*c))
                    .filter(|c| point.candidates.contains(c));
                if let Some(who) = wanted
                    .or(point.running)
                    .or(point.candidates.first().copied())
                {
                    run.choose(who);
                }
            }
        }
    };
    let report = run.finish_report(ending);
    (report, run.main_vm.into_owned())
}
