//! "You are the scheduler": the threads that can go next as buttons (digit keys pick them),
//! undo, the schedule so far, the state it left, the challenge and whether it is solved; once
//! the run ends, its timeline and outcome.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::outcome::Outcome;
use crate::components::playback::state_view;
use crate::components::timeline::Timeline;
use crate::state::steering::SteerView;

/// What the panel shows and does (a plain view function: its callbacks are new at every
/// render of the page, so a component would redraw each time anyway).
pub struct SchedulerProps {
    pub view: Rc<SteerView>,
    /// Where the reader's version lets threads switch, in words ("at the switch points of 3.9").
    pub points_words: AttrValue,
    pub on_choose: Callback<u32>,
    /// Take back this many choices.
    pub on_undo: Callback<usize>,
    /// Choices after every instruction (true) or at the version's switch points.
    pub on_bytecode: Callback<bool>,
    pub on_leave: Callback<()>,
}

/// The steered run and its controls.
pub fn scheduler_panel(props: &SchedulerProps) -> Html {
    let view = &props.view;
    let undo = |count: usize| {
        let on_undo = props.on_undo.clone();
        Callback::from(move |_: MouseEvent| on_undo.emit(count))
    };
    let on_bytecode = {
        let on_bytecode = props.on_bytecode.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            on_bytecode.emit(input.checked());
        })
    };
    let leave = props.on_leave.reform(|_: MouseEvent| ());
    let challenge = view.challenge.as_ref().map(|c| {
        html! {
            <div class={classes!("challenge", view.reached.then_some("solved"))}>
                <h3>{ format!("Challenge: {}", c.title) }</h3>
                <p>{ c.task }</p>
                <p id="challenge-status" role="status">
                    if view.reached {
                        <strong>{ "✓ " }{ c.solved }</strong>
                    } else {
                        { "Not solved yet." }
                    }
                </p>
            </div>
        }
    });
    let choices = html! {
        <div class="choose" role="group" aria-label="Who runs next">
            { for view.candidates.iter().map(|c| {
                let on_choose = props.on_choose.clone();
                let thread = c.thread;
                let key = if thread < 10 { thread.to_string() } else { String::new() };
                html! {
                    <button id={format!("choose-{thread}")} class="choose-thread"
                        aria-keyshortcuts={key.clone()}
                        title={if key.is_empty() { String::new() } else { format!("Run T{thread} to its next switch point (key {key})") }}
                        onclick={Callback::from(move |_: MouseEvent| on_choose.emit(thread))}>
                        <span class="thread-key">{ format!("T{}", c.thread) }</span>
                        if c.line > 0 {
                            { format!(" {} — line {}: ", c.name, c.line) }
                            <code>{ c.instruction.clone() }</code>
                        } else {
                            { format!(" {} — {}", c.name, c.instruction) }
                        }
                        if c.running { <span class="running">{ " (running)" }</span> }
                    </button>
                }
            }) }
        </div>
    };
    html! {
        <section id="scheduler" class="scheduler" aria-labelledby="scheduler-title">
            <div class="pane-bar">
                <h2 id="scheduler-title">{ "You are the scheduler" }</h2>
                <button id="leave-scheduler" onclick={leave}>{ "Leave" }</button>
            </div>
            { for challenge }
            <p class="scheduler-help">
                { format!("Pick the thread that runs next; it runs to its next point where a switch can happen ({}). Digit keys pick threads, u takes a choice back.", props.points_words) }
            </p>
            <div class="scheduler-bar" role="group" aria-label="Schedule">
                <button id="undo" title="Take back the last choice (u)" aria-keyshortcuts="u"
                    disabled={view.choices.is_empty()} onclick={undo(1)}>{ "↶ Undo" }</button>
                <button id="restart" title="Take back every choice"
                    disabled={view.choices.is_empty()} onclick={undo(usize::MAX)}>{ "Start over" }</button>
                <label class="check">
                    <input id="expand-bytecode" type="checkbox" checked={view.bytecode} onchange={on_bytecode} />
                    { " Expand to bytecode (a choice after every instruction)" }
                </label>
            </div>
            <p id="schedule-so-far" class="schedule-so-far">
                { format!("{} choice{} so far", view.choices.len(), if view.choices.len() == 1 { "" } else { "s" }) }
                if !view.choices.is_empty() {
                    { ": " }<code>{ view.runs_words() }</code>
                }
            </p>
            if view.ended.is_none() {
                <h3 id="who-next">{ "Who runs next?" }</h3>
                { choices }
            }
            if let Some(run) = &view.ended {
                <p id="steer-ended" class="steer-ended" role="status">{ "The run has ended. Undo to try another order." }</p>
                <Timeline view={run.clone()} />
                <Outcome view={run.clone()} />
            } else {
                { state_view(&view.snapshot, &[], &view.dis) }
            }
        </section>
    }
}
