//! The timeline: a lane per thread coloured by state (with patterns, so it reads in
//! greyscale), the GIL holder's lane with ticks where a waiter asked for the GIL, red markers
//! for lost updates, a mark on each thread stuck in a deadlock, and the playback cursor. Zoom
//! in and out and pan with its buttons; stepping keeps the cursor in view.

use std::fmt::Write as _;
use std::rc::Rc;

use gil_sim::GilMode;
use yew::prelude::*;

use crate::state::run::{COLUMNS, LaneState, Marker, RunView, thousands, time_words};

#[derive(Properties)]
pub struct TimelineProps {
    pub view: Rc<RunView>,
    /// The time of the playback step (ps), when stepping.
    #[prop_or_default]
    pub cursor: Option<u64>,
    /// The time the whole width stands for (ps), when two runs share a scale; at least the
    /// run's own length.
    #[prop_or_default]
    pub scale_ps: Option<u64>,
}

// A view is compared by identity: comparing two long traces value by value at every step of
// playback cost more than drawing the step.
impl PartialEq for TimelineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view)
            && self.cursor == other.cursor
            && self.scale_ps == other.scale_ps
    }
}

/// What the lanes are drawn from: the run and the window of it shown. Playback moves only the
/// cursor, so the lanes are not drawn again at each step.
#[derive(Properties)]
struct LanesProps {
    view: Rc<RunView>,
    from: u64,
    to: u64,
}

impl PartialEq for LanesProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view) && self.from == other.from && self.to == other.to
    }
}

const LABEL_WIDTH: f64 = 190.0;
const LANE_HEIGHT: f64 = 26.0;
const LANE_GAP: f64 = 8.0;
/// Width of one column in SVG units.
const COLUMN_WIDTH: f64 = 1.0;

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

/// Zoom factors offered (how many times the whole run's width).
const ZOOMS: [u64; 8] = [1, 2, 4, 8, 16, 32, 64, 128];

/// The window of the run shown at zoom level `level` starting at `start` (ps), moved so that
/// `cursor` is inside it: `(from, to)`.
fn window(end_ps: u64, level: usize, start: u64, cursor: Option<u64>) -> (u64, u64) {
    let width = (end_ps / ZOOMS[level.min(ZOOMS.len() - 1)]).max(1);
    let mut from = start.min(end_ps.saturating_sub(width));
    if let Some(t) = cursor
        && (t < from || t >= from + width)
    {
        from = t
            .saturating_sub(width / 2)
            .min(end_ps.saturating_sub(width));
    }
    (from, from + width)
}

/// Where `time` falls across the lanes when the window `from`..`to` fills their width.
fn x_in_window(time: u64, from: u64, to: u64) -> f64 {
    let span = (to - from).max(1) as f64;
    LABEL_WIDTH + time.saturating_sub(from) as f64 / span * COLUMNS as f64
}

/// Rectangles `first..end` (columns) of the row at `y`, as the subpaths of one SVG path: a
/// lane is drawn as a path per state or hue rather than an element per span, so a long run
/// adds a handful of elements to the page instead of thousands.
fn row_path(spans: impl Iterator<Item = (u32, u32)>, y: f64) -> String {
    let mut d = String::new();
    for (first, end) in spans {
        let x = LABEL_WIDTH + f64::from(first) * COLUMN_WIDTH;
        let w = f64::from(end - first) * COLUMN_WIDTH;
        let _ = write!(d, "M{x} {y}h{w}v{LANE_HEIGHT}h-{w}z");
    }
    d
}

/// Spans `(first, end, who)` of the row at `y` as one path per hue, `hue_of(who)` choosing it.
fn by_hue(spans: &[(u32, u32, u32)], hue_of: impl Fn(u32) -> usize, y: f64) -> Html {
    let hues: Vec<usize> = spans.iter().map(|(_, _, who)| hue_of(*who)).collect();
    (0..8)
        .filter_map(|hue| {
            let d = row_path(
                spans
                    .iter()
                    .zip(&hues)
                    .filter(|(_, h)| **h == hue)
                    .map(|((first, end, _), _)| (*first, *end)),
                y,
            );
            (!d.is_empty()).then(
                || html! { <path class={classes!("gil-span", format!("hue-{hue}"))} d={d} /> },
            )
        })
        .collect()
}

