//! The explorer on the page: every schedule of the reader's program, explored in slices of
//! about 25 ms between browser turns with progress and Cancel; when there are too many to
//! explore, seeded PCT samples instead, also in slices.

use std::cell::RefCell;
use std::rc::Rc;

use gil_sim::Granularity;
use gil_sim::{Search, search_limits};

use crate::runner::Dispatch;
use crate::state::playground::{PlaygroundAction, RunSettings};
use crate::state::steering::{ExploreStatus, ExploreView};

pub use gil_sim::{EXPLORE_CAP, SAMPLES};

/// Wall-clock time one slice aims at, in milliseconds: well under a 50 ms long task, and long
/// enough that the pauses between slices (a browser clamps nested timeouts to 4 ms) stay a
/// small part of the whole.
const SLICE_MS: f64 = 25.0;
/// Steps between two looks at the clock within a slice (well under a millisecond).
const CHUNK_STEPS: u64 = 250;
/// How often the progress bar is brought up to date, in milliseconds.
const PROGRESS_MS: f64 = 200.0;

/// The exploration in progress, outside the page state.
#[derive(Default)]
pub struct Exploring {
    search: Option<Box<Search>>,
    /// Bumped by every new exploration and cancel, so stale slices stop.
    generation: u64,
    started: f64,
    /// When the progress was last shown.
    shown: f64,
    bytecode: bool,
    /// The program explored (its scaled-down copy is offered when it is too big to explore).
    source: Rc<str>,
}

fn granularity(bytecode: bool) -> Granularity {
    if bytecode {
        Granularity::Instructions
    } else {
        Granularity::SwitchPoints
    }
}

/// Starts exploring `source` once the library modules it imports are here; nothing happens
/// when it does not compile.
pub fn start(
    exploring: &Rc<RefCell<Exploring>>,
    dispatch: &Dispatch,
    source: &str,
    version: gil_sim::PyVersion,
    settings: RunSettings,
    bytecode: bool,
) {
    let generation = exploring.borrow().generation;
    let (exploring, dispatch, text) = (exploring.clone(), dispatch.clone(), source.to_string());
    crate::library::when_ready(source, move || {
        if exploring.borrow().generation == generation {
            start_ready(&exploring, &dispatch, &text, version, settings, bytecode);
        }
    });
}

/// [`start`] with the library modules here.
fn start_ready(
    exploring: &Rc<RefCell<Exploring>>,
    dispatch: &Dispatch,
    source: &str,
    version: gil_sim::PyVersion,
    settings: RunSettings,
    bytecode: bool,
) {
    let program = gil_sim::Steered {
        source,
        version,
        file_name: "main.py",
        settings: settings.sim(),
        granularity: granularity(bytecode),
    };
    let Ok(search) = Search::new(&program, search_limits(), SAMPLES, false) else {
        return;
    };
    let generation = {
        let mut e = exploring.borrow_mut();
        e.generation += 1;
        e.search = Some(Box::new(search));
        e.started = js_sys::Date::now();
        // The first slice runs at once; if it does not finish, its progress shows.
        e.shown = e.started - PROGRESS_MS;
        e.bytecode = bytecode;
        e.source = Rc::from(source);
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
    let too_many = search.sampling();
    let too_big = search.too_big();
    let found = search.into_found();
    // Worked out once here, not at every drawing of the page (it parses the program).
    let scaled_down = too_big
        .then(|| gil_sim::scaled_down(&e.source).map(Rc::from))
        .flatten();
    let view = ExploreView {
        found,
        too_many,
        too_big,
        scaled_down,
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
            let Some(search) = e.search.as_mut() else {
                return;
            };
            let ended = search.advance(CHUNK_STEPS);
            if ended || js_sys::Date::now() - began >= SLICE_MS {
                break ended;
            }
        };
        let Some(search) = e.search.as_ref() else {
            return;
        };
        let (schedules, cap) = search.progress();
        let status = ExploreStatus::Running {
            schedules,
            sampled: search.sampling(),
            cap,
        };
        if ended {
            finish(&mut e, &dispatch, false);
            return;
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
