//! The explorer: runs a small program under every schedule that can end differently and
//! gathers the distinct outcomes, each with the schedule of fewest preemptions found for it.
//!
//! A depth-first search over steered runs ([`steer`](super::steer)), copying the state at each
//! point of choice. Two reductions keep it small without losing an outcome: a step that
//! touched nothing shared commutes with everything, so no other thread is tried in its place
//! (a persistent set of one); and sleep sets (Godefroid) skip a thread whose step was already
//! explored from an earlier state when nothing since conflicted with it, so equivalent
//! interleavings (the same steps, commuting ones swapped) run once.

use crate::sched::footprint::Footprint;
use crate::sched::steer::{Granularity, Next};
use crate::sched::{Scheduler, Settings};
use crate::vm::frame::ThreadState;
use crate::vm::output::Stream;
use crate::vm::run::{Budget, Ending};
use crate::vm::sync::ThreadIndex;
use crate::vm::Vm;

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

/// What the explorer found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exploration {
    /// Distinct outcomes, in the order they were first found.
    pub outcomes: Vec<Outcome>,
    /// Complete schedules run.
    pub schedules: u64,
    /// Searches cut short because every thread left was asleep (already covered).
    pub pruned: u64,
    /// Steps run in all.
    pub steps: u64,
    /// False when the cap on schedules stopped the search early.
    pub complete: bool,
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

struct Search {
    limits: Limits,
    found: Exploration,
    path: Vec<u32>,
}

/// Explores every schedule of `vm`'s program (main thread `main`) under `settings`.
pub fn explore(
    vm: Vm,
    main: ThreadState,
    settings: Settings,
    granularity: Granularity,
    limits: Limits,
) -> Exploration {
    let root = Scheduler::steered(vm, main, settings, limits.budget, granularity);
    let mut search = Search {
        limits,
        found: Exploration {
            outcomes: Vec::new(),
            schedules: 0,
            pruned: 0,
            steps: 0,
            complete: true,
        },
        path: Vec::new(),
    };
    search.visit(root, Vec::new(), 0);
    search.found
}

impl Search {
    fn visit(
        &mut self,
        mut node: Scheduler<'static>,
        mut sleep: Vec<(ThreadIndex, Footprint)>,
        preemptions: u32,
    ) {
        if self.found.schedules + self.found.pruned >= self.limits.schedules {
            self.found.complete = false;
            return;
        }
        let point = match node.next_point() {
            Next::Ended(ending) => {
                self.record(&mut node, &ending, preemptions);
                return;
            }
            Next::Choose(point) if self.path.len() >= MAX_POINTS => {
                let _ = point;
                let stop = node.stopped(format!("{MAX_POINTS} points of choice"));
                self.record(&mut node, &stop, preemptions);
                return;
            }
            Next::Choose(point) => point,
        };
        // The running thread first: schedules with few preemptions are found early.
        let mut order = point.candidates.clone();
        if let Some(running) = point.running
            && let Some(at) = order.iter().position(|c| *c == running)
        {
            order.remove(at);
            order.insert(0, running);
        }
        order.retain(|c| sleep.iter().all(|(s, _)| s != c));
        if order.is_empty() {
            self.found.pruned += 1;
            return;
        }
        let mut node = Some(node);
        let last = order.len() - 1;
        for (k, who) in order.into_iter().enumerate() {
            let mut child = if k == last {
                node.take().expect("the last branch takes the node")
            } else {
                node.as_ref().expect("the node is kept for later branches").fork()
            };
            let touched = child.choose(who);
            if std::env::var("EXPLORE_DEBUG").is_ok() && self.found.schedules == 0 {
                eprintln!("{} T{} cands {:?} -> {:?} opaque={}", self.path.len(), who.0, point.candidates.iter().map(|c| c.0).collect::<Vec<_>>(), touched.accesses, touched.opaque);
            }
            self.found.steps += 1;
            let child_sleep: Vec<(ThreadIndex, Footprint)> = sleep
                .iter()
                .filter(|(_, f)| !f.conflicts(&touched))
                .cloned()
                .collect();
            let preempts = point.running.is_some_and(|r| r != who);
            self.path.push(who.0);
            self.visit(child, child_sleep, preemptions + u32::from(preempts));
            self.path.pop();
            if touched.is_local() {
                break;
            }
            sleep.push((who, touched));
        }
    }

    fn record(&mut self, node: &mut Scheduler<'static>, ending: &Ending, preemptions: u32) {
        self.found.schedules += 1;
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
            .filter(|l| !l.starts_with(' ') && !l.starts_with("Traceback") && !l.starts_with("Exception in thread") && !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        let known = self
            .found
            .outcomes
            .iter_mut()
            .find(|o| o.end == end && o.stdout == stdout && o.errors == errors);
        match known {
            Some(outcome) => {
                outcome.schedules += 1;
                if preemptions < outcome.preemptions {
                    outcome.preemptions = preemptions;
                    outcome.schedule = self.path.clone();
                }
            }
            None => self.found.outcomes.push(Outcome {
                end,
                stdout,
                errors,
                schedules: 1,
                preemptions,
                schedule: self.path.clone(),
            }),
        }
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
    let vm = match run.main_vm {
        crate::sched::MainVm::Owned(vm) => vm,
        crate::sched::MainVm::Borrowed(vm) => Box::new(vm.clone()),
    };
    (report, vm)
}
