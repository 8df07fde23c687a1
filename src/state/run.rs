//! What the page draws of a finished (or cancelled) run: lanes of thread states, the GIL
//! holder, findings and the outcome in words. Built once from the simulator's trace; the
//! drawing code only reads it.

use gil_sim::sched::trace::{ThreadActivity, TraceEvent};
use gil_sim::sched::{Finding, GilMode};
use gil_sim::vm::output::Stream;
use gil_sim::vm::run::Ending;
use gil_sim::{PyVersion, Simulation};

use crate::state::steps::{Step, event_words};

/// Columns a lane is drawn in: a long run's thousands of segments become at most this many
/// rectangles per lane, each showing the state that filled most of its column.
pub const COLUMNS: usize = 800;

/// A thread's state as the timeline colours it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneState {
    Running,
    WaitingForGil,
    Blocked,
    Sleeping,
}

impl LaneState {
    fn of(activity: ThreadActivity) -> Option<LaneState> {
        match activity {
            ThreadActivity::RunningWithGil | ThreadActivity::Running => Some(LaneState::Running),
            ThreadActivity::WaitingForGil => Some(LaneState::WaitingForGil),
            ThreadActivity::BlockedOnLock(_)
            | ThreadActivity::BlockedOnJoin(_)
            | ThreadActivity::BlockedOnProcess(_)
            | ThreadActivity::BlockedOnQueue => Some(LaneState::Blocked),
            ThreadActivity::Sleeping | ThreadActivity::InIo => Some(LaneState::Sleeping),
            ThreadActivity::Done => None,
        }
    }

    /// The CSS class and the words for the legend.
    pub fn class(self) -> &'static str {
        match self {
            LaneState::Running => "running",
            LaneState::WaitingForGil => "waiting",
            LaneState::Blocked => "blocked",
            LaneState::Sleeping => "sleeping",
        }
    }

    pub fn words(self, gil: GilMode) -> &'static str {
        match (self, gil) {
            (LaneState::Running, GilMode::On) => "running, holds the GIL",
            (LaneState::Running, _) => "running on a core",
            (LaneState::WaitingForGil, GilMode::On) => "waiting for the GIL",
            (LaneState::WaitingForGil, _) => "waiting for a core",
            (LaneState::Blocked, _) => "blocked on a lock, join or queue",
            (LaneState::Sleeping, _) => "sleeping or in I/O",
        }
    }

    const ALL: [LaneState; 4] = [
        LaneState::Running,
        LaneState::WaitingForGil,
        LaneState::Blocked,
        LaneState::Sleeping,
    ];
}

/// A run of columns in one state: `[first, end)` in column units.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub first: u32,
    pub end: u32,
    pub state: LaneState,
}

/// One thread's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub process: u32,
    pub thread: u32,
    /// Its colour (one hue per thread, the same everywhere on the page).
    pub hue: usize,
    pub label: String,
    pub spans: Vec<Span>,
}

/// A labelled point on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub column: u32,
    /// The lane it sits on.
    pub lane: usize,
    pub text: String,
}

/// A thread at a line of the program, shown beside the line's number in the editor.
#[derive(Clone, Debug, PartialEq)]
pub struct LineMarker {
    pub line: u32,
    /// The thread's colour (as on the timeline).
    pub hue: usize,
    pub label: String,
}

/// A finished run as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunView {
    pub version: PyVersion,
    pub gil: GilMode,
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
    /// The outcome in one sentence.
    pub headline: String,
    pub instructions: u64,
    /// Simulated time at the end, in picoseconds.
    pub end_ps: u64,
    pub lanes: Vec<Lane>,
    /// Who held the GIL of the program's own process, column by column (thread index).
    pub gil_spans: Vec<(u32, u32, u32)>,
    pub lost_updates: u64,
    pub lost_markers: Vec<Marker>,
    /// The first lost update in words.
    pub first_lost: Option<String>,
    pub deadlock: Option<String>,
    pub refcount_findings: Vec<String>,
    /// Every trace event, in order: the steps of playback.
    pub steps: Vec<Step>,
}

