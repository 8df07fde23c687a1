//! What the page shows of a run the reader steers ("you are the scheduler") and of the
//! explorer: plain data built from the simulator's runs, compared and cloned cheaply.

use std::rc::Rc;

use gil_sim::Snapshot;
use gil_sim::{EndKind, Exploration};

use crate::state::challenges::Challenge;
use crate::state::run::RunView;

/// A thread the reader can pick at the current point.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub thread: u32,
    pub name: String,
    pub line: u32,
    /// The instruction it runs next, as `dis` shows it.
    pub instruction: String,
    /// It ran last and can go on (picking another thread preempts it).
    pub running: bool,
}

/// A steered run as it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct SteerView {
    pub choices: Vec<u32>,
    /// Empty once the run has ended.
    pub candidates: Vec<Candidate>,
    pub snapshot: Snapshot,
    /// The whole run once it has ended, for the timeline.
    pub ended: Option<Rc<RunView>>,
    pub challenge: Option<Challenge>,
    pub reached: bool,
    /// A choice after every instruction, not only at the version's switch points.
    pub bytecode: bool,
    /// The program's `dis` text, for showing a thread's line as bytecode.
    pub dis: String,
}

impl SteerView {
    /// The choices so far as runs of one thread: "T0×4 T1×2".
    pub fn runs_words(&self) -> String {
        gil_sim::Outcome::runs_of(&self.choices)
            .iter()
            .map(|(thread, points)| format!("T{thread}×{points}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Where the explorer is.
#[derive(Clone, Debug, PartialEq)]
pub enum ExploreStatus {
    Idle,
    /// Exploring (or sampling): schedules run so far.
    Running {
        schedules: u64,
        sampled: bool,
        cap: u64,
    },
    Done(Rc<ExploreView>),
}

/// A finished exploration as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExploreView {
    pub found: Exploration,
    /// The search could not cover every schedule, so these are samples.
    pub too_many: bool,
    /// Every run reached its budget before the program ended: nothing was learned about how
    /// it ends.
    pub too_big: bool,
    /// When it is too big: the program with its loop counts scaled down, if it has any.
    pub scaled_down: Option<Rc<str>>,
    /// Wall time it took, in milliseconds.
    pub millis: f64,
    pub bytecode: bool,
    /// Cancelled before the end.
    pub cancelled: bool,
}

impl ExploreView {
    /// An outcome in a few words: its last line of output, and how it ended if not normally.
    pub fn outcome_words(&self, index: usize) -> String {
        let Some(outcome) = self.found.outcomes.get(index) else {
            return String::new();
        };
        let last = outcome
            .stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("(no output)");
        let mut words = last.to_string();
        // The simulator's own notes ("[GIL Lab: deadlock detected …]") repeat the ending.
        if let Some(error) = outcome.errors.iter().find(|e| !e.starts_with("[GIL Lab")) {
            words = format!("{words} · {error}");
        }
        match outcome.end {
            EndKind::Exited(0) => words,
            EndKind::Deadlock => format!("deadlock · {words}"),
            ref end => format!("{} · {words}", end.words()),
        }
    }
}
