//! "You are the scheduler": the run the reader steers lives here, outside the page state (it
//! is neither cloned nor compared); each choice, undo or restart dispatches what the page
//! shows of it.

use std::cell::RefCell;
use std::rc::Rc;

use gil_sim::Budget;
use gil_sim::ManualRun;
use gil_sim::{Granularity, Next};

use crate::runner::Dispatch;
use crate::state::challenges::Challenge;
use crate::state::playground::{PlaygroundAction, RunSettings};
use crate::state::run::RunView;
use crate::state::steering::{Candidate, SteerView};

/// The most instructions a steered run may execute (between choices the threads run only
/// to the next point, so only a runaway program comes near it).
pub const STEER_CAP: u64 = 20_000_000;

/// The steered run, and what the page needs to show it.
#[derive(Default)]
pub struct Steering {
    run: Option<ManualRun>,
    version: Option<gil_sim::PyVersion>,
    settings: RunSettings,
    challenge: Option<Challenge>,
    bytecode: bool,
    dis: String,
}

/// What a steered run is made of.
pub struct SteerStart {
    pub source: String,
    pub version: gil_sim::PyVersion,
    pub settings: RunSettings,
    /// A choice after every instruction ("expand to bytecode").
    pub bytecode: bool,
    pub challenge: Option<Challenge>,
    /// Choices to make at once (a shared link, an outcome of the explorer).
    pub schedule: Vec<u32>,
    /// The program's `dis` text.
    pub dis: String,
}

/// Starts steering a run of `start.source` once the library modules it imports are here;
/// nothing happens when it does not compile.
pub fn start(steering: &Rc<RefCell<Steering>>, dispatch: &Dispatch, start: SteerStart) {
    let (steering, dispatch) = (steering.clone(), dispatch.clone());
    let source = start.source.clone();
    crate::library::when_ready(&source, move || start_ready(&steering, &dispatch, start));
}

/// [`start`] with the library modules here.
fn start_ready(steering: &Rc<RefCell<Steering>>, dispatch: &Dispatch, start: SteerStart) {
    let granularity = if start.bytecode {
        Granularity::Instructions
    } else {
        Granularity::SwitchPoints
    };
    let budget = Budget {
        max_instructions: STEER_CAP,
        ..Budget::default()
    };
    let Ok(mut run) = gil_sim::Steered {
        source: &start.source,
        version: start.version,
        file_name: "main.py",
        settings: start.settings.sim(),
        granularity,
    }
    .steer(budget) else {
        return;
    };
    run.choose_all(&start.schedule);
    let mut s = steering.borrow_mut();
    *s = Steering {
        run: Some(run),
        version: Some(start.version),
        settings: start.settings,
        challenge: start.challenge,
        bytecode: start.bytecode,
        dis: start.dis,
    };
    show(&mut s, dispatch);
}

/// Runs `thread` to its next point, if it can go now.
pub fn choose(steering: &Rc<RefCell<Steering>>, dispatch: &Dispatch, thread: u32) {
    let mut s = steering.borrow_mut();
    if s.run.as_mut().is_some_and(|run| run.choose(thread)) {
        show(&mut s, dispatch);
    }
}

/// Takes back the last `count` choices.
pub fn undo(steering: &Rc<RefCell<Steering>>, dispatch: &Dispatch, count: usize) {
    let mut s = steering.borrow_mut();
    let Some(run) = s.run.as_mut() else {
        return;
    };
    if run.choices().is_empty() {
        return;
    }
    run.undo(count);
    show(&mut s, dispatch);
}

/// Stops steering.
pub fn stop(steering: &Rc<RefCell<Steering>>, dispatch: &Dispatch) {
    steering.borrow_mut().run = None;
    dispatch.dispatch(PlaygroundAction::Steered(None));
}

/// Dispatches what the page shows of the steered run.
fn show(s: &mut Steering, dispatch: &Dispatch) {
    let Some(run) = s.run.as_mut() else {
        return;
    };
    let snapshot = run.snapshot();
    let candidates = match run.next() {
        Next::Choose(point) => point
            .candidates
            .iter()
            .map(|t| {
                let view = snapshot.threads.iter().find(|v| v.thread == t.0);
                // A thread not yet in the program's own code is still starting.
                let instruction = match view {
                    Some(v) if v.line > 0 => v.instruction.clone(),
                    _ => "starting".to_string(),
                };
                Candidate {
                    thread: t.0,
                    name: view.map_or_else(String::new, |v| v.name.clone()),
                    line: view.map_or(0, |v| v.line),
                    instruction,
                    running: point.running == Some(*t),
                }
            })
            .collect(),
        Next::Ended(_) => Vec::new(),
    };
    let version = s.version.unwrap_or(gil_sim::PyVersion::Py311);
    let ended = run.simulation().map(|sim| {
        let mut view = RunView::new(sim, version, s.settings.sim());
        view.bytecode = s.dis.clone();
        Rc::new(view)
    });
    let reached = s.challenge.as_ref().is_some_and(|c| run.reached(&c.goal));
    dispatch.dispatch(PlaygroundAction::Steered(Some(Rc::new(SteerView {
        choices: run.choices().to_vec(),
        candidates,
        snapshot,
        ended,
        challenge: s.challenge.clone(),
        reached,
        bytecode: s.bytecode,
        dis: s.dis.clone(),
    }))));
}
