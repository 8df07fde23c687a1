//! The page: header, editor, run controls, timeline and what happened, and the compiler's
//! bytecode. A run advances in short slices between frames, so the page never freezes.

use std::cell::RefCell;
use std::rc::Rc;

use gil_sim::sched::live::LiveRun;
use gil_sim::sched::replay::{CHECKPOINT_EVERY, Checkpoints};
use gil_sim::vm::run::Budget;
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::components::controls::Controls;
use crate::components::disassembly::Disassembly;
use crate::components::editor::Editor;
use crate::components::examples::Examples;
use crate::components::header::Header;
use crate::components::outcome::Outcome;
use crate::components::playback::PlaybackPanel;
use crate::components::share::Share;
use crate::components::timeline::Timeline;
use crate::keys::Shortcut;
use crate::state::playground::{
    CompileOutput, Playback, PlaygroundAction, PlaygroundState, RunStatus,
};
use crate::state::run::RunView;
use gil_sim::sched::GilMode;

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
}

/// Time between two steps while playing, in milliseconds.
const PLAY_STEP_MS: u32 = 350;

/// Moves playback to `target` (clamped to the run's steps) and shows the state there.
fn go_to(runner: &mut Runner, dispatch: &Dispatch, target: usize) {
    let Some(checkpoints) = runner.checkpoints.as_ref() else {
        return;
    };
    if runner.steps == 0 {
        return;
    }
    let step = target.min(runner.steps - 1);
    if let Some(snapshot) = checkpoints.state_at(step) {
        runner.step = Some(step);
        dispatch.dispatch(PlaygroundAction::Stepped(Rc::new(Playback {
            step,
            snapshot,
        })));
    }
}

