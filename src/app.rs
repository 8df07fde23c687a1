//! The page: header, editor, run controls, timeline, playback and what happened, and the
//! compiler's bytecode; or, with `?embed`, one scenario compactly.

use yew::prelude::*;

use crate::address::{location_fragment, location_route, page_address, share};
use crate::components::compare::{CompareProps, compare_panel, side_words};
use crate::components::controls::{ControlsProps, controls_bar};
use crate::components::disassembly::Disassembly;
use crate::components::editor::Editor;
use crate::components::examples::examples;
use crate::components::explorer::{ExplorerProps, explorer_panel};
use crate::components::header::header;
use crate::components::intro::intro;
use crate::components::outcome::{Outcome, headline};
use crate::components::playback::PlaybackPanel;
use crate::components::scheduler::{SchedulerProps, scheduler_panel};
use crate::components::share::share_panel;
use crate::components::timeline::Timeline;
use crate::components::tutorial::{Active, Request, Tutorial};
use crate::keys::Shortcut;
use crate::runner::{PAGE_CAP, Runner, finish, go_to, set_playing, start, step_with};
use crate::state::challenges::Challenge;
use crate::state::link::{Scenario, SharedSchedule};
use crate::state::playground::{
    Comparison, CompileOutput, PlaygroundAction, PlaygroundState, RunSettings, RunStatus,
};
use crate::state::steering::ExploreStatus;
use crate::state::tutorial::Route;
use gil_sim::GilMode;

/// How the page opens: the scenario of the link in `fragment`, else the reader's autosaved
/// one, else the default.
struct Opening {
    state: PlaygroundState,
    /// The playback step the link asks for.
    step: Option<usize>,
    /// Run the scenario at once (not for a restored program, which may never end).
    run: bool,
    /// The schedule the link was steered by: the page opens steering it.
    schedule: Option<SharedSchedule>,
}

fn opening_state(route: Route, fragment: &str) -> Opening {
    if route != Route::Playground {
        return Opening {
            state: PlaygroundState::default(),
            step: None,
            run: false,
            schedule: None,
        };
    }
    let saved = crate::autosave::load().filter(|_| Scenario::from_fragment(fragment).is_none());
    match saved {
        Some(saved) => {
            let (state, _, _) = PlaygroundState::from_fragment(&saved);
            Opening {
                state: if state.notice.is_some() {
                    PlaygroundState::default()
                } else {
                    state
                },
                step: None,
                run: false,
                schedule: None,
            }
        }
        None => {
            let (state, step, schedule) = PlaygroundState::from_fragment(fragment);
            Opening {
                state,
                step,
                run: true,
                schedule,
            }
        }
    }
}

/// A steered run to start: of the page's program, or of a challenge's.
#[derive(Clone, Debug, PartialEq)]
struct SteerRequest {
    bytecode: bool,
    challenge: Option<Challenge>,
    /// Choices to make at once.
    schedule: Vec<u32>,
}

