//! Running the reader's program in slices between browser turns, so the page never freezes,
//! and playing the finished run back step by step. The run lives here, outside the page state:
//! it is neither cloned nor compared.

use std::cell::RefCell;
use std::rc::Rc;

use gil_sim::Budget;
use gil_sim::LiveRun;
use gil_sim::{CHECKPOINT_EVERY, Checkpoints};
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::state::playground::{Playback, PlaygroundAction, PlaygroundState, RunSettings};
use crate::state::run::{RanWith, RunView};

/// The most instructions a run on the page may execute (the page states it).
pub const PAGE_CAP: u64 = 500_000_000;

/// Wall-clock time one slice of a run aims at, in milliseconds: well under a 50 ms long task
/// with the redraw that follows it, and long enough that the browser's work between slices
/// (style, layout and painting the progress bar) stays a small part of a run (measured on the
/// full-size race seed: 10 ms slices spent 12–16% of the run outside the simulator).
const SLICE_MS: f64 = 25.0;
/// Instructions between two looks at the clock within a slice (about half a millisecond).
const CHUNK_INSTRUCTIONS: u64 = 100_000;
/// How often the progress bar is brought up to date, in milliseconds: drawing the page after
/// every slice cost the full-size race seed 7% of its run.
const PROGRESS_MS: f64 = 100.0;

/// The run in progress, outside the page state (it is neither cloned nor compared).
#[derive(Default)]
pub struct Runner {
    /// Which of the page's runs this is.
    slot: Slot,
    run: Option<LiveRun>,
    /// Bumped by every new run and cancel, so stale slices stop.
    generation: u64,
    /// When the progress was last shown.
    shown: f64,
    version: Option<gil_sim::PyVersion>,
    settings: Option<gil_sim::Settings>,
    /// The run's program as `dis` shows it (shown line by line while stepping).
    bytecode: String,
    /// What the run is of.
    ran: Option<RanWith>,
    /// The finished run's copies of its state, for playback.
    checkpoints: Option<Checkpoints>,
    /// Steps of the finished run, and where playback stands (`None`: at the end).
    steps: usize,
    step: Option<usize>,
    playing: bool,
    /// Bumped when playback starts or stops, so stale ticks stop.
    play_generation: u64,
    /// The step a shared link asked for, shown when the run it opened with finishes.
    pending_step: Option<usize>,
    /// `__main__`'s variables as last shown, to highlight what a step changed.
    shown_globals: Vec<(String, String, u32)>,
    /// Time between two steps while playing, in milliseconds (0: the default).
    play_ms: u32,
}

/// The page's two runs: the reader's, and the same code under other settings to compare.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Slot {
    #[default]
    Main,
    Compare,
}

impl Slot {
    fn progress(self, instructions: u64) -> PlaygroundAction {
        match self {
            Slot::Main => PlaygroundAction::Progress {
                instructions,
                cap: PAGE_CAP,
            },
            Slot::Compare => PlaygroundAction::CompareProgress {
                instructions,
                cap: PAGE_CAP,
            },
        }
    }

    fn finished(self, view: Rc<RunView>) -> PlaygroundAction {
        match self {
            Slot::Main => PlaygroundAction::Finished(view),
            Slot::Compare => PlaygroundAction::CompareFinished(view),
        }
    }
}

/// Time between two steps while playing, in milliseconds, unless the reader picks another.
pub const PLAY_STEP_MS: u32 = 333;

/// Moves playback to `target` (clamped to the run's steps) and shows the state there.
pub fn go_to(runner: &mut Runner, dispatch: &Dispatch, target: usize) {
    let Some(checkpoints) = runner.checkpoints.as_ref() else {
        return;
    };
    if runner.steps == 0 {
        return;
    }
    let step = target.min(runner.steps - 1);
    if let Some(snapshot) = checkpoints.state_at(step) {
        runner.step = Some(step);
        // The first step shown has nothing to compare with.
        let changed = snapshot
            .globals
            .iter()
            .filter(|g| !runner.shown_globals.is_empty() && !runner.shown_globals.contains(g))
            .map(|(name, _, _)| name.clone())
            .collect();
        runner.shown_globals = snapshot.globals.clone();
        dispatch.dispatch(PlaygroundAction::Stepped(Rc::new(Playback {
            step,
            snapshot,
            changed,
        })));
    }
}

/// Starts or stops playing.
pub fn set_playing(runner: &Rc<RefCell<Runner>>, dispatch: &Dispatch, playing: bool) {
    let generation = {
        let mut r = runner.borrow_mut();
        if r.checkpoints.is_none() {
            return;
        }
        r.play_generation += 1;
        r.playing = playing;
        if playing && r.step.is_none_or(|s| s + 1 >= r.steps) {
            // Playing from the end starts again at the beginning.
            go_to(&mut r, dispatch, 0);
        }
        r.play_generation
    };
    dispatch.dispatch(PlaygroundAction::SetPlaying(playing));
    if playing {
        tick(runner.clone(), dispatch.clone(), generation);
    }
}

/// The next step of playback, after a pause.
fn tick(runner: Rc<RefCell<Runner>>, dispatch: Dispatch, generation: u64) {
    let pause = match runner.borrow().play_ms {
        0 => PLAY_STEP_MS,
        ms => ms,
    };
    Timeout::new(pause, move || {
        let mut r = runner.borrow_mut();
        if r.play_generation != generation || !r.playing {
            return;
        }
        let next = r.step.map_or(0, |s| s + 1);
        if next >= r.steps {
            r.playing = false;
            drop(r);
            dispatch.dispatch(PlaygroundAction::SetPlaying(false));
            return;
        }
        go_to(&mut r, &dispatch, next);
        drop(r);
        tick(runner, dispatch, generation);
    })
    .forget();
}