/// Starts or stops playing.
fn set_playing(runner: &Rc<RefCell<Runner>>, dispatch: &Dispatch, playing: bool) {
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
    Timeout::new(PLAY_STEP_MS, move || {
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

type Dispatch = UseReducerDispatcher<PlaygroundState>;

/// Ends the run in `runner` and shows it.
fn finish(runner: &mut Runner, dispatch: &Dispatch) {
    let Some(run) = runner.run.take() else {
        return;
    };
    runner.generation += 1;
    let (sim, checkpoints) = gil_sim::finish_live(run);
    let version = runner.version.unwrap_or(gil_sim::PyVersion::Py311);
    let gil = runner.gil.unwrap_or(gil_sim::sched::GilMode::On);
    let view = RunView::new(&sim, version, gil);
    runner.checkpoints = Some(checkpoints);
    runner.steps = view.steps.len();
    runner.step = None;
    runner.playing = false;
    runner.play_generation += 1;
    dispatch.dispatch(PlaygroundAction::Finished(Rc::new(view)));
    if let Some(step) = runner.pending_step.take() {
        go_to(runner, dispatch, step);
    }
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

/// The fragment of the page's address, without `#`.
fn location_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// This page's address without its fragment; with `embed`, as it is, else without `?embed`.
fn page_address(embed: bool) -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && (embed || *p != "embed"))
        .collect();
    if kept.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{}", kept.join("&"))
    }
}

/// Builds the link to `fragment` on this page, shows it, and copies it to the clipboard.
fn share(fragment: &str, shown: UseStateHandle<Option<(AttrValue, bool)>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let link = AttrValue::from(format!("{}#{fragment}", page_address(false)));
    shown.set(Some((link.clone(), false)));
    let copy = window.navigator().clipboard().write_text(&link);
    wasm_bindgen_futures::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(copy).await.is_ok() {
            shown.set(Some((link, true)));
        }
    });
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let opened = use_memo(
        (),
        |()| PlaygroundState::from_fragment(&location_fragment()),
    );
    let embed = use_memo((), |()| {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .is_some_and(|search| {
                search
                    .trim_start_matches('?')
                    .split('&')
                    .any(|p| p == "embed")
            })
    });
    let state = use_reducer(|| opened.0.clone());
    let runner = use_mut_ref(|| Runner {
        pending_step: opened.1,
        ..Runner::default()
    });
    let share_link = use_state(|| None::<(AttrValue, bool)>);
    let on_share = {
        let state = state.clone();
        let share_link = share_link.clone();
        Callback::from(move |()| share(&state.scenario().to_fragment(), share_link.clone()))
    };
    // A link pasted into the address bar of an open page changes only the fragment: open it.
    use_effect_with((), |()| {
        let listener = Closure::<dyn Fn()>::new(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        let window = web_sys::window();
        if let Some(window) = &window {
            let _ = window
                .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(window) = window {
                let _ = window.remove_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
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
                r.checkpoints = None;
                r.steps = 0;
                r.step = None;
                r.playing = false;
                r.play_generation += 1;
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
    let on_step = {
        let runner = runner.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |target: usize| go_to(&mut runner.borrow_mut(), &dispatch, target))
    };
    let on_play = {
        let runner = runner.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |playing: bool| set_playing(&runner, &dispatch, playing))
    };
    {
        // The document's key listener is installed once and calls the latest handler, which
        // sees this render's state.
        let latest = use_mut_ref(Callback::<Shortcut>::noop);
        let runnable = matches!(state.output.as_ref(), CompileOutput::Bytecode(_));
        let running = matches!(state.run, RunStatus::Running { .. });
        let settings = state.settings;
        let on_run = on_run.clone();
        let on_settings = on_settings.clone();
        let on_play = on_play.clone();
        let runner = runner.clone();
        let dispatch = dispatch.clone();
        *latest.borrow_mut() = Callback::from(move |key: Shortcut| {
            let step = |target: fn(Option<usize>, usize) -> usize| {
                let mut r = runner.borrow_mut();
                let steps = r.steps;
                if steps > 0 {
                    let target = target(r.step, steps);
                    go_to(&mut r, &dispatch, target);
                }
            };
            match key {
                Shortcut::PlayPause => {
                    let playing = runner.borrow().playing;
                    on_play.emit(!playing);
                }
                Shortcut::StepBack => step(|at, steps| at.unwrap_or(steps - 1).saturating_sub(1)),
                Shortcut::StepForward => step(|at, steps| at.map_or(steps - 1, |s| s + 1)),
                Shortcut::First => step(|_, _| 0),
                Shortcut::Last => step(|_, steps| steps - 1),
                Shortcut::Run if runnable && !running => on_run.emit(()),
                Shortcut::Run => {}
                Shortcut::ToggleGil => {
                    let mut next = settings;
                    next.gil = if settings.gil == GilMode::On {
                        GilMode::FreeThreaded
                    } else {
                        GilMode::On
                    };
                    on_settings.emit(next);
                }
            }
        });
        use_effect_with((), move |()| {
            crate::keys::listen(move |key| latest.borrow().emit(key))
        });
    }
    let on_cancel = {
        let runner = runner.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |()| finish(&mut runner.borrow_mut(), &dispatch))
    };
    let runnable = matches!(state.output.as_ref(), CompileOutput::Bytecode(_));
    let controls = html! {
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
    };
    let cap_note = html! {
        <p class="cap-note">
            { format!("Runs stop after {} million instructions; everything shown is simulated time.", PAGE_CAP / 1_000_000) }
        </p>
    };
    let result = match &state.run {
        RunStatus::Finished(view) => html! {
            <>
                <Timeline view={view.clone()}
                    cursor={state.playback.as_ref().and_then(|p| view.steps.get(p.step)).map(|s| s.column)} />
                <PlaybackPanel view={view.clone()} playback={state.playback.clone()}
                    playing={state.playing} on_step={on_step.clone()} on_play={on_play.clone()} />
                <Outcome view={view.clone()} />
            </>
        },
        _ => html! {},
    };
    let notice = state.notice.as_ref().map(|notice| {
        html! {
            <p id="link-error" class="notice" role="alert">{ notice.clone() }</p>
        }
    });
    let editor = html! { <Editor source={state.source.clone()} on_input={on_source} /> };
    if *embed {
        // Compact, for an iframe: the scenario and its run, and a way to the full page.
        let full_page = format!("{}#{}", page_address(false), state.scenario().to_fragment());
        return html! {
            <div class="embed">
                <header class="embed-bar">
                    <span class="embed-brand">{ "GIL Lab" }</span>
                    <a id="open-full" href={full_page} target="_blank" rel="noopener">
                        { "Open in GIL Lab ↗" }
                    </a>
                </header>
                { for notice }
                <main class="embed-main">
                    <h1 class="visually-hidden">{ "GIL Lab scenario" }</h1>
                    { editor }
                    <section class="pane run-pane" aria-label="Run">
                        { controls }
                        { cap_note }
                        { result }
                    </section>
                </main>
            </div>
        };
    }
    html! {
        <>
            <Header />
            { for notice }
            <main class="playground">
                <section class="pane editor-pane" aria-labelledby="editor-title">
                    <div class="pane-bar">
                        <h2 id="editor-title">{ "Your program" }</h2>
                        <Examples on_load={on_example} />
                    </div>
                    { editor }
                </section>
                <section class="pane run-pane" aria-labelledby="run-title">
                    <h2 id="run-title" class="visually-hidden">{ "Run" }</h2>
                    { controls }
                    { cap_note }
                    <Share link={(*share_link).clone()} {on_share} />
                    { result }
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
