//! Playback of a finished run: step, step back, scrub, play and pause, with the state at the
//! step (each thread's line and call stack, `__main__`'s variables and their reference counts,
//! the output so far) and the step told in words in a live region.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::runner::PLAY_STEP_MS;
use crate::state::playground::Playback;
use crate::state::run::time_words;
use crate::state::run::{RunView, line_bytecode};
use crate::state::steps::thread_words;
use gil_sim::Snapshot;

#[derive(Properties)]
pub struct PlaybackProps {
    pub view: Rc<RunView>,
    pub playback: Option<Rc<Playback>>,
    pub playing: bool,
    pub on_step: Callback<usize>,
    pub on_play: Callback<bool>,
    /// The pause between steps while playing, in milliseconds.
    pub on_speed: Callback<u32>,
}

/// The same run is the same view (comparing two long traces value by value at every step
/// would cost more than the step).
impl PartialEq for PlaybackProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view)
            && self.playback == other.playback
            && self.playing == other.playing
            && self.on_step == other.on_step
            && self.on_play == other.on_play
            && self.on_speed == other.on_speed
    }
}

/// Playback speeds offered: words and the pause between steps in milliseconds.
const SPEEDS: [(&str, u32); 4] = [
    ("1 step/s", 1_000),
    ("3 steps/s", PLAY_STEP_MS),
    ("10 steps/s", 100),
    ("30 steps/s", 33),
];

/// Playback controls and the state at the current step.
#[component]
pub fn PlaybackPanel(props: &PlaybackProps) -> Html {
    let total = props.view.steps.len();
    if total == 0 {
        return html! {};
    }
    let last = total - 1;
    let current = props.playback.as_ref().map_or(last, |p| p.step);
    let go = |target: usize| {
        let on_step = props.on_step.clone();
        Callback::from(move |_: MouseEvent| on_step.emit(target))
    };
    let on_scrub = {
        let on_step = props.on_step.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Ok(step) = input.value().parse::<usize>() {
                on_step.emit(step);
            }
        })
    };
    let on_play = {
        let on_play = props.on_play.clone();
        let playing = props.playing;
        Callback::from(move |_: MouseEvent| on_play.emit(!playing))
    };
    let on_speed = {
        let on_speed = props.on_speed.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Ok(ms) = select.value().parse::<u32>() {
                on_speed.emit(ms);
            }
        })
    };
    let step = &props.view.steps[current.min(last)];
    html! {
        <section class="playback" aria-labelledby="playback-title">
            <h2 id="playback-title">{ "Step through the run" }</h2>
            <div class="playback-bar" role="group" aria-label="Playback">
                <button id="step-first" aria-label="First step" title="First step (Home)"
                    disabled={current == 0} onclick={go(0)}>{ "|◀" }</button>
                <button id="step-back" aria-label="Step back" title="Step back (←)"
                    disabled={current == 0} onclick={go(current.saturating_sub(1))}>{ "◀" }</button>
                <button id="play" title="Play or pause (space)" onclick={on_play}>
                    { if props.playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <button id="step-forward" aria-label="Step forward" title="Step forward (→)"
                    disabled={current == last} onclick={go((current + 1).min(last))}>{ "▶" }</button>
                <button id="step-last" aria-label="Last step" title="Last step (End)"
                    disabled={current == last} onclick={go(last)}>{ "▶|" }</button>
                <input id="scrub" type="range" min="0" max={last.to_string()} value={current.to_string()}
                    aria-label="Step" aria-valuetext={format!("step {} of {}", current + 1, total)}
                    oninput={on_scrub} />
                <label class="speed">
                    { "Speed " }
                    <select id="speed" onchange={on_speed}>
                        { for SPEEDS.iter().map(|(words, ms)| html! {
                            <option key={*ms} value={ms.to_string()} selected={*ms == PLAY_STEP_MS}>{ *words }</option>
                        }) }
                    </select>
                </label>
                <span id="step-position" class="step-position">
                    { format!("step {} of {} · {}", current + 1, total, time_words(step.time_ps)) }
                </span>
            </div>
            <p id="narration" class="narration" aria-live="polite">{ narration(&step.text, props.playback.as_deref()) }</p>
            if let Some(playback) = &props.playback {
                { state_view(&playback.snapshot, &playback.changed, &props.view.bytecode) }
            }
        </section>
    }
}