/// Columns of the lost-update band under each lane.
const DENSITY_COLUMNS: usize = 160;

/// Where all of a run's lost updates happened in the window `from`..`to`: a band along the
/// bottom of each lane, darker where more were lost (four shades, the darkest for the
/// window's busiest column), with the lane's count as its tooltip.
fn lost_density(view: &RunView, from: u64, to: u64, y_of: impl Fn(f64) -> f64) -> Html {
    let span = to.saturating_sub(from).max(1) as f64;
    let mut counts = vec![vec![0u64; DENSITY_COLUMNS]; view.lanes.len()];
    for &(time, lane, weight) in &view.lost_times {
        if (from..=to).contains(&time)
            && let Some(row) = counts.get_mut(lane)
        {
            let column = ((time - from) as f64 / span * DENSITY_COLUMNS as f64) as usize;
            row[column.min(DENSITY_COLUMNS - 1)] += weight;
        }
    }
    let busiest = counts.iter().flatten().copied().max().unwrap_or(0);
    if busiest == 0 {
        return Html::default();
    }
    let width = COLUMNS as f64 * COLUMN_WIDTH / DENSITY_COLUMNS as f64;
    let bands = counts
        .iter()
        .enumerate()
        .filter(|(_, row)| row.iter().any(|c| *c > 0));
    bands
        .map(|(lane, row)| {
            let y = y_of(lane as f64) + LANE_HEIGHT - 5.0;
            let total: u64 = row.iter().sum();
            let shades = (1..=4u64).map(|shade| {
                let mut d = String::new();
                for (column, count) in row.iter().enumerate() {
                    if *count > 0 && (count * 4).div_ceil(busiest) == shade {
                        let x = LABEL_WIDTH + column as f64 * width;
                        let _ = write!(d, "M{x} {y}h{width}v5h-{width}z");
                    }
                }
                (!d.is_empty()).then(|| html! { <path class={format!("density-{shade}")} d={d} /> })
            });
            let words = match total {
                1 => "1 lost update on this thread here".to_string(),
                n => format!(
                    "{} lost updates on this thread here, darker where denser",
                    thousands(n)
                ),
            };
            html! {
                <g class="lost-density" key={format!("density-{lane}")}>
                    <title>{ words }</title>
                    { for shades.flatten() }
                </g>
            }
        })
        .collect()
}

/// The memory lanes from row `first_row` on, in the window `from`..`to`: each process's
/// objects as a step chart on one scale (the largest peak fills a lane), the part that a
/// thread's frames alone hold at the bottom in its colour, the rest in grey above.
fn memory_rows(view: &RunView, from: u64, to: u64, first_row: f64) -> Html {
    let peak = view.memory.iter().map(|m| m.peak).max().unwrap_or(0).max(1) as f64;
    let height = |bytes: u64| bytes as f64 / peak * LANE_HEIGHT;
    view.memory
        .iter()
        .enumerate()
        .map(|(row, lane)| {
            let bottom = (first_row + row as f64) * (LANE_HEIGHT + LANE_GAP) + LANE_HEIGHT;
            // One path per colour (eight hues, then the grey rest): subpaths, not elements.
            let mut paths = vec![String::new(); 9];
            for stretch in &lane.stretches {
                if stretch.end < from || stretch.start > to {
                    continue;
                }
                let x = x_in_window(stretch.start.max(from), from, to);
                let w = x_in_window(stretch.end.min(to), from, to) - x;
                let mut y = bottom;
                let mut held = 0;
                for &(thread_lane, bytes) in &stretch.held {
                    let hue = view.lanes.get(thread_lane).map_or(0, |l| l.hue % 8);
                    let h = height(bytes);
                    y -= h;
                    held += bytes;
                    let _ = write!(paths[hue], "M{x} {y}h{w}v{h}h-{w}z");
                }
                let h = height(stretch.total.saturating_sub(held));
                let _ = write!(paths[8], "M{x} {}h{w}v{h}h-{w}z", y - h);
            }
            let shapes = paths
                .into_iter()
                .enumerate()
                .filter(|(_, d)| !d.is_empty())
                .map(|(hue, d)| {
                    let class = match hue {
                        8 => classes!("memory-rest"),
                        hue => classes!("memory-held", format!("hue-{hue}")),
                    };
                    html! { <path class={class} d={d} /> }
                });
            html! {
                <g class="memory-lane" key={lane.label.clone()}>
                    <title>{ lane.words.clone() }</title>
                    { for shapes }
                </g>
            }
        })
        .collect()
}

