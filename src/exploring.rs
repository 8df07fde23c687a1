//! The explorer on the page: every schedule of the reader's program, explored in slices of
//! about 25 ms between browser turns with progress and Cancel; when there are too many to
//! explore, seeded PCT samples instead, also in slices.

use std::cell::RefCell;
use std::rc::Rc;

use gil_sim::sched::Budget;
use gil_sim::sched::explore::{EndKind, Explorer, Limits};
use gil_sim::sched::sample::Sampler;
use gil_sim::sched::steer::Granularity;

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
/// Steps between two looks at the clock within a slice (well under a millisecond).
const CHUNK_STEPS: u64 = 250;
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
        // A slice runs until its time is up, looking at the clock every few hundred steps:
        // the first slice is as long as the others, with no ramp while a step count adapts.
        let began = js_sys::Date::now();
        let ended = loop {
            let ended = match e.search.as_mut() {
                None => return,
                Some(Search::Every(explorer)) => {
                    // A run that reached a budget cannot be explored to the end: sample
                    // instead.
                    explorer.advance(CHUNK_STEPS)
                        || explorer
                            .found()
                            .outcomes
                            .iter()
                            .any(|o| o.end == EndKind::Stopped)
                }
                Some(Search::Sample(sampler)) => sampler.advance(CHUNK_STEPS),
            };
            if ended || js_sys::Date::now() - began >= SLICE_MS {
                break ended;
            }
        };
        let status = match &e.search {
            None => return,
            Some(Search::Every(explorer)) => ExploreStatus::Running {
                schedules: explorer.found().schedules,
                sampled: false,
                cap: EXPLORE_CAP,
            },
            Some(Search::Sample(sampler)) => ExploreStatus::Running {
                schedules: sampler.found().schedules,
                sampled: true,
                cap: SAMPLES,
            },
        };
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