/// The step in words, then what each thread holds in the middle of a read–modify–write
/// ("T1 has read shared_value = 41 at line 8 and not written it back; it is now 1041").
fn narration(event: &str, playback: Option<&Playback>) -> String {
    let mut text = event.to_string();
    for thread in playback.iter().flat_map(|p| &p.snapshot.threads) {
        for held in &thread.held {
            text.push_str(". ");
            text.push_str(&held.describe(&thread_words(thread.process, thread.thread)));
        }
    }
    text
}

/// Threads, variables (those in `changed` in bold) and output in `snapshot`; each thread's
/// line expands into its bytecode (from `bytecode`, the run's `dis` text).
pub fn state_view(snapshot: &Snapshot, changed: &[String], bytecode: &str) -> Html {
    html! {
        <div class="step-state">
            <div class="table-scroll" role="region" aria-label="Threads at this step" tabindex="0">
            <table id="step-threads" class="step-threads">
                <caption>{ "Threads at this step" }</caption>
                <thead><tr><th scope="col">{ "Thread" }</th><th scope="col">{ "Doing" }</th><th scope="col">{ "Line" }</th><th scope="col">{ "Instruction" }</th><th scope="col">{ "In" }</th></tr></thead>
                <tbody>
                    { for snapshot.threads.iter().map(|t| html! {
                        <tr key={format!("{}-{}", t.process, t.thread)}>
                            <th scope="row">{ format!("{} {}", thread_words(t.process, t.thread), t.name) }</th>
                            <td>
                                { activity_words(t.activity) }
                                { for t.held.iter().map(|h| html! {
                                    <span class="held">{ format!(" · holds {} = {}{}", h.name, h.read,
                                        h.now.as_ref().map_or_else(String::new, |now| format!(" (now {now})"))) }</span>
                                }) }
                            </td>
                            <td>
                                if t.line == 0 {
                                    { "–" }
                                } else {
                                    <details class="line-bytecode">
                                        <summary aria-label={format!("line {}: show its bytecode", t.line)}>{ t.line }</summary>
                                        <pre>{ line_bytecode(bytecode, t.line).join("\n") }</pre>
                                    </details>
                                }
                            </td>
                            <td><code class="instruction">{ t.instruction.clone() }</code></td>
                            <td>{ t.stack.join(" → ") }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            if !snapshot.globals.is_empty() {
                <table id="step-globals" class="step-globals">
                    <caption>{ "Variables of __main__ (value, reference count; changed since the step shown before in bold)" }</caption>
                    <tbody>
                        { for snapshot.globals.iter().map(|(name, value, refcount)| html! {
                            <tr key={name.clone()} class={classes!(changed.contains(name).then_some("changed"))}>
                                <th scope="row">{ name.clone() }</th>
                                <td><code>{ value.clone() }</code></td>
                                <td>{ refs_words(*refcount) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            <h3>{ "Output so far" }</h3>
            <pre id="step-output" class="console">{ snapshot.stdout.clone() }<span class="stderr">{ snapshot.stderr.clone() }</span></pre>
        </div>
    }
}

/// A reference count in words; values kept inline (small ints, floats, bools, None) have none.
fn refs_words(refcount: u32) -> String {
    match refcount {
        0 => "inline, not counted".to_string(),
        1 => "1 ref".to_string(),
        n => format!("{n} refs"),
    }
}

fn activity_words(activity: gil_sim::ThreadActivity) -> &'static str {
    use gil_sim::ThreadActivity as A;
    match activity {
        A::RunningWithGil => "running, holds the GIL",
        A::Running => "running on a core",
        A::WaitingForGil => "ready, waiting for the GIL",
        A::WaitingForCore => "ready, waiting for a core",
        A::BlockedOnLock(_) => "blocked on a lock",
        A::BlockedOnJoin(_) => "waiting in join()",
        A::BlockedOnProcess(_) => "waiting for a process",
        A::BlockedOnQueue => "waiting for a queue",
        A::Sleeping => "sleeping",
        A::InIo => "in I/O",
        A::Starting => "started, not running yet",
        A::Done => "finished",
    }
}