/// The lanes of a run in the window `from`..`to`: threads, the GIL or the cores, the
/// memory, and the findings on them.
#[component]
fn Lanes(props: &LanesProps) -> Html {
    let LanesProps { view, from, to } = props;
    let (from, to) = (*from, *to);
    let lanes = view.lanes.len() as f64;
    let gil_row = view.gil == GilMode::On;
    let y_of = |row: f64| row * (LANE_HEIGHT + LANE_GAP);
    let x_at = |time: u64| x_in_window(time, from, to);
    let visible = |time: u64| (from..=to).contains(&time);
    let lane_rows = view.lanes.iter().enumerate().map(|(row, lane)| {
        let y = y_of(row as f64);
        let hue = format!("hue-{}", lane.hue % 8);
        let spans = view.spans_in(row, from, to);
        html! {
            <g class={classes!("lane", hue)} key={lane.label.clone()}>
                { for LaneState::ALL.iter().filter_map(|state| {
                    let d = row_path(spans.iter().filter(|s| s.state == *state).map(|s| (s.first, s.end)), y);
                    (!d.is_empty()).then(|| html! { <path class={classes!("span", state.class())} d={d} /> })
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
        // One glyph per pixel at most, all in one path with one tooltip: an element per request
        // made a long run's timeline thousands of elements.
        let mut requests = 0;
        let mut last_x = f64::NEG_INFINITY;
        let mut d = String::new();
        for t in view.drop_requests.iter().copied().filter(|t| visible(*t)) {
            requests += 1;
            let x = x_at(t);
            if x - last_x >= 1.0 {
                last_x = x;
                let _ = write!(d, "M{x} {}l-3 -5h6z", y - 1.0);
            }
        }
        let drop_requests = (requests > 0).then(|| {
            let words = match requests {
                1 => "a waiter asked the holder to drop the GIL once here".to_string(),
                n => format!("a waiter asked the holder to drop the GIL {n} times here"),
            };
            html! { <path class="drop-request" d={d}><title>{ words }</title></path> }
        });
        html! {
            <g class="gil-lane">
                { by_hue(&view.gil_spans_in(from, to), hue_of, y) }
                { drop_requests }
            </g>
        }
    });
    let core_lanes = (0..view.cores.len()).map(|core| {
        let y = y_of(lanes + core as f64);
        html! {
            <g class="core-lane" key={format!("core-{core}")}>
                { by_hue(&view.core_spans_in(core, from, to), |lane| view.lanes.get(lane as usize).map_or(0, |l| l.hue % 8), y) }
            </g>
        }
    });
    // Findings on their thread's lane, at most 200 of a kind in the window: a glyph drawn by
    // `shape` from the lane's middle, with the finding in words as its tooltip.
    let marks = |markers: &[Marker], class: &'static str, shape: fn(f64, f64) -> String| {
        markers
            .iter()
            .filter(|m| visible(m.time_ps))
            .take(200)
            .map(|m| {
                let (x, y) = (x_at(m.time_ps), y_of(m.lane as f64) + LANE_HEIGHT / 2.0);
                html! {
                    <g class={class}>
                        <title>{ m.text.clone() }</title>
                        <path d={shape(x, y)} />
                    </g>
                }
            })
            .collect::<Html>()
    };
    let markers = marks(&view.lost_markers, "finding-marker", |x, y| {
        format!(
            "M{} {} l8 8 M{} {} l-8 8",
            x - 4.0,
            y - 4.0,
            x + 4.0,
            y - 4.0
        )
    });
    let density = lost_density(view, from, to, y_of);
    let refcount_marks = marks(&view.refcount_markers, "refcount-marker", |x, y| {
        format!("M{x} {} l6 11 h-12 z", y - 10.0)
    });
    // A deadlock leaves its threads blocked to the end: mark the end of each blocked lane.
    let deadlocked = view.deadlock.is_some().then(|| {
        html! {
            { for view.lanes.iter().enumerate().filter(|(_, l)| {
                l.segments.last().is_some_and(|s| s.2 == LaneState::Blocked && s.1 >= view.end_ps)
            }).map(|(row, _)| {
                let x = x_at(view.end_ps) - 8.0;
                let y = y_of(row as f64) + LANE_HEIGHT / 2.0;
                html! {
                    <g class="deadlock-marker">
                        <title>{ "stuck in the deadlock" }</title>
                        <circle cx={x.to_string()} cy={y.to_string()} r="6" />
                        <path d={format!("M{} {} l8 -8", x - 4.0, y + 4.0)} />
                    </g>
                }
            }) }
        }
    });
    let memory_row = lanes
        + if gil_row {
            1.0
        } else {
            view.cores.len() as f64
        };
    html! {
        <g class="lanes">
            { for lane_rows }
            { for gil_lane }
            { for core_lanes }
            { memory_rows(view, from, to, memory_row) }
            { density }
            { markers }
            { refcount_marks }
            { for deadlocked }
        </g>
    }
}

#[derive(Properties)]
struct LaneLabelsProps {
    view: Rc<RunView>,
    height: f64,
}

impl PartialEq for LaneLabelsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view) && self.height == other.height
    }
}

