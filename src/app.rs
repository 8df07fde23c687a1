//! The page: header, editor, run controls, timeline and what happened, and the compiler's
//! bytecode. A run advances in short slices between frames, so the page never freezes.

use std::cell::RefCell;
use std::rc::Rc;

use gil_sim::sched::live::LiveRun;
use gil_sim::sched::replay::CHECKPOINT_EVERY;
use gil_sim::vm::run::Budget;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::components::controls::Controls;
use crate::components::disassembly::Disassembly;
use crate::components::editor::Editor;
use crate::components::examples::Examples;
use crate::components::header::Header;
use crate::components::outcome::Outcome;
use crate::components::timeline::Timeline;
use crate::state::playground::{CompileOutput, PlaygroundAction, PlaygroundState, RunStatus};
use crate::state::run::RunView;

/// The most instructions a run on the page may execute (the page states it).
pub const PAGE_CAP: u64 = 500_000_000;

/// Wall-clock time one slice of a run aims at, in milliseconds (well under a 50 ms long task).
const SLICE_MS: f64 = 12.0;

/// The run in progress, outside the page state (it is neither cloned nor compared).
#[derive(Default)]
struct Runner {
    run: Option<LiveRun>,
    /// Bumped by every new run and cancel, so stale slices stop.
    generation: u64,
    /// Instructions per slice, adapted to the machine.
    slice: u64,
    version: Option<gil_sim::PyVersion>,
    gil: Option<gil_sim::sched::GilMode>,
}

type Dispatch = UseReducerDispatcher<PlaygroundState>;

/// Ends the run in `runner` and shows it.
fn finish(runner: &mut Runner, dispatch: &Dispatch) {
    let Some(run) = runner.run.take() else {
        return;
    };
    runner.generation += 1;
    let (sim, _checkpoints) = gil_sim::finish_live(run);
    let version = runner.version.unwrap_or(gil_sim::PyVersion::Py311);
    let gil = runner.gil.unwrap_or(gil_sim::sched::GilMode::On);
    let view = RunView::new(&sim, version, gil);
    dispatch.dispatch(PlaygroundAction::Finished(Rc::new(view)));
}

/// Runs the next slice of `generation` after the browser has had a turn.
fn schedule(runner: Rc<RefCell<Runner>>, dispatch: Dispatch, generation: u64) {
    Timeout::new(0, move || {
        let mut r = runner.borrow_mut();
        if r.generation != generation {
            return;
        }
        let slice = r.slice.max(10_000);
        let Some(run) = r.run.as_mut() else {
            return;
        };
        let started = js_sys::Date::now();
        let ended = run.advance(slice);
        let elapsed = (js_sys::Date::now() - started).max(0.5);
        let instructions = run.instructions();
        let scaled = (slice as f64 * SLICE_MS / elapsed) as u64;
        r.slice = scaled
            .clamp(slice / 2, slice + slice / 2)
            .clamp(10_000, 20_000_000);
        if ended {
            finish(&mut r, &dispatch);
            return;
        }
        dispatch.dispatch(PlaygroundAction::Progress {
            instructions,
            cap: PAGE_CAP,
        });
        drop(r);
        schedule(runner, dispatch, generation);
    })
    .forget();
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(PlaygroundState::default);
    let runner = use_mut_ref(Runner::default);
    let dispatch = state.dispatcher();
    {
        let version = state.version;
        let dispatch = dispatch.clone();
        use_effect_with((), move |()| {
            crate::warmup::start(
                version,
                Callback::from(move |()| dispatch.dispatch(PlaygroundAction::Ready)),
            )
        });
    }
    let on_source = {
        let dispatch = dispatch.clone();
        Callback::from(move |text: String| dispatch.dispatch(PlaygroundAction::SetSource(text)))
    };
    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |text: &'static str| {
            dispatch.dispatch(PlaygroundAction::SetSource(text.to_string()))
        })
    };
    let on_version = {
        let dispatch = dispatch.clone();
        Callback::from(move |version| dispatch.dispatch(PlaygroundAction::SetVersion(version)))
    };
    let on_settings = {
        let dispatch = dispatch.clone();
        Callback::from(move |settings| dispatch.dispatch(PlaygroundAction::SetSettings(settings)))
    };
    let on_run = {
        let state = state.clone();
        let runner = runner.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |()| {
            let budget = Budget {
                max_instructions: PAGE_CAP,
                ..Budget::default()
            };
            let Ok(run) = gil_sim::start_simulation(
                &state.source,
                state.version,
                "main.py",
                state.settings.sim(),
                budget,
                CHECKPOINT_EVERY,
            ) else {
                return;
            };
            let generation = {
                let mut r = runner.borrow_mut();
                r.generation += 1;
                r.run = Some(run);
                r.version = Some(state.version);
                r.gil = Some(state.settings.gil);
                if r.slice == 0 {
                    r.slice = 20_000;
                }
                r.generation
            };
            dispatch.dispatch(PlaygroundAction::Progress {
                instructions: 0,
                cap: PAGE_CAP,
            });
            schedule(runner.clone(), dispatch.clone(), generation);
        })
    };
    {
        // The page opens with a result: once warm, it runs the scenario it opened with.
        let idle = matches!(state.run, RunStatus::Idle);
        let on_run = on_run.clone();
        use_effect_with(state.ready, move |ready| {
            if *ready && idle {
                on_run.emit(());
            }
        });
    }
    let on_cancel = {
        let runner = runner.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |()| finish(&mut runner.borrow_mut(), &dispatch))
    };
    let runnable = matches!(state.output.as_ref(), CompileOutput::Bytecode(_));
    html! {
        <>
            <Header />
            <main class="playground">
                <section class="pane editor-pane" aria-labelledby="editor-title">
                    <div class="pane-bar">
                        <h2 id="editor-title">{ "Your program" }</h2>
                        <Examples on_load={on_example} />
                    </div>
                    <Editor source={state.source.clone()} on_input={on_source} />
                </section>
                <section class="pane run-pane" aria-labelledby="run-title">
                    <h2 id="run-title" class="visually-hidden">{ "Run" }</h2>
                    <Controls
                        version={state.version}
                        settings={state.settings}
                        status={state.run.clone()}
                        {runnable}
                        {on_version}
                        {on_settings}
                        {on_run}
                        {on_cancel}
                    />
                    <p class="cap-note">
                        { format!("Runs stop after {} million instructions; everything shown is simulated time.", PAGE_CAP / 1_000_000) }
                    </p>
                    if let RunStatus::Finished(view) = &state.run {
                        <Timeline view={view.clone()} />
                        <Outcome view={view.clone()} />
                    }
                </section>
                <section class="pane output-pane" aria-labelledby="output-title">
                    <div class="pane-bar">
                        <h2 id="output-title">{ format!("Bytecode for Python {}", state.version) }</h2>
                    </div>
                    <Disassembly output={state.output.clone()} />
                </section>
            </main>
        </>
    }
}
