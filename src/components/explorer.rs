//! The explorer's panel: explore every schedule (or a sample), progress and Cancel, then a
//! histogram of the distinct outcomes, each with a button that replays its schedule, and the
//! verdict ("no lost update in any of the N schedules", or a counterexample).

use yew::prelude::*;

use crate::exploring::EXPLORE_CAP;
use crate::state::run::thousands;
use crate::state::steering::ExploreStatus;

/// What the panel shows and does. (A plain view function: its callbacks are new at every
/// render of the page, so a component would redraw each time anyway.)
pub struct ExplorerProps {
    pub status: ExploreStatus,
    pub runnable: bool,
    pub on_explore: Callback<()>,
    pub on_cancel: Callback<()>,
    /// Replay the schedule of the outcome with this index.
    pub on_replay: Callback<usize>,
    /// The program with its loop counts scaled down, when it has any to scale.
    pub scaled: Option<AttrValue>,
    /// Put the scaled-down copy in the editor.
    pub on_scale: Callback<()>,
}

/// Explore button, progress, and what was found.
pub fn explorer_panel(props: &ExplorerProps) -> Html {
    let explore = props.on_explore.reform(|_: MouseEvent| ());
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let body = match &props.status {
        ExploreStatus::Idle => html! {},
        ExploreStatus::Running {
            schedules,
            sampled,
            cap,
        } => html! {
            <div class="progress">
                <progress id="explore-progress" max={cap.to_string()} value={schedules.to_string()}
                    aria-label={if *sampled { "Schedules sampled so far" } else { "Schedules explored so far" }} />
                <span>{ format!("{schedules} schedules {} (at most {cap})", if *sampled { "sampled" } else { "explored" }) }</span>
            </div>
        },
        ExploreStatus::Done(view) if view.too_big => {
            let limit = gil_sim::search_limits().budget.max_instructions;
            let on_scale = props.on_scale.reform(|_: MouseEvent| ());
            html! {
                <>
                    <p id="explore-scope">
                        { format!("Too big to explore here: the schedules tried ran past {} instructions each before the program ended, so none of them shows how it ends.", thousands(limit)) }
                    </p>
                    if props.scaled.is_some() {
                        <p>{ "Its loops, counted down to 3, show the same interleavings in few enough steps to explore them all." }</p>
                        <button id="explore-scale" onclick={on_scale}>{ "Put a copy with its loops scaled down in the editor" }</button>
                    } else {
                        <p>{ "Make its loops shorter and explore again." }</p>
                    }
                </>
            }
        }
        ExploreStatus::Done(view) => {
            let found = &view.found;
            let most = found
                .outcomes
                .iter()
                .map(|o| o.schedules)
                .max()
                .unwrap_or(1)
                .max(1);
            let scope = if view.too_many {
                format!(
                    "Too many schedules to explore them all (over {EXPLORE_CAP}, or runs too long): {} seeded random schedules (PCT) show what can happen, not all that can.",
                    found.schedules
                )
            } else if view.cancelled {
                format!(
                    "Cancelled after {} schedules: what they show can happen, not all that can.",
                    found.schedules
                )
            } else {
                format!(
                    "Every schedule explored: {} schedules in {:.0} ms ({} steps; orders that differ only in steps that do not affect each other run once).",
                    found.schedules, view.millis, found.steps
                )
            };
            let [deadlock, lost] = found.verdict();
            html! {
                <>
                    <p id="explore-scope">{ scope }</p>
                    <ul id="explore-outcomes" class="outcomes" aria-label="Distinct outcomes">
                        { for found.outcomes.iter().enumerate().map(|(i, o)| {
                            let on_replay = props.on_replay.clone();
                            // An SVG bar: the page's Content-Security-Policy allows no style attribute.
                            let width = format!("{:.1}", 100.0 * o.schedules as f64 / most as f64);
                            html! {
                                <li key={i}>
                                    <span class="outcome-words"><code>{ view.outcome_words(i) }</code></span>
                                    <svg class="bar-track" aria-hidden="true" focusable="false" viewBox="0 0 100 1" preserveAspectRatio="none"><rect class="bar" width={width} height="1" /></svg>
                                    <span class="outcome-count">
                                        { format!("{} schedule{} · fewest preemptions {}", o.schedules, if o.schedules == 1 { "" } else { "s" }, o.preemptions) }
                                    </span>
                                    <button class="replay" id={format!("replay-{i}")}
                                        aria-label={format!("Replay a schedule that ends with {}", view.outcome_words(i))}
                                        onclick={Callback::from(move |_: MouseEvent| on_replay.emit(i))}>
                                        { "Replay" }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                    <p id="explore-verdict" class="verdict" role="status">
                        { deadlock }<br />{ lost }
                    </p>
                </>
            }
        }
    };
    let running = matches!(props.status, ExploreStatus::Running { .. });
    html! {
        <section id="explorer" class="explorer" aria-labelledby="explorer-title">
            <div class="pane-bar">
                <h2 id="explorer-title">{ "Every schedule" }</h2>
                if running {
                    <button id="explore-cancel" class="cancel" onclick={cancel}>{ "Cancel" }</button>
                } else {
                    <button id="explore" disabled={!props.runnable} onclick={explore}
                        title="Run the program under every order of its threads that can end differently">
                        { "Explore every schedule" }
                    </button>
                }
            </div>
            { body }
        </section>
    }
}