/// The lanes' names, in a layer of their own that stays at the left edge while the lanes
/// scroll sideways under it (on a narrow screen).
#[component]
fn LaneLabels(props: &LaneLabelsProps) -> Html {
    let view = &props.view;
    let threads = view
        .lanes
        .iter()
        .map(|lane| (lane.label.clone(), short_label(&lane.label)));
    let rest: Vec<String> = if view.gil == GilMode::On {
        vec!["GIL held by".to_string()]
    } else {
        (1..=view.cores.len())
            .map(|core| format!("core {core}"))
            .collect()
    };
    let memory = view.memory.iter().map(|m| m.label.clone());
    let rows = threads.chain(
        rest.into_iter()
            .chain(memory)
            .map(|label| (label.clone(), label)),
    );
    html! {
        <svg class="lane-labels" viewBox={format!("0 0 {LABEL_WIDTH} {}", props.height)}
            aria-hidden="true" preserveAspectRatio="none">
            <rect class="hatch-bg" width={LABEL_WIDTH.to_string()} height={props.height.to_string()} />
            { for rows.enumerate().map(|(row, (full, short))| {
                let y = row as f64 * (LANE_HEIGHT + LANE_GAP) + LANE_HEIGHT * 0.68;
                html! {
                    <text class="lane-label" x="4" y={y.to_string()}>
                        <title>{ full }</title>
                        { short }
                    </text>
                }
            }) }
        </svg>
    }
}

/// What a save button saves.
#[derive(Clone, Copy)]
enum Saved {
    Svg,
    Png,
    Json,
}

