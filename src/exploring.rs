//! The explorer on the page: every schedule of the reader's program, explored in slices of
//! about 10 ms between browser turns with progress and Cancel; when there are too many to
//! explore, seeded PCT samples instead, also in slices.

use std::cell::RefCell;
use std::rc::Rc;

use gil_sim::sched::explore::{EndKind, Explorer, Limits};
use gil_sim::sched::sample::Sampler;
use gil_sim::sched::steer::Granularity;
use gil_sim::vm::run::Budget;

use crate::runner::Dispatch;
use crate::state::playground::{PlaygroundAction, RunSettings};
use crate::state::steering::{ExploreStatus, ExploreView};

/// The most schedules explored before the page samples instead.
pub const EXPLORE_CAP: u64 = 5_000;

/// Sampled schedules when there are too many to explore.
pub const SAMPLES: u64 = 200;

/// Wall-clock time one slice aims at, in milliseconds: well under a 50 ms long task, and long
/// enough that the pauses between slices (a browser clamps nested timeouts to 4 ms) stay a
/// small part of the whole.
const SLICE_MS: f64 = 25.0;
/// How often the progress bar is brought up to date, in milliseconds.
const PROGRESS_MS: f64 = 200.0;

/// The search in progress.
enum Search {
    Every(Box<Explorer>),
    Sample(Box<Sampler>),
}

/// The exploration in progress, outside the page state.
#[derive(Default)]
pub struct Exploring {
    search: Option<Search>,
    /// Bumped by every new exploration and cancel, so stale slices stop.
    generation: u64,
    /// Steps per slice, adapted to the machine.
    slice: u64,
    started: f64,
    /// When the progress was last shown.
    shown: f64,
    bytecode: bool,
    /// What makes a sample, if the search has to fall back to one.
    source: String,
    version: Option<gil_sim::PyVersion>,
    settings: RunSettings,
}

fn limits() -> Limits {
    Limits {
        schedules: EXPLORE_CAP,
        budget: Budget {
            max_instructions: 200_000,
            ..Budget::default()
        },
    }
}

fn granularity(bytecode: bool) -> Granularity {
    if bytecode {
        Granularity::Instructions
    } else {
        Granularity::SwitchPoints
    }
}

/// Starts exploring `source`; nothing happens when it does not compile.
pub fn start(
    exploring: &Rc<RefCell<Exploring>>,
    dispatch: &Dispatch,
    source: &str,
    version: gil_sim::PyVersion,
    settings: RunSettings,
    bytecode: bool,
) {
    let Ok(explorer) = gil_sim::Steered {
        source,
        version,
        file_name: "main.py",
        settings: settings.sim(),
        granularity: granularity(bytecode),
    }
    .explorer(limits()) else {
        return;
    };
    let generation = {
        let mut e = exploring.borrow_mut();
        e.generation += 1;
        e.search = Some(Search::Every(Box::new(explorer)));
        e.started = js_sys::Date::now();
        // The first slice runs at once; if it does not finish, its progress shows.
        e.shown = e.started - PROGRESS_MS;
        e.bytecode = bytecode;
        e.source = source.to_string();
        e.version = Some(version);
        e.settings = settings;
        if e.slice == 0 {
            e.slice = 2_000;
        }
        e.generation
    };
    run_slice(exploring.clone(), dispatch.clone(), generation);
}

/// Stops exploring and shows what was found so far.
pub fn cancel(exploring: &Rc<RefCell<Exploring>>, dispatch: &Dispatch) {
    let mut e = exploring.borrow_mut();
    finish(&mut e, dispatch, true);
}

fn finish(e: &mut Exploring, dispatch: &Dispatch, cancelled: bool) {
    let Some(search) = e.search.take() else {
        return;
    };
    e.generation += 1;
    let (found, too_many) = match search {
        Search::Every(explorer) => (explorer.into_found(), false),
        Search::Sample(sampler) => (sampler.into_found(), true),
    };
    let view = ExploreView {
        found,
        too_many,
        millis: js_sys::Date::now() - e.started,
        bytecode: e.bytecode,
        cancelled,
    };
    dispatch.dispatch(PlaygroundAction::Explored(ExploreStatus::Done(Rc::new(
        view,
    ))));
}

/// Runs the next slice of `generation` after the browser has had a turn.
fn schedule(exploring: Rc<RefCell<Exploring>>, dispatch: Dispatch, generation: u64) {
    crate::turn::after_turn(move || run_slice(exploring, dispatch, generation));
}

/// Runs one slice of `generation` (nothing if it was cancelled or replaced), then shows the
/// result or schedules the next slice.
fn run_slice(exploring: Rc<RefCell<Exploring>>, dispatch: Dispatch, generation: u64) {
    {
        let mut e = exploring.borrow_mut();
        if e.generation != generation {
            return;
        }
        let slice = e.slice.max(50);
        let began = js_sys::Date::now();
        let (ended, status) = match e.search.as_mut() {
            None => return,
            Some(Search::Every(explorer)) => {
                let ended = explorer.advance(slice);
                let found = explorer.found();
                // A run that reached a budget cannot be explored to the end: sample instead.
                let hopeless = found.outcomes.iter().any(|o| o.end == EndKind::Stopped);
                let status = ExploreStatus::Running {
                    schedules: found.schedules,
                    sampled: false,
                    cap: EXPLORE_CAP,
                };
                (ended || hopeless, status)
            }
            Some(Search::Sample(sampler)) => {
                let ended = sampler.advance(slice);
                let status = ExploreStatus::Running {
                    schedules: sampler.found().schedules,
                    sampled: true,
                    cap: SAMPLES,
                };
                (ended, status)
            }
        };
        let elapsed = (js_sys::Date::now() - began).max(0.5);
        // The last slice stops early: only a whole slice says how fast this machine is.
        if !ended {
            let scaled = (slice as f64 * SLICE_MS / elapsed) as u64;
            e.slice = scaled.clamp(slice / 2, slice * 2).clamp(50, 1_000_000);
        }
        if ended {
            let proven = match &e.search {
                Some(Search::Every(explorer)) => explorer.found().proven(),
                _ => true,
            };
            if proven || !sample_instead(&mut e) {
                finish(&mut e, &dispatch, false);
                return;
            }
        }
        // Drawing the page costs a few milliseconds: show progress a few times a second, so
        // a short exploration is not slowed down by its own progress bar.
        let now = js_sys::Date::now();
        if now - e.shown >= PROGRESS_MS {
            e.shown = now;
            dispatch.dispatch(PlaygroundAction::Explored(status));
        }
    }
    schedule(exploring, dispatch, generation);
}

/// Replaces an exploration that cannot cover every schedule with a sample.
fn sample_instead(e: &mut Exploring) -> bool {
    let Some(version) = e.version else {
        return false;
    };
    let Ok(sampler) = gil_sim::Steered {
        source: &e.source,
        version,
        file_name: "main.py",
        settings: e.settings.sim(),
        granularity: granularity(e.bytecode),
    }
    .sampler(limits(), SAMPLES) else {
        return false;
    };
    e.search = Some(Search::Sample(Box::new(sampler)));
    true
}
