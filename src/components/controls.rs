//! The run controls: the GIL switch and its mode, version, cores, Run and Cancel; behind
//! "More settings" the switch interval, seed, I/O latency, run-as and OS; the progress of a run.

use gil_sim::PyVersion;
use gil_sim::{GilMode, Os, RunAs, Settings, Word};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::state::playground::{RunSettings, RunStatus};

/// What the controls show and do (a plain view function: its callbacks are new at every
/// render of the page, so a component would redraw each time anyway).
pub struct ControlsProps {
    pub version: PyVersion,
    pub settings: RunSettings,
    pub status: RunStatus,
    /// False while the program does not compile.
    pub runnable: bool,
    pub on_version: Callback<PyVersion>,
    pub on_settings: Callback<RunSettings>,
    pub on_run: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// Switch intervals offered, in microseconds (CPython's default is 5 ms).
const INTERVALS: [(u64, &str); 4] = [
    (100, "0.1 ms"),
    (1_000, "1 ms"),
    (5_000, "5 ms (default)"),
    (20_000, "20 ms"),
];

/// Mean network latencies offered for simulated requests, in milliseconds.
const LATENCIES: [(u64, &str); 5] = [
    (10, "10 ms"),
    (50, "50 ms"),
    (100, "100 ms (default)"),
    (250, "250 ms"),
    (1_000, "1 s"),
];

/// A version as its menus name it: 2.7 stands for the old GIL, not for Python 2.
pub fn version_words(version: PyVersion) -> String {
    if version == PyVersion::Py27 {
        "2.7 (old GIL)".to_string()
    } else {
        version.to_string()
    }
}

/// One line on what each GIL mode means.
pub fn mode_words(gil: GilMode) -> &'static str {
    match gil {
        GilMode::On => "One thread runs Python bytecode at a time; the others wait for the GIL.",
        GilMode::FreeThreaded => {
            "Free-threaded (3.13t): threads run in parallel on the cores, reference counts stay correct."
        }
        GilMode::Naive => {
            "Thought experiment: no GIL and plain reference counting, so counts race and objects die early."
        }
    }
}