/// The timeline of a run, with its zoom controls, save buttons and legend.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let view = &props.view;
    let end_ps = props.scale_ps.unwrap_or(0).max(view.end_ps);
    // Zoom level (an index into ZOOMS) and the window's start in picoseconds.
    let zoom = use_state(|| (0usize, 0u64));
    let (level, start) = *zoom;
    let (from, to) = window(end_ps, level, start, props.cursor);
    let lanes = view.lanes.len() as f64;
    let gil_row = view.gil == GilMode::On;
    let rows = lanes
        + if gil_row {
            1.0
        } else {
            view.cores.len() as f64
        }
        + view.memory.len() as f64;
    let width = LABEL_WIDTH + COLUMNS as f64 * COLUMN_WIDTH;
    let height = rows * (LANE_HEIGHT + LANE_GAP) + 24.0;
    let x_at = |time: u64| x_in_window(time, from, to);
    let visible = |time: u64| (from..=to).contains(&time);
    let axis_y = rows * (LANE_HEIGHT + LANE_GAP) + 14.0;
    let cursor = props.cursor.filter(|t| visible(*t)).map(|t| {
        let x = x_at(t);
        html! {
            <line id="timeline-cursor" class="cursor" x1={x.to_string()} x2={x.to_string()}
                y1="0" y2={(rows * (LANE_HEIGHT + LANE_GAP)).to_string()} />
        }
    });
    let set_zoom = |next_level: usize, next_start: i128| {
        let zoom = zoom.clone();
        let end = end_ps;
        Callback::from(move |_: MouseEvent| {
            let next_level = next_level.min(ZOOMS.len() - 1);
            let width = end / ZOOMS[next_level];
            let clamped = next_start.clamp(0, i128::from(end.saturating_sub(width)));
            zoom.set((next_level, clamped as u64));
        })
    };
    let figure = use_node_ref();
    let save = |what: Saved| {
        let (figure, view) = (figure.clone(), view.clone());
        Callback::from(move |_: MouseEvent| {
            let (major, minor) = view.version.major_minor();
            let name = format!("gil-lab-{major}.{minor}");
            match (what, figure.cast::<web_sys::Element>()) {
                (Saved::Svg, Some(figure)) => {
                    crate::saving::save_svg(&figure, &format!("{name}-timeline.svg"));
                }
                (Saved::Png, Some(figure)) => {
                    crate::saving::save_png(&figure, &format!("{name}-timeline.png"));
                }
                (Saved::Json, _) => crate::saving::save_text(
                    &format!("{name}-trace.json"),
                    "application/json",
                    &view.record.json(),
                ),
                (Saved::Svg | Saved::Png, None) => {}
            }
        })
    };
    let width_ps = i128::from(to - from);
    let centre = i128::from(from) + width_ps / 2;
    html! {
        <figure class="timeline" aria-labelledby="timeline-caption" ref={figure.clone()}>
            <div class="timeline-scroll" role="region" aria-label="Timeline, scrolls sideways" tabindex="0">
                <div class="timeline-canvas">
                    <svg id="timeline" class="lanes-drawing" viewBox={format!("0 0 {width} {height}")} role="img"
                        aria-label={format!("Timeline of {} threads from {} to {} of simulated time", view.lanes.len(), time_words(from), time_words(to))}
                        preserveAspectRatio="none">
                        <defs>
                            <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                                <rect width="6" height="6" class="hatch-bg" />
                                <line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
                            </pattern>
                        </defs>
                        <Lanes view={view.clone()} {from} {to} />
                        <text class="axis" x={LABEL_WIDTH.to_string()} y={axis_y.to_string()}>{ time_words(from) }</text>
                        <text class="axis" x={width.to_string()} y={axis_y.to_string()} text-anchor="end">
                            { format!("{} (simulated)", time_words(to)) }
                        </text>
                    </svg>
                    // The cursor is drawn over the lanes in a layer of its own: moving it at
                    // each step of playback does not repaint thousands of spans.
                    <svg class="timeline-overlay" viewBox={format!("0 0 {width} {height}")}
                        aria-hidden="true" preserveAspectRatio="none">
                        { for cursor }
                    </svg>
                    <LaneLabels view={view.clone()} {height} />
                </div>
            </div>
            <div class="zoom-bar" role="group" aria-label="Zoom the timeline">
                <button id="zoom-in" aria-label="Zoom in" disabled={level + 1 >= ZOOMS.len()}
                    onclick={set_zoom(level + 1, centre - width_ps / 4)}>{ "+" }</button>
                <button id="zoom-out" aria-label="Zoom out" disabled={level == 0}
                    onclick={set_zoom(level.saturating_sub(1), centre - width_ps)}>{ "−" }</button>
                <button id="pan-left" aria-label="Earlier" disabled={from == 0}
                    onclick={set_zoom(level, i128::from(from) - width_ps / 2)}>{ "←" }</button>
                <button id="pan-right" aria-label="Later" disabled={to >= end_ps}
                    onclick={set_zoom(level, i128::from(from) + width_ps / 2)}>{ "→" }</button>
                <button id="zoom-fit" disabled={level == 0} onclick={set_zoom(0, 0)}>{ "Whole run" }</button>
                <span id="zoom-window" class="zoom-window">
                    { format!("{} – {} of {}", time_words(from), time_words(to), time_words(end_ps)) }
                </span>
            </div>
            <div class="save-bar" role="group" aria-label="Save this run">
                <button class="save-svg" onclick={save(Saved::Svg)}>{ "Save SVG" }</button>
                <button class="save-png" onclick={save(Saved::Png)}>{ "Save PNG" }</button>
                <button class="save-json" onclick={save(Saved::Json)}>{ "Save trace (JSON)" }</button>
            </div>
            <figcaption id="timeline-caption">
                <ul class="legend">
                    <li class="legend-note">{ "Colour tells the thread, the same everywhere on the page; these swatches show each state's pattern" }{ if gil_row { ", and the GIL lane has the colour of the thread holding it." } else { "." } }</li>
                    { for view.legend().into_iter().map(|state| html! {
                        <li key={state.class()}>
                            <svg class="swatch" viewBox="0 0 24 14" aria-hidden="true">
                                <rect class={classes!("span", state.class(), "hue-legend")} width="24" height="14" />
                            </svg>
                            { state.words(view.gil) }
                        </li>
                    }) }
                    if !view.drop_requests.is_empty() && gil_row {
                        <li><span class="legend-drop" aria-hidden="true">{ "▼" }</span>{ "a waiter asks for the GIL (drop request)" }</li>
                    }
                    if !view.lost_markers.is_empty() {
                        <li><span class="legend-cross" aria-hidden="true">{ "✕" }</span>{ "lost update (hover for the story; the first 100 are marked)" }</li>
                        <li><span class="legend-density" aria-hidden="true"></span>{ "where all the lost updates happened, darker where denser" }</li>
                    }
                    if !view.refcount_markers.is_empty() {
                        <li><span class="legend-refcount" aria-hidden="true">{ "▲" }</span>{ "reference count went wrong (hover for what)" }</li>
                    }
                    if view.deadlock.is_some() {
                        <li><span class="legend-deadlock" aria-hidden="true">{ "⊘" }</span>{ "stuck in the deadlock" }</li>
                    }
                    if !view.memory.is_empty() {
                        <li class="legend-memory">
                            <svg class="swatch" viewBox="0 0 24 14" aria-hidden="true">
                                <rect class="memory-rest" width="24" height="7" />
                                <rect class="memory-held hue-legend" y="7" width="24" height="7" />
                            </svg>
                            { "memory: live Python objects in CPython's sizes, as tracemalloc counts them (not the whole process); a thread's colour for what its frames alone hold, grey for the rest" }
                        </li>
                    }
                </ul>
                { for view.memory.iter().map(|m| html! { <p class="memory-words">{ m.words.clone() }</p> }) }
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_sizes_the_label_column_as_the_timeline_does() {
        let css = include_str!("../../static/style.css");
        let share = format!(
            "calc(100% * {} / {})",
            LABEL_WIDTH,
            LABEL_WIDTH + COLUMNS as f64 * COLUMN_WIDTH
        );
        assert!(
            css.contains(&share),
            "static/style.css sizes .lane-labels by {share}"
        );
    }
}
