//! "What happened": the outcome in one sentence with the run's facts (above the timeline),
//! then the findings in words, where the time went, and the program's output as it
//! interleaved (below it).

use std::rc::Rc;

use yew::prelude::*;

use gil_sim::Stream;

use crate::components::waitfor::wait_for;
use crate::state::run::{LaneState, RunView, thousands, time_words};

#[derive(Properties)]
pub struct OutcomeProps {
    pub view: Rc<RunView>,
}

/// The same run is the same view (comparing two long traces value by value is slow).
impl PartialEq for OutcomeProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view)
    }
}

/// The outcome in one sentence and the run's facts: the first thing a run shows.
pub fn headline(view: &RunView) -> Html {
    html! {
        <section class="outcome" aria-labelledby="outcome-title">
            <h2 id="outcome-title">{ "What happened" }</h2>
            <p id="headline" class="headline">{ view.headline.clone() }</p>
            <p class="facts">
                { format!("Python {} · {} instructions · {} of simulated time",
                    view.version, thousands(view.instructions), time_words(view.end_ps)) }
            </p>
        </section>
    }
}

/// The findings in words, where the time went, and the console.
#[component]
pub fn Outcome(props: &OutcomeProps) -> Html {
    let view = &props.view;
    html! {
        <section class="outcome" aria-label="The run in detail">
            if let Some(first) = &view.first_lost {
                <p id="lost-updates" class="finding">
                    <strong>{ format!("{} lost update{}. ", thousands(view.lost_updates), if view.lost_updates == 1 { "" } else { "s" }) }</strong>
                    { "A lost update is a write over a value that another thread changed after this thread read it. " }
                    if let Some(change) = &view.lost_change {
                        { format!("Together they erased {change}. ") }
                    }
                    { format!("The first: {first}.") }
                </p>
            }
            if let Some(deadlock) = &view.deadlock {
                <div id="deadlock" class="finding deadlock" role="alert">
                    <strong>{ "Deadlock. " }</strong>{ deadlock.clone() }
                </div>
                { wait_for(&view.wait_for) }
            }
            if !view.refcount_findings.is_empty() {
                <ul id="refcount-findings" class="finding">
                    { for view.refcount_findings.iter().take(5).map(|f| html! { <li>{ format!("⚠ {f}") }</li> }) }
                </ul>
            }
            <h3>{ "Where the time went" }</h3>
            <p id="speedup" class="speedup">{ view.speedup_words() }</p>
            <div class="table-scroll" role="region" aria-label="Time per thread and state" tabindex="0">
            <table id="time-table" class="time-table">
                <thead>
                    <tr>
                        <th scope="col">{ "Thread" }</th>
                        { for LaneState::ALL.iter().map(|s| html! { <th scope="col">{ s.words(view.gil) }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for view.lanes.iter().zip(view.time_in_states()).map(|(lane, totals)| html! {
                        <tr key={lane.label.clone()}>
                            <th scope="row">{ lane.label.clone() }</th>
                            { for totals.iter().map(|t| html! { <td>{ if *t == 0 { "–".to_string() } else { time_words(*t) } }</td> }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            <h3>{ "Console" }</h3>
            <pre id="console" class="console" role="region" aria-label="Program output" tabindex="0">
                { for view.console.iter().map(|(stream, text)| match stream {
                    Stream::Stdout => html! { { text.clone() } },
                    Stream::Stderr => html! { <span class="stderr">{ text.clone() }</span> },
                }) }
            </pre>
        </section>
    }
}