/// The settings behind "More settings", in words, so that they show while it is closed.
fn more_words(settings: &RunSettings) -> String {
    let words = |options: &[(u64, &'static str)], value: u64| {
        options.iter().find(|(v, _)| *v == value).map_or_else(
            || value.to_string(),
            |(_, text)| text.trim_end_matches(" (default)").to_string(),
        )
    };
    format!(
        "switch interval {} · seed {} · I/O {} · run as {} · {}",
        words(&INTERVALS, settings.switch_interval_us),
        settings.seed,
        words(&LATENCIES, settings.io_latency_ms),
        settings.run_as.word(),
        match settings.os {
            Os::Linux => "Linux",
            Os::MacOs => "macOS",
            Os::Windows => "Windows",
        }
    )
}

/// A labelled select among `options` (value and words), with `current` selected.
fn number_choice(
    id: &'static str,
    label: &'static str,
    options: &[(u64, &'static str)],
    current: u64,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <span class="control">
            <label for={id}>{ label }</label>
            <select {id} {onchange}>
                { for options.iter().map(|(value, text)| html! {
                    <option key={*value} value={value.to_string()} selected={current == *value}>{ *text }</option>
                }) }
            </select>
        </span>
    }
}

/// The controls bar.
pub fn controls_bar(props: &ControlsProps) -> Html {
    let settings = props.settings;
    let set = |f: fn(&mut RunSettings, &str)| {
        let on_settings = props.on_settings.clone();
        Callback::from(move |event: Event| {
            let value = match event.target_dyn_into::<HtmlSelectElement>() {
                Some(select) => select.value(),
                None => event.target_unchecked_into::<HtmlInputElement>().value(),
            };
            let mut next = settings;
            f(&mut next, &value);
            on_settings.emit(next);
        })
    };
    let on_version = {
        let on_version = props.on_version.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(version) = PyVersion::parse(&select.value()) {
                on_version.emit(version);
            }
        })
    };
    let gil_on = settings.gil == GilMode::On;
    let on_toggle = {
        let on_settings = props.on_settings.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = settings;
            next.gil = if gil_on {
                GilMode::FreeThreaded
            } else {
                GilMode::On
            };
            on_settings.emit(next);
        })
    };
    let running = matches!(props.status, RunStatus::Running { .. });
    let on_run = props.on_run.reform(|_: MouseEvent| ());
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="controls" role="group" aria-label="Run settings">
            <button
                id="gil-switch"
                class={classes!("gil-switch", gil_on.then_some("on"))}
                role="switch"
                aria-checked={gil_on.to_string()}
                aria-label="GIL"
                title="Turn the GIL on or off (g)"
                onclick={on_toggle}
            >
                <span class="gil-switch-label">{ "GIL" }</span>
                <span class="gil-switch-state">{ if gil_on { "on" } else { "off" } }</span>
            </button>
            <span class="control">
                <label for="python-version">{ "Python" }</label>
                <select id="python-version" onchange={on_version}>
                    { for PyVersion::ALL.iter().map(|v| {
                        let value = v.to_string();
                        html! { <option key={value.clone()} value={value} selected={*v == props.version}>{ version_words(*v) }</option> }
                    }) }
                </select>
            </span>
            if !gil_on {
                <span class="control">
                    <label for="gil-mode">{ "Without the GIL" }</label>
                    <select id="gil-mode" onchange={set(|s, v| s.gil = GilMode::parse(v).unwrap_or(GilMode::FreeThreaded))}>
                        <option value={GilMode::FreeThreaded.word()} selected={settings.gil == GilMode::FreeThreaded}>{ "free-threaded" }</option>
                        <option value={GilMode::Naive.word()} selected={settings.gil == GilMode::Naive}>{ "naive (no atomic refcounts)" }</option>
                    </select>
                </span>
            }
            <span class="control">
                <label for="cores">{ "Cores" }</label>
                <input id="cores" type="number" min={Settings::CORES.start().to_string()} max={Settings::CORES.end().to_string()} value={settings.cores.to_string()}
                    onchange={set(|s, v| if let Ok(n) = v.trim().parse::<u32>() { s.cores = n.clamp(*Settings::CORES.start(), *Settings::CORES.end()) })} />
            </span>
            if running {
                <button id="cancel" class="cancel run-large" onclick={on_cancel}>{ "Cancel" }</button>
            } else {
                <button id="run" class="run run-large" disabled={!props.runnable} onclick={on_run} title="Run (r)">{ "▶ Run" }</button>
            }
            <details id="more-settings" class="more-settings">
                <summary>{ "More settings" }<span class="more-words">{ format!(": {}", more_words(&settings)) }</span></summary>
                <div class="more-controls">
                    { number_choice("switch-interval", "Switch interval", &INTERVALS, settings.switch_interval_us,
                        set(|s, v| if let Ok(n) = v.parse::<u64>() { s.switch_interval_us = n })) }
                    <span class="control">
                        <label for="seed">{ "Seed" }</label>
                        <input id="seed" type="number" min="0" value={settings.seed.to_string()}
                            onchange={set(|s, v| if let Ok(n) = v.trim().parse::<u64>() { s.seed = n })} />
                    </span>
                    { number_choice("io-latency", "I/O latency", &LATENCIES, settings.io_latency_ms,
                        set(|s, v| if let Ok(n) = v.parse::<u64>() { s.io_latency_ms = n })) }
                    <span class="control">
                        <label for="run-as">{ "Run as" }</label>
                        <select id="run-as" title="A notebook's spawned processes cannot import its code (the spawn pitfall)"
                            onchange={set(|s, v| s.run_as = RunAs::parse(v).unwrap_or(RunAs::Script))}>
                            <option value={RunAs::Script.word()} selected={settings.run_as == RunAs::Script}>{ "script" }</option>
                            <option value={RunAs::Notebook.word()} selected={settings.run_as == RunAs::Notebook}>{ "notebook" }</option>
                        </select>
                    </span>
                    <span class="control">
                        <label for="os">{ "OS" }</label>
                        <select id="os" title="Linux starts processes by fork; macOS and Windows by spawn"
                            onchange={set(|s, v| s.os = Os::parse(v).unwrap_or(Os::Linux))}>
                            <option value={Os::Linux.word()} selected={settings.os == Os::Linux}>{ "Linux (fork)" }</option>
                            <option value={Os::MacOs.word()} selected={settings.os == Os::MacOs}>{ "macOS (spawn)" }</option>
                            <option value={Os::Windows.word()} selected={settings.os == Os::Windows}>{ "Windows (spawn)" }</option>
                        </select>
                    </span>
                </div>
            </details>
            <p class="mode-words">{ mode_words(settings.gil) }</p>
            if let RunStatus::Running { instructions, cap } = props.status {
                <div class="progress">
                    <progress id="run-progress" max={cap.to_string()} value={instructions.to_string()}
                        aria-label="Instructions run so far" />
                    <span>{ format!("{:.1} M of at most {} M instructions", instructions as f64 / 1e6, cap / 1_000_000) }</span>
                </div>
            }
        </div>
    }
}
