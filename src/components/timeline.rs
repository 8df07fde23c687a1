//! The timeline: a lane per thread coloured by state (with patterns, so it reads in
//! greyscale), the GIL holder's lane, and red markers for lost updates.

use std::rc::Rc;

use gil_sim::sched::GilMode;
use yew::prelude::*;

use crate::state::run::{COLUMNS, RunView};

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub view: Rc<RunView>,
    /// The column of the playback step, when stepping.
    #[prop_or_default]
    pub cursor: Option<u32>,
}

const LABEL_WIDTH: f64 = 190.0;
const LANE_HEIGHT: f64 = 26.0;
const LANE_GAP: f64 = 8.0;
/// Width of one column in SVG units.
const COLUMN_WIDTH: f64 = 1.0;

/// A time in picoseconds as words with a unit.
pub fn time_words(ps: u64) -> String {
    let s = ps as f64 / 1e12;
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// Characters of a lane label that fit beside the lane.
const LABEL_CHARS: usize = 24;

/// `label` cut to fit beside the lane (the whole label is the lane's tooltip).
fn short_label(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let kept: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{kept}…")
    }
}

/// The timeline of a run, with its legend.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let view = &props.view;
    let lanes = view.lanes.len() as f64;
    let gil_row = view.gil == GilMode::On;
    let rows = lanes + if gil_row { 1.0 } else { 0.0 };
    let width = LABEL_WIDTH + COLUMNS as f64 * COLUMN_WIDTH;
    let height = rows * (LANE_HEIGHT + LANE_GAP) + 24.0;
    let y_of = |row: f64| row * (LANE_HEIGHT + LANE_GAP);
    let x_of = |column: u32| LABEL_WIDTH + f64::from(column) * COLUMN_WIDTH;
    let lane_rows = view.lanes.iter().enumerate().map(|(row, lane)| {
        let y = y_of(row as f64);
        let hue = format!("hue-{}", lane.hue % 8);
        html! {
            <g class={classes!("lane", hue)} key={lane.label.clone()}>
                <text class="lane-label" x="4" y={(y + LANE_HEIGHT * 0.68).to_string()}>
                    <title>{ lane.label.clone() }</title>
                    { short_label(&lane.label) }
                </text>
                { for lane.spans.iter().map(|span| {
                    let x = x_of(span.first);
                    let w = f64::from(span.end - span.first) * COLUMN_WIDTH;
                    html! {
                        <rect class={classes!("span", span.state.class())}
                            x={x.to_string()} y={y.to_string()} width={w.to_string()} height={LANE_HEIGHT.to_string()} />
                    }
                }) }
            </g>
        }
    });
    let gil_lane = gil_row.then(|| {
        let y = y_of(lanes);
        let hue_of = |thread: u32| {
            view.lanes
                .iter()
                .find(|l| l.process == 0 && l.thread == thread)
                .map_or(0, |l| l.hue % 8)
        };
        html! {
            <g class="gil-lane">
                <text class="lane-label" x="4" y={(y + LANE_HEIGHT * 0.68).to_string()}>{ "GIL held by" }</text>
                { for view.gil_spans.iter().map(|(first, end, who)| html! {
                    <rect class={classes!("gil-span", format!("hue-{}", hue_of(*who)))}
                        x={x_of(*first).to_string()} y={y.to_string()}
                        width={(f64::from(end - first) * COLUMN_WIDTH).to_string()} height={LANE_HEIGHT.to_string()} />
                }) }
            </g>
        }
    });
    let markers = view.lost_markers.iter().take(200).map(|m| {
        let x = x_of(m.column) + COLUMN_WIDTH / 2.0;
        let y = y_of(m.lane as f64) + LANE_HEIGHT / 2.0;
        html! {
            <g class="finding-marker">
                <title>{ m.text.clone() }</title>
                <path d={format!("M{} {} l8 8 M{} {} l-8 8", x - 4.0, y - 4.0, x + 4.0, y - 4.0)} />
            </g>
        }
    });
    let axis_y = rows * (LANE_HEIGHT + LANE_GAP) + 14.0;
    let cursor = props.cursor.map(|column| {
        let x = x_of(column) + COLUMN_WIDTH / 2.0;
        html! {
            <line id="timeline-cursor" class="cursor" x1={x.to_string()} x2={x.to_string()}
                y1="0" y2={(rows * (LANE_HEIGHT + LANE_GAP)).to_string()} />
        }
    });
    html! {
        <figure class="timeline" aria-labelledby="timeline-caption">
            <div class="timeline-scroll" role="region" aria-label="Timeline, scrolls sideways" tabindex="0">
                <svg id="timeline" viewBox={format!("0 0 {width} {height}")} role="img"
                    aria-label={format!("Timeline of {} threads over {} of simulated time", view.lanes.len(), time_words(view.end_ps))}
                    preserveAspectRatio="none">
                    <defs>
                        <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                            <rect width="6" height="6" class="hatch-bg" />
                            <line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
                        </pattern>
                    </defs>
                    { for lane_rows }
                    { for gil_lane }
                    { for markers }
                    { for cursor }
                    <text class="axis" x={LABEL_WIDTH.to_string()} y={axis_y.to_string()}>{ "0" }</text>
                    <text class="axis" x={width.to_string()} y={axis_y.to_string()} text-anchor="end">
                        { format!("{} (simulated)", time_words(view.end_ps)) }
                    </text>
                </svg>
            </div>
            <figcaption id="timeline-caption">
                <ul class="legend">
                    { for view.legend().into_iter().map(|state| html! {
                        <li key={state.class()}>
                            <svg class="swatch" viewBox="0 0 24 14" aria-hidden="true">
                                <rect class={classes!("span", state.class(), "hue-0")} width="24" height="14" />
                            </svg>
                            { state.words(view.gil) }
                        </li>
                    }) }
                    if !view.lost_markers.is_empty() {
                        <li><span class="legend-cross" aria-hidden="true">{ "✕" }</span>{ "lost update (hover for the story)" }</li>
                    }
                </ul>
            </figcaption>
        </figure>
    }
}