impl RunView {
    /// The view of `sim`, which ran under `version` and `gil`.
    pub fn new(sim: &Simulation, version: PyVersion, gil: GilMode) -> RunView {
        let end_ps = sim.virtual_time.0.max(1);
        let column = |time: u64| -> u32 {
            ((time as f64 / end_ps as f64) * COLUMNS as f64).clamp(0.0, (COLUMNS - 1) as f64) as u32
        };
        let mut order: Vec<(u32, u32)> = Vec::new();
        for (_, process, event) in &sim.trace.events {
            if let TraceEvent::State { thread, .. } = event
                && !order.contains(&(*process, thread.0))
            {
                order.push((*process, thread.0));
            }
        }
        let lanes: Vec<Lane> = order
            .iter()
            .enumerate()
            .map(|(hue, &(process, thread))| {
                let name = if process == 0 {
                    sim.thread_names.get(thread as usize).cloned()
                } else {
                    None
                };
                let label = match (process, name) {
                    (0, Some(name)) if !name.is_empty() => format!("T{thread} {name}"),
                    (0, _) => format!("T{thread}"),
                    (p, _) => format!("P{p} T{thread}"),
                };
                let segments = sim.trace.segments(
                    process,
                    gil_sim::vm::sync::ThreadIndex(thread),
                    sim.virtual_time,
                );
                Lane {
                    process,
                    thread,
                    hue,
                    label,
                    spans: columns_of(
                        segments
                            .iter()
                            .map(|(start, end, activity)| (start.0, end.0, *activity)),
                        end_ps,
                    ),
                }
            })
            .collect();
        let mut gil_spans: Vec<(u32, u32, u32)> = Vec::new();
        let mut holder: Option<(u64, u32)> = None;
        for (time, process, event) in &sim.trace.events {
            if *process != 0 {
                continue;
            }
            if let TraceEvent::GilHandoff { to, .. } = event {
                if let Some((start, who)) = holder {
                    push_span(&mut gil_spans, column(start), column(time.0), who);
                }
                holder = Some((time.0, to.0));
            }
        }
        if let Some((start, who)) = holder {
            push_span(&mut gil_spans, column(start), COLUMNS as u32, who);
        }
        let lane_of = |thread: u32| {
            lanes
                .iter()
                .position(|l| l.process == 0 && l.thread == thread)
                .unwrap_or(0)
        };
        let lost_markers = sim
            .lost_update_details
            .iter()
            .map(|lost| Marker {
                column: column(lost.time.0),
                lane: lane_of(lost.thread),
                text: lost.describe(),
            })
            .collect();
        let deadlock = sim.findings.iter().find_map(|f| match f {
            Finding::Deadlock(found) => Some(found.text.clone()),
            Finding::Refcount(_) => None,
        });
        let refcount_findings = sim
            .findings
            .iter()
            .filter_map(|f| match f {
                Finding::Refcount(found) => Some(found.text.clone()),
                Finding::Deadlock(_) => None,
            })
            .collect();
        let steps = sim
            .trace
            .events
            .iter()
            .map(|(time, process, event)| Step {
                time_ps: time.0,
                column: column(time.0),
                text: event_words(*process, event, gil),
            })
            .collect();
        RunView {
            steps,
            version,
            gil,
            stdout: sim.output.text(Stream::Stdout),
            stderr: sim.output.text(Stream::Stderr),
            status: sim.ending.status(),
            headline: headline(sim),
            instructions: sim.instructions,
            end_ps,
            lanes,
            gil_spans,
            lost_updates: sim.lost_updates,
            lost_markers,
            first_lost: sim.lost_update_details.first().map(|l| l.describe()),
            deadlock,
            refcount_findings,
        }
    }

    /// Where the program's own threads are in `snapshot` (finished threads have no line).
    pub fn line_markers(&self, snapshot: &gil_sim::sched::replay::Snapshot) -> Vec<LineMarker> {
        snapshot
            .threads
            .iter()
            .filter(|t| t.process == 0 && t.line > 0 && t.activity != ThreadActivity::Done)
            .map(|t| LineMarker {
                line: t.line,
                hue: self
                    .lanes
                    .iter()
                    .find(|l| l.process == 0 && l.thread == t.thread)
                    .map_or(0, |l| l.hue),
                label: format!("T{}", t.thread),
            })
            .collect()
    }

    /// The states that occur in the run, for the legend.
    pub fn legend(&self) -> Vec<LaneState> {
        LaneState::ALL
            .into_iter()
            .filter(|s| {
                self.lanes
                    .iter()
                    .any(|l| l.spans.iter().any(|span| span.state == *s))
            })
            .collect()
    }
}