pub type Dispatch = UseReducerDispatcher<PlaygroundState>;

/// Ends the run in `runner` and shows it.
pub fn finish(runner: &mut Runner, dispatch: &Dispatch) {
    let Some(run) = runner.run.take() else {
        return;
    };
    runner.generation += 1;
    let (sim, checkpoints) = gil_sim::finish_live(run);
    let version = runner.version.unwrap_or(gil_sim::PyVersion::Py311);
    let settings = runner.settings.unwrap_or_default();
    let mut view = RunView::new(sim, version, settings);
    view.bytecode = std::mem::take(&mut runner.bytecode);
    view.ran = runner.ran.take();
    runner.checkpoints = Some(checkpoints);
    runner.shown_globals.clear();
    runner.steps = view.steps.len();
    runner.step = None;
    runner.playing = false;
    runner.play_generation += 1;
    dispatch.dispatch(runner.slot.finished(Rc::new(view)));
    if let Some(step) = runner.pending_step.take() {
        go_to(runner, dispatch, step);
    }
}

/// Runs the next slice of `generation` after the browser has had a turn.
fn schedule(runner: Rc<RefCell<Runner>>, dispatch: Dispatch, generation: u64) {
    crate::turn::after_turn(move || {
        let mut r = runner.borrow_mut();
        if r.generation != generation {
            return;
        }
        let Some(run) = r.run.as_mut() else {
            return;
        };
        // A slice runs until its time is up, looking at the clock every chunk: the first
        // slice is as long as the others, with no ramp while an instruction count adapts.
        let began = js_sys::Date::now();
        let ended = loop {
            if run.advance(CHUNK_INSTRUCTIONS) {
                break true;
            }
            if js_sys::Date::now() - began >= SLICE_MS {
                break false;
            }
        };
        let instructions = run.instructions();
        if ended {
            finish(&mut r, &dispatch);
            return;
        }
        let now = js_sys::Date::now();
        if now - r.shown >= PROGRESS_MS {
            r.shown = now;
            dispatch.dispatch(r.slot.progress(instructions));
        }
        drop(r);
        schedule(runner, dispatch, generation);
    });
}

/// Starts running `source` under `version` and `settings`, in slices, once the library
/// modules it imports are here; a run in progress is dropped. Callers start only programs
/// that compile (the page shows why one does not). `bytecode` is the program's `dis` text for
/// `version`, which the page already has (empty where the run is not stepped through).
pub fn start(
    runner: &Rc<RefCell<Runner>>,
    dispatch: &Dispatch,
    source: &str,
    version: gil_sim::PyVersion,
    settings: RunSettings,
    bytecode: &str,
) {
    // The run in progress stops now, and the page shows this one starting, also while its
    // modules are fetched (the last run's result must not stand for this one meanwhile).
    let (generation, slot) = {
        let mut r = runner.borrow_mut();
        r.generation += 1;
        r.run = None;
        (r.generation, r.slot)
    };
    dispatch.dispatch(slot.progress(0));
    let (runner, dispatch) = (runner.clone(), dispatch.clone());
    let (text, bytecode) = (source.to_string(), bytecode.to_string());
    crate::library::when_ready(source, move || {
        // A run or cancel that came while the modules were fetched wins.
        if runner.borrow().generation == generation {
            start_ready(
                &runner, &dispatch, &text, generation, version, settings, bytecode,
            );
        }
    });
}

/// [`start`] with the library modules here: run `generation` of `source` under `version`
/// and `settings`, which the page already shows as started.
fn start_ready(
    runner: &Rc<RefCell<Runner>>,
    dispatch: &Dispatch,
    source: &str,
    generation: u64,
    version: gil_sim::PyVersion,
    settings: RunSettings,
    bytecode: String,
) {
    let budget = Budget {
        max_instructions: PAGE_CAP,
        ..Budget::default()
    };
    let Ok(run) = gil_sim::start_simulation(
        source,
        version,
        "main.py",
        settings.sim(),
        budget,
        CHECKPOINT_EVERY,
    ) else {
        return;
    };
    {
        let mut r = runner.borrow_mut();
        r.shown = js_sys::Date::now();
        r.run = Some(run);
        r.checkpoints = None;
        r.steps = 0;
        r.step = None;
        r.playing = false;
        r.play_generation += 1;
        r.version = Some(version);
        r.settings = Some(settings.sim());
        r.bytecode = bytecode;
        r.ran = Some(RanWith {
            source: Rc::from(source),
            version,
            settings,
        });
    }
    schedule(runner.clone(), dispatch.clone(), generation);
}

impl Runner {
    /// Sets the pause between steps while playing.
    pub fn set_play_ms(&mut self, ms: u32) {
        self.play_ms = ms;
    }

    /// The runner of the compared run.
    pub fn comparing() -> Runner {
        Runner {
            slot: Slot::Compare,
            ..Runner::default()
        }
    }

    /// The runner of a page opened at playback step `step` (from a link).
    pub fn opening_at(step: Option<usize>) -> Runner {
        Runner {
            pending_step: step,
            ..Runner::default()
        }
    }

    /// Whether playback is advancing by itself.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// The playback step shown (`None`: the run's end).
    pub fn step(&self) -> Option<usize> {
        self.step
    }
}

/// Moves playback to the step `target` picks from where playback stands (`None`: at the end)
/// and the number of steps.
pub fn step_with(
    runner: &Rc<RefCell<Runner>>,
    dispatch: &Dispatch,
    target: fn(Option<usize>, usize) -> usize,
) {
    let mut r = runner.borrow_mut();
    let steps = r.steps;
    if steps > 0 {
        let target = target(r.step, steps);
        go_to(&mut r, dispatch, target);
    }
}