/// The first step from `from` on that concerns thread `thread` of the program's process.
fn next_step_of(steps: &[crate::state::steps::Step], from: usize, thread: u32) -> Option<usize> {
    steps
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, s)| s.process == 0 && s.threads.contains(&thread))
        .map(|(i, _)| i)
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let opening_route = use_memo((), |()| {
        let (route, older) = location_route();
        if older {
            crate::address::show_route(route, true);
        }
        route
    });
    let opened = use_memo((), |()| opening_state(*opening_route, &location_fragment()));
    let embed = use_memo((), |()| crate::address::is_embed());
    let route = use_state(|| *opening_route);
    let active = use_state(|| None::<Active>);
    let state = use_reducer(|| opened.state.clone());
    use_effect_with(
        (
            state.source.clone(),
            state.version,
            state.settings,
            *route,
            *embed,
        ),
        |(source, version, settings, route, embed)| {
            // The tutorial's scenarios and an embedded page's scenario are not the reader's
            // program: keep that one saved.
            if *route != Route::Playground || *embed {
                return;
            }
            let saved = PlaygroundState {
                source: source.clone(),
                version: *version,
                settings: *settings,
                ..PlaygroundState::default()
            };
            crate::autosave::save(&saved.scenario().to_fragment());
        },
    );
    let runner = use_mut_ref(|| Runner::opening_at(opened.step));
    let compare_runner = use_mut_ref(Runner::comparing);
    let steering = use_mut_ref(crate::steering::Steering::default);
    let exploring = use_mut_ref(crate::exploring::Exploring::default);
    let share_link = use_state(|| None::<(AttrValue, bool)>);
    let on_share = {
        let state = state.clone();
        let share_link = share_link.clone();
        Callback::from(move |()| share(&state.scenario().to_fragment(), share_link.clone()))
    };
    // Between the tutorial's pages the page stays as it is and the focus moves to the new
    // page's heading; the playground opens afresh, and a new share link reloads the page.
    let moved = use_mut_ref(|| false);
    let go_to_route = {
        let route = route.clone();
        let active = active.clone();
        let moved = moved.clone();
        Callback::from(move |next: Route| {
            if next == Route::Playground {
                crate::address::open(next);
                return;
            }
            active.set(None);
            route.set(next);
            *moved.borrow_mut() = true;
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
        })
    };
    use_effect_with((), move |()| {
        crate::address::remove_static_page();
        crate::address::follow_address(go_to_route)
    });
    use_effect_with(*route, move |route| {
        crate::address::set_title(&crate::state::tutorial::title_of(*route));
        if std::mem::take(&mut *moved.borrow_mut()) {
            crate::address::focus("#main h1");
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
    let begin_steering = {
        let state = state.clone();
        let steering = steering.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |request: SteerRequest| {
            // The page has already compiled the reader's own program; a challenge's is new.
            let (source, version, settings, dis) = match &request.challenge {
                Some(challenge) => {
                    let settings = RunSettings {
                        gil: challenge.gil,
                        ..state.settings
                    };
                    dispatch.dispatch(PlaygroundAction::SetSource(challenge.source.clone()));
                    dispatch.dispatch(PlaygroundAction::SetVersion(challenge.version));
                    dispatch.dispatch(PlaygroundAction::SetSettings(settings));
                    let dis = gil_sim::disassemble(&challenge.source, challenge.version)
                        .unwrap_or_default();
                    (
                        AttrValue::from(challenge.source.clone()),
                        challenge.version,
                        settings,
                        dis,
                    )
                }
                None => {
                    let CompileOutput::Bytecode(dis) = state.output.as_ref() else {
                        return;
                    };
                    (
                        state.source.clone(),
                        state.version,
                        state.settings,
                        dis.clone(),
                    )
                }
            };
            crate::steering::start(
                &steering,
                &dispatch,
                crate::steering::SteerStart {
                    source: source.to_string(),
                    version,
                    settings,
                    bytecode: request.bytecode,
                    challenge: request.challenge,
                    schedule: request.schedule,
                    dis,
                },
            );
        })
    };
    let on_run = {
        let state = state.clone();
        let runner = runner.clone();
        let compare_runner = compare_runner.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |()| {
            // The compiler's output for this source and version is the run's bytecode.
            let CompileOutput::Bytecode(bytecode) = state.output.as_ref() else {
                return;
            };
            start(
                &runner,
                &dispatch,
                &state.source,
                state.version,
                state.settings,
                bytecode,
            );
            // The compared side is not stepped through: it needs no bytecode.
            if let Some(compare) = &state.compare {
                start(
                    &compare_runner,
                    &dispatch,
                    &state.source,
                    compare.version,
                    compare.settings,
                    "",
                );
            }
        })
    };
    {
        // The page opens with a result: once warm, it runs the scenario it opened with.
        let idle = matches!(state.run, RunStatus::Idle) && opened.run;
        let on_run = on_run.clone();
        let begin_steering = begin_steering.clone();
        let schedule = opened.schedule.clone();
        use_effect_with(state.ready, move |ready| {
            if !(*ready && idle) {
                return;
            }
            // A link made while steering opens at the same point of the same steered run.
            match schedule {
                Some(schedule) => begin_steering.emit(SteerRequest {
                    bytecode: schedule.bytecode,
                    challenge: schedule
                        .challenge
                        .as_deref()
                        .and_then(crate::state::challenges::by_id)
                        .cloned(),
                    schedule: schedule.choices(),
                }),
                None => on_run.emit(()),
            }
        });
    }
    let on_step = {
        let runner = runner.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |target: usize| go_to(&mut runner.borrow_mut(), &dispatch, target))
    };
    let on_speed = {
        let runner = runner.clone();
        Callback::from(move |ms: u32| runner.borrow_mut().set_play_ms(ms))
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
        let finished = match &state.run {
            RunStatus::Finished(view) => Some(view.clone()),
            _ => None,
        };
        let on_run = on_run.clone();
        let on_settings = on_settings.clone();
        let on_play = on_play.clone();
        let runner = runner.clone();
        let dispatch = dispatch.clone();
        let steering = steering.clone();
        let steered = state.steering.is_some();
        *latest.borrow_mut() = Callback::from(move |key: Shortcut| {
            let step = |target| step_with(&runner, &dispatch, target);
            match key {
                Shortcut::PlayPause => {
                    let playing = runner.borrow().playing();
                    on_play.emit(!playing);
                }
                Shortcut::StepBack => step(|at, steps| at.unwrap_or(steps - 1).saturating_sub(1)),
                Shortcut::StepForward => step(|at, steps| at.map_or(steps - 1, |s| s + 1)),
                Shortcut::First => step(|_, _| 0),
                Shortcut::Last => step(|_, steps| steps - 1),
                Shortcut::Thread(n) if steered => crate::steering::choose(&steering, &dispatch, n),
                Shortcut::Undo if steered => crate::steering::undo(&steering, &dispatch, 1),
                Shortcut::Undo => {}
                Shortcut::Thread(n) => {
                    let from = runner.borrow().step().map_or(0, |s| s + 1);
                    let steps = finished.as_ref().map_or(&[][..], |view| &view.steps[..]);
                    if let Some(next) = next_step_of(steps, from, n) {
                        go_to(&mut runner.borrow_mut(), &dispatch, next);
                    }
                }
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
        let compare_runner = compare_runner.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |()| {
            finish(&mut runner.borrow_mut(), &dispatch);
            finish(&mut compare_runner.borrow_mut(), &dispatch);
        })
    };
    let on_compare = {
        let dispatch = dispatch.clone();
        Callback::from(
            move |other: Option<(gil_sim::PyVersion, crate::state::playground::RunSettings)>| {
                dispatch.dispatch(PlaygroundAction::SetCompare(other))
            },
        )
    };
    let runnable = matches!(state.output.as_ref(), CompileOutput::Bytecode(_));
    let controls = controls_bar(&ControlsProps {
        version: state.version,
        settings: state.settings,
        status: state.run.clone(),
        runnable,
        on_version,
        on_settings,
        on_run,
        on_cancel,
    });
    let cap_note = html! {
        <p class="cap-note">
            { format!("Runs stop after {} million instructions or {} MB of objects; everything shown is simulated time. Files live in memory, and the network is simulated: a request waits the I/O latency and returns no data.", PAGE_CAP / 1_000_000, gil_sim::MAX_MEMORY_BYTES >> 20) }
        </p>
    };
    let main_view = match &state.run {
        RunStatus::Finished(view) => Some(view.clone()),
        _ => None,
    };
    let compare = match &state.compare {
        Some(comparison) => compare_panel(&CompareProps {
            comparison: comparison.clone(),
            main: main_view.clone(),
            main_run: state.run.clone(),
            main_cursor: main_view
                .as_ref()
                .zip(state.playback.as_ref())
                .and_then(|(v, p)| v.steps.get(p.step))
                .map(|s| s.time_ps),
            main_words: side_words(state.version, state.settings.gil).into(),
            on_change: on_compare.reform(Some),
            on_close: on_compare.reform(|()| None),
        }),
        None => {
            let (version, settings) = (state.version, state.settings);
            let open = on_compare.reform(move |_: MouseEvent| {
                let other = Comparison::against(version, settings);
                Some((other.version, other.settings))
            });
            html! {
                <button id="compare" class="compare-open" onclick={open}
                    title="Run the same code under other settings beside this run">
                    { "Compare with other settings" }
                </button>
            }
        }
    };
    let steer_entry = {
        let begin = begin_steering.clone();
        let start_plain = begin.reform(|_: MouseEvent| SteerRequest {
            bytecode: false,
            challenge: None,
            schedule: Vec::new(),
        });
        let pick = begin.clone();
        let on_challenge = Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(challenge) = crate::state::challenges::by_id(&select.value()) {
                pick.emit(SteerRequest {
                    bytecode: challenge.bytecode,
                    challenge: Some(challenge.clone()),
                    schedule: Vec::new(),
                });
            }
        });
        let current = state
            .steering
            .as_ref()
            .and_then(|v| v.challenge.as_ref())
            .map(|c| c.id);
        html! {
            <div class="steer-entry">
                <button id="steer" disabled={!runnable} onclick={start_plain}
                    title="Pick which thread runs at each point where this version could switch">
                    { "You are the scheduler" }
                </button>
                <label for="challenge">{ "Challenge" }</label>
                <select id="challenge" onchange={on_challenge}>
                    <option value="" selected={current.is_none()}>{ "Pick a challenge…" }</option>
                    { for crate::state::challenges::all().iter().map(|c| html! {
                        <option key={c.id} value={c.id} selected={current == Some(c.id)}>{ c.title }</option>
                    }) }
                </select>
            </div>
        }
    };
    let explorer = {
        let bytecode = state.steering.as_ref().is_some_and(|v| v.bytecode);
        let on_explore = {
            let exploring = exploring.clone();
            let dispatch = dispatch.clone();
            let state = state.clone();
            Callback::from(move |()| {
                crate::exploring::start(
                    &exploring,
                    &dispatch,
                    &state.source,
                    state.version,
                    state.settings,
                    bytecode,
                )
            })
        };
        let on_cancel = {
            let exploring = exploring.clone();
            let dispatch = dispatch.clone();
            Callback::from(move |()| crate::exploring::cancel(&exploring, &dispatch))
        };
        let on_replay = {
            let begin = begin_steering.clone();
            let found = match &state.exploring {
                ExploreStatus::Done(view) => Some(view.clone()),
                _ => None,
            };
            // A replay of the challenge's program stays in the challenge.
            let challenge = state.steering.as_ref().and_then(|v| v.challenge.clone());
            Callback::from(move |index: usize| {
                if let Some(view) = &found
                    && let Some(outcome) = view.found.outcomes.get(index)
                {
                    begin.emit(SteerRequest {
                        bytecode: view.bytecode,
                        challenge: challenge.clone(),
                        schedule: outcome.schedule.clone(),
                    });
                }
            })
        };
        let scaled = match &state.exploring {
            ExploreStatus::Done(view) => view.scaled_down.clone().map(AttrValue::Rc),
            _ => None,
        };
        let on_scale = {
            let dispatch = dispatch.clone();
            let scaled = scaled.clone();
            Callback::from(move |()| {
                if let Some(text) = &scaled {
                    dispatch.dispatch(PlaygroundAction::SetSource(text.to_string()));
                }
            })
        };
        explorer_panel(&ExplorerProps {
            status: state.exploring.clone(),
            runnable,
            on_explore,
            on_cancel,
            on_replay,
            scaled,
            on_scale,
        })
    };
    let scheduler = state.steering.as_ref().map(|view| {
        let on_choose = {
            let steering = steering.clone();
            let dispatch = dispatch.clone();
            Callback::from(move |thread| crate::steering::choose(&steering, &dispatch, thread))
        };
        let on_undo = {
            let steering = steering.clone();
            let dispatch = dispatch.clone();
            Callback::from(move |count| crate::steering::undo(&steering, &dispatch, count))
        };
        let on_leave = {
            let steering = steering.clone();
            let dispatch = dispatch.clone();
            Callback::from(move |()| crate::steering::stop(&steering, &dispatch))
        };
        let on_bytecode = {
            let begin = begin_steering.clone();
            let challenge = view.challenge.clone();
            Callback::from(move |bytecode| {
                begin.emit(SteerRequest {
                    bytecode,
                    challenge: challenge.clone(),
                    schedule: Vec::new(),
                })
            })
        };
        let points_words = if view.bytecode || state.settings.gil != GilMode::On {
            "after every instruction".to_string()
        } else {
            format!("the switch points of Python {}", state.version)
        };
        scheduler_panel(&SchedulerProps {
            view: view.clone(),
            points_words: points_words.into(),
            on_choose,
            on_undo,
            on_bytecode,
            on_leave,
        })
    });
    let stale = main_view
        .as_ref()
        .and_then(|view| view.ran.as_ref())
        .filter(|ran| ran.differs_from(&state.source, state.version, &state.settings));
    let result = match &main_view {
        Some(view) => html! {
            <>
                if let Some(ran) = stale {
                    <p id="stale-result" class="notice" role="status">
                        { format!("This is the run of the program as it was when you pressed Run ({}): you have changed it since. Press Run to see it as it is now.", side_words(ran.version, ran.settings.gil)) }
                    </p>
                }
                { headline(view) }
                if state.compare.is_none() {
                    <Timeline view={view.clone()}
                        cursor={state.playback.as_ref().and_then(|p| view.steps.get(p.step)).map(|s| s.time_ps)} />
                }
                <Outcome view={view.clone()} />
                <PlaybackPanel view={view.clone()} playback={state.playback.clone()}
                    playing={state.playing} on_step={on_step.clone()} on_play={on_play.clone()}
                    on_speed={on_speed.clone()} />
            </>
        },
        None => html! {},
    };
    let notice = state.notice.as_ref().map(|notice| {
        html! {
            <p id="link-error" class="notice" role="alert">{ notice.clone() }</p>
        }
    });
    let problem = match state.output.as_ref() {
        CompileOutput::Problems(problems) => problems.first().map(|p| (p.line, p.column)),
        CompileOutput::Bytecode(_) => None,
    };
    let markers = match (&state.run, &state.playback) {
        (RunStatus::Finished(view), Some(playback)) => view.line_markers(&playback.snapshot),
        _ => Vec::new(),
    };
    let editor = html! {
        <Editor source={state.source.clone()} on_input={on_source} {problem} {markers}
            saved={*route == Route::Playground && !*embed} />
    };
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
                    <section class="embed-editor" aria-label="Program">{ editor }</section>
                    <section class="pane run-pane" aria-label="Run">
                        { controls }
                        { result }
                        { cap_note }
                    </section>
                </main>
            </div>
        };
    }
    if *route != Route::Playground {
        let on_request = {
            let active = active.clone();
            let runner = runner.clone();
            let dispatch = dispatch.clone();
            let begin = begin_steering.clone();
            let route = *route;
            Callback::from(move |request: Request| match request {
                Request::Run { scenario, prompt } => {
                    let Route::Chapter(chapter) = route else {
                        return;
                    };
                    let Some(found) = crate::state::tutorial::all()
                        .get(chapter)
                        .and_then(|c| c.scenarios().get(scenario).copied())
                    else {
                        return;
                    };
                    let settings = match prompt.and_then(|p| found.tries.get(p)) {
                        Some(prompt) => found.settings.with(&prompt.settings),
                        None => found.settings.clone(),
                    };
                    let Some(source) = found.program.source(crate::state::tutorial::seed) else {
                        return;
                    };
                    let version = crate::state::tutorial::version(&settings);
                    let run_settings = crate::state::tutorial::run_settings(&settings);
                    dispatch.dispatch(PlaygroundAction::SetSource(source.clone()));
                    dispatch.dispatch(PlaygroundAction::SetVersion(version));
                    dispatch.dispatch(PlaygroundAction::SetSettings(run_settings));
                    let dis = gil_sim::disassemble(&source, version).unwrap_or_default();
                    start(&runner, &dispatch, &source, version, run_settings, &dis);
                    active.set(Some(Active::Scenario { scenario, prompt }));
                }
                Request::Challenge { block, id } => {
                    if let Some(challenge) = crate::state::challenges::by_id(&id) {
                        begin.emit(SteerRequest {
                            bytecode: challenge.bytecode,
                            challenge: Some(challenge.clone()),
                            schedule: Vec::new(),
                        });
                        active.set(Some(Active::Challenge(block)));
                    }
                }
            })
        };
        let playground = html! {
            <div class="chapter-run">
                <section class="embed-editor" aria-label="Program">{ editor.clone() }</section>
                <section class="run-pane" aria-label="Run">
                    { controls.clone() }
                    { cap_note.clone() }
                    if let Some(scheduler) = scheduler.clone() {
                        { scheduler }
                    } else {
                        { result.clone() }
                    }
                </section>
            </div>
        };
        return html! {
            <>
                { header(*route) }
                <Tutorial route={*route} active={*active} {playground} {on_request}
                    observed={main_view.as_ref().map(|v| v.observed.clone())} />
            </>
        };
    }
    html! {
        <>
            { header(*route) }
            { for notice }
            <main class="playground" id="main" tabindex="-1">
                { intro(state.source.as_str() == crate::state::playground::DEFAULT_SOURCE) }
                <section class="pane editor-pane" aria-labelledby="editor-title">
                    <div class="pane-bar">
                        <h2 id="editor-title">{ "Your program" }</h2>
                        { examples(&on_example) }
                    </div>
                    { editor }
                </section>
                <section class="pane run-pane" aria-labelledby="run-title">
                    <h2 id="run-title" class="visually-hidden">{ "Run" }</h2>
                    { controls }
                    if let Some(scheduler) = scheduler {
                        { scheduler }
                    } else if state.compare.is_some() {
                        { compare }
                        { result }
                    } else {
                        { result }
                        { compare }
                    }
                    { cap_note }
                    { share_panel(share_link.as_ref(), &on_share) }
                    { steer_entry }
                    { explorer }
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
