//! Compare: the same code under other settings, run beside the reader's, each with its own
//! timeline and outcome (GIL on against off, 3.9 against 3.11, …).

use std::rc::Rc;

use gil_sim::PyVersion;
use gil_sim::{GilMode, Word};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::timeline::Timeline;
use crate::state::playground::{Chose, Comparison, RunSettings, RunStatus, shipped};
use crate::state::run::{RunView, thousands, time_words};

/// The settings of one side in a few words ("3.11, GIL on").
pub fn side_words(version: PyVersion, gil: GilMode) -> String {
    let mode = match gil {
        GilMode::On => "GIL on",
        GilMode::FreeThreaded => "free-threaded",
        GilMode::Naive => "naive no-GIL",
    };
    let build = if gil == GilMode::FreeThreaded {
        "t"
    } else {
        ""
    };
    format!("Python {version}{build}, {mode}")
}

/// What the comparison shows and does (a plain view function: its callbacks are new at every
/// render of the page, so a component would redraw each time anyway).
pub struct CompareProps {
    pub comparison: Comparison,
    /// The reader's own side, once run.
    pub main: Option<Rc<RunView>>,
    pub main_run: RunStatus,
    /// The playback step's time on the reader's side (ps).
    pub main_cursor: Option<u64>,
    pub main_words: AttrValue,
    pub on_change: Callback<(PyVersion, RunSettings)>,
    pub on_close: Callback<()>,
}

/// The comparison's settings and both sides' results.
pub fn compare_panel(props: &CompareProps) -> Html {
    let comparison = &props.comparison;
    let (version, settings) = (comparison.version, comparison.settings);
    let on_version = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(version) = PyVersion::parse(&select.value()) {
                let (version, gil) = shipped(version, settings.gil, Chose::Version);
                on_change.emit((version, RunSettings { gil, ..settings }));
            }
        })
    };
    let on_gil = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let gil = GilMode::parse(&select.value()).unwrap_or(GilMode::On);
            let (version, gil) = shipped(version, gil, Chose::Gil);
            on_change.emit((version, RunSettings { gil, ..settings }));
        })
    };
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let compared = match &comparison.run {
        RunStatus::Finished(view) => Some(view),
        _ => None,
    };
    // Both sides on one time scale, so their lengths compare at a glance.
    let scale_ps = props.main.iter().chain(compared).map(|v| v.end_ps).max();
    let side = |id: &'static str,
                words: String,
                view: Option<&Rc<RunView>>,
                status: &RunStatus,
                cursor: Option<u64>| {
        html! {
            <section class="compare-side" aria-label={words.clone()}>
                <h3>{ words }</h3>
                {
                    match (view, status) {
                        (Some(view), _) => html! {
                            <>
                                <Timeline view={view.clone()} {cursor} {scale_ps} />
                                <p id={id} class="compare-headline">{ view.headline.clone() }</p>
                                <p class="facts">{ format!("{} instructions · {} simulated", thousands(view.instructions), time_words(view.end_ps)) }</p>
                            </>
                        },
                        (None, RunStatus::Running { instructions, .. }) => html! {
                            <p class="facts">{ format!("running… {:.1} M instructions", *instructions as f64 / 1e6) }</p>
                        },
                        (None, _) => html! { <p class="facts">{ "Press Run to run both." }</p> },
                    }
                }
            </section>
        }
    };
    html! {
        <section class="compare" aria-labelledby="compare-title">
            <div class="compare-bar">
                <h2 id="compare-title">{ "Compare with" }</h2>
                <span class="control">
                    <label for="compare-version">{ "Python" }</label>
                    <select id="compare-version" onchange={on_version}>
                        { for PyVersion::ALL.iter().map(|v| html! {
                            <option key={v.to_string()} value={v.to_string()} selected={*v == version}>
                                { crate::components::controls::version_words(*v) }
                            </option>
                        }) }
                    </select>
                </span>
                <span class="control">
                    <label for="compare-gil">{ "GIL" }</label>
                    <select id="compare-gil" onchange={on_gil}>
                        <option value={GilMode::On.word()} selected={settings.gil == GilMode::On}>{ "on" }</option>
                        <option value={GilMode::FreeThreaded.word()} selected={settings.gil == GilMode::FreeThreaded}>{ "free-threaded" }</option>
                        <option value={GilMode::Naive.word()} selected={settings.gil == GilMode::Naive}>{ "naive no-GIL" }</option>
                    </select>
                </span>
                <button id="compare-close" onclick={on_close}>{ "Stop comparing" }</button>
            </div>
            <div class="compare-grid">
                { side("main-headline", props.main_words.to_string(), props.main.as_ref(), &props.main_run, props.main_cursor) }
                { side("compare-headline", side_words(version, settings.gil), compared, &comparison.run, None) }
            </div>
        </section>
    }
}