/// The outcome in one sentence, leading with the answer.
fn headline(sim: &Simulation) -> String {
    let last_line = sim
        .output
        .text(Stream::Stdout)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(str::to_string);
    let lost = match sim.lost_updates {
        0 => String::new(),
        1 => " — 1 lost update".to_string(),
        n => format!(" — {n} lost updates"),
    };
    match &sim.ending {
        Ending::Deadlock(_) => "Deadlock: every remaining thread waits forever.".to_string(),
        Ending::Stopped(what) => format!("Stopped at {what}; the trace so far is kept."),
        Ending::Uncaught => "An exception escaped; the traceback is in the console.".to_string(),
        Ending::Exited(code) => match last_line {
            Some(line) if *code == 0 => format!("{line}{lost}"),
            _ => format!("The program exited with status {code}{lost}."),
        },
    }
}

fn push_span(spans: &mut Vec<(u32, u32, u32)>, first: u32, end: u32, who: u32) {
    let end = end.max(first + 1);
    match spans.last_mut() {
        Some(last) if last.2 == who && last.1 >= first => last.1 = last.1.max(end),
        _ => spans.push((first, end, who)),
    }
}

/// A lane's segments `(start, end, activity)` (picoseconds) reduced to columns: each column
/// shows the state that covered most of it; runs of equal columns become one span.
fn columns_of(
    segments: impl Iterator<Item = (u64, u64, ThreadActivity)>,
    end_ps: u64,
) -> Vec<Span> {
    let width = end_ps as f64 / COLUMNS as f64;
    let mut cover = vec![[0f64; 4]; COLUMNS];
    for (start, end, activity) in segments {
        let Some(state) = LaneState::of(activity) else {
            continue;
        };
        let slot = LaneState::ALL.iter().position(|s| *s == state).unwrap_or(0);
        let (a, b) = (start as f64 / width, end as f64 / width);
        let first = a.floor().max(0.0) as usize;
        let last = (b.ceil() as usize).min(COLUMNS);
        for (c, column) in cover.iter_mut().enumerate().take(last).skip(first) {
            let overlap = b.min(c as f64 + 1.0) - a.max(c as f64);
            if overlap > 0.0 {
                column[slot] += overlap;
            }
        }
    }
    let mut spans: Vec<Span> = Vec::new();
    for (c, column) in cover.iter().enumerate() {
        let (slot, amount) =
            column.iter().enumerate().fold(
                (0, 0.0),
                |best, (i, v)| if *v > best.1 { (i, *v) } else { best },
            );
        if amount < 0.05 {
            continue;
        }
        let state = LaneState::ALL[slot];
        match spans.last_mut() {
            Some(last) if last.state == state && last.end == c as u32 => last.end += 1,
            _ => spans.push(Span {
                first: c as u32,
                end: c as u32 + 1,
                state,
            }),
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::sched::Settings;
    use gil_sim::vm::run::Budget;

    #[test]
    fn a_race_on_39_has_lanes_gil_spans_and_lost_updates() {
        let source = include_str!("../../crates/gil_sim/test_data/seeds/003_race_global.py");
        let sim = gil_sim::simulate(
            source,
            PyVersion::Py39,
            "race.py",
            Settings::default(),
            Budget::default(),
        )
        .expect("compiles");
        let view = RunView::new(&sim, PyVersion::Py39, GilMode::On);
        assert_eq!(view.lanes.len(), 3, "{:?}", view.lanes);
        assert!(
            view.lanes[1].label.starts_with("T1 Thread-1"),
            "{}",
            view.lanes[1].label
        );
        assert!(view.lanes.iter().all(|l| l.spans.len() <= COLUMNS));
        assert!(view.gil_spans.len() > 10);
        assert!(view.lost_updates > 0);
        assert!(
            view.headline.starts_with("Final value: "),
            "{}",
            view.headline
        );
        assert!(view.headline.contains("lost update"), "{}", view.headline);
        assert!(
            view.first_lost
                .as_deref()
                .unwrap_or("")
                .contains("shared_value")
        );
        assert!(view.legend().contains(&LaneState::WaitingForGil));
    }

    #[test]
    fn columns_keep_the_dominant_state() {
        let spans = columns_of(
            [
                (0, 500, ThreadActivity::RunningWithGil),
                (500, 1000, ThreadActivity::WaitingForGil),
            ]
            .into_iter(),
            1000,
        );
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].end, COLUMNS as u32 / 2);
        assert_eq!(spans[1].state, LaneState::WaitingForGil);
    }
}
