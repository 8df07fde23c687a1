//! What the page draws of a finished (or cancelled) run: lanes of thread states, the GIL
//! holder, findings and the outcome in words. Built once from the simulator's trace; the
//! drawing code only reads it.

use std::rc::Rc;

use gil_sim::Ending;
use gil_sim::Stream;
use gil_sim::{Finding, GilMode};
use gil_sim::{PyVersion, Simulation};
use gil_sim::{ThreadActivity, TraceEvent};

use crate::state::steps::{Step, steps_of};

/// Columns a lane is drawn in: a long run's thousands of segments become at most this many
/// rectangles per lane, each showing the state that filled most of its column.
pub const COLUMNS: usize = 800;

/// A thread's state as the timeline colours it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneState {
    Running,
    WaitingForGil,
    WaitingForCore,
    Blocked,
    Sleeping,
}

impl LaneState {
    fn of(activity: ThreadActivity) -> Option<LaneState> {
        match activity {
            ThreadActivity::RunningWithGil | ThreadActivity::Running => Some(LaneState::Running),
            ThreadActivity::WaitingForGil => Some(LaneState::WaitingForGil),
            ThreadActivity::WaitingForCore => Some(LaneState::WaitingForCore),
            ThreadActivity::BlockedOnLock(_)
            | ThreadActivity::BlockedOnJoin(_)
            | ThreadActivity::BlockedOnProcess(_)
            | ThreadActivity::BlockedOnQueue => Some(LaneState::Blocked),
            ThreadActivity::Sleeping | ThreadActivity::InIo => Some(LaneState::Sleeping),
            ThreadActivity::Starting | ThreadActivity::Done => None,
        }
    }

    /// The CSS class and the words for the legend.
    pub fn class(self) -> &'static str {
        match self {
            LaneState::Running => "running",
            LaneState::WaitingForGil => "waiting",
            LaneState::WaitingForCore => "waiting-core",
            LaneState::Blocked => "blocked",
            LaneState::Sleeping => "sleeping",
        }
    }

    pub fn words(self, gil: GilMode) -> &'static str {
        match (self, gil) {
            (LaneState::Running, GilMode::On) => "running, holds the GIL",
            (LaneState::Running, _) => "running on a core",
            (LaneState::WaitingForGil, _) => "waiting for the GIL",
            (LaneState::WaitingForCore, _) => "ready, waiting for a core",
            (LaneState::Blocked, _) => "blocked on a lock, join or queue",
            (LaneState::Sleeping, _) => "sleeping or in I/O",
        }
    }

    pub const ALL: [LaneState; 5] = [
        LaneState::Running,
        LaneState::WaitingForGil,
        LaneState::WaitingForCore,
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
    /// Its states over time: `(start, end, state)` in picoseconds, finished time left out.
    pub segments: Vec<(u64, u64, LaneState)>,
}

/// A labelled point on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Simulated time in picoseconds.
    pub time_ps: u64,
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

/// One thread of a deadlock's wait-for cycle: what it holds and what it waits for.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitStep {
    pub thread: String,
    /// The locks it holds, each with the line that took it.
    pub holds: Vec<(String, u32)>,
    /// What it waits for (held by the next step's thread), where, and the whole clause.
    pub waits_for: String,
    pub place: String,
    pub line: u32,
    pub text: String,
}

/// What a run was of: the program and the settings it ran under, so that the page can tell
/// when the reader has changed them since.
#[derive(Clone, Debug, PartialEq)]
pub struct RanWith {
    pub source: Rc<str>,
    pub version: PyVersion,
    pub settings: crate::state::playground::RunSettings,
}

impl RanWith {
    /// True when the page now shows another program or other settings than this run's.
    pub fn differs_from(
        &self,
        source: &str,
        version: PyVersion,
        settings: &crate::state::playground::RunSettings,
    ) -> bool {
        &*self.source != source || self.version != version || self.settings != *settings
    }
}

/// A finished run as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunView {
    pub version: PyVersion,
    pub gil: GilMode,
    /// The program's output as a terminal shows it: runs of stdout and stderr in the order
    /// they were written.
    pub console: Vec<(Stream, String)>,
    pub status: i32,
    /// What the run showed, as a chapter's expectations and claims read it (made once per
    /// run; the tutorial reads it at every drawing).
    pub observed: Rc<chapters::Observed>,
    /// The outcome in one sentence.
    pub headline: String,
    pub instructions: u64,
    /// Simulated time at the end, in picoseconds.
    pub end_ps: u64,
    pub lanes: Vec<Lane>,
    /// Who held the GIL of the program's own process: `(start, end, thread index)`, ps; no
    /// segment while it was free.
    pub gil_segments: Vec<(u64, u64, u32)>,
    /// When a waiting thread asked the GIL's holder to drop it (program's own process), ps.
    pub drop_requests: Vec<u64>,
    /// Without a GIL: what ran on each core, `(start, end, lane index)` in ps (the cores are
    /// numbered in the order they were first needed).
    pub cores: Vec<Vec<(u64, u64, u32)>>,
    pub lost_updates: u64,
    /// What the lost updates erased in words ("514981 added by other threads"), when every
    /// one was between two ints and the sum is not zero.
    pub lost_change: Option<String>,
    pub lost_markers: Vec<Marker>,
    /// When all the lost updates happened, thinned: `(time in ps, lane, how many)`.
    pub lost_times: Vec<(u64, usize, u64)>,
    /// The first lost update in words.
    pub first_lost: Option<String>,
    pub deadlock: Option<String>,
    /// The deadlock's wait-for cycle, step by step, when the waits form one.
    pub wait_for: Vec<WaitStep>,
    pub refcount_findings: Vec<String>,
    /// Naive mode: where reference counts went wrong (freed while in use, leaked).
    pub refcount_markers: Vec<Marker>,
    /// Every trace event, in order: the steps of playback.
    pub steps: Vec<Step>,
    /// The program's bytecode as `dis` shows it, for the version it ran under.
    pub bytecode: String,
    /// Each process's live objects over time.
    pub memory: Vec<crate::state::memory::MemoryLane>,
    /// The simulation itself, for saving the run as JSON.
    pub record: RunRecord,
    /// What the playground's run was of (`None` for a chapter's card or a comparison).
    pub ran: Option<RanWith>,
}

/// The simulation a view was made from, kept for saving the run (compared by identity: the
/// page compares views at every drawing).
#[derive(Clone)]
pub struct RunRecord {
    sim: Rc<Simulation>,
    version: PyVersion,
    settings: gil_sim::Settings,
}

impl RunRecord {
    /// The run as JSON ([`gil_sim::TRACE_FORMAT`]).
    pub fn json(&self) -> String {
        self.sim.to_json(self.version, &self.settings)
    }
}

impl PartialEq for RunRecord {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
    }
}

impl std::fmt::Debug for RunRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RunRecord")
    }
}

impl RunView {
    /// The view of `sim`, which ran under `version` and `settings`.
    pub fn new(sim: Simulation, version: PyVersion, settings: gil_sim::Settings) -> RunView {
        let gil = settings.gil;
        let sim = Rc::new(sim);
        let record = RunRecord {
            sim: Rc::clone(&sim),
            version,
            settings,
        };
        let sim = &*sim;
        let end_ps = sim.virtual_time.0.max(1);
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
                    sim.thread_names.get(thread as usize)
                } else {
                    sim.process_names.get(process as usize)
                };
                let label = match (process, thread, name) {
                    (0, _, Some(name)) if !name.is_empty() => format!("T{thread} {name}"),
                    (0, _, _) => format!("T{thread}"),
                    (p, 0, Some(name)) => format!("P{p} {name}"),
                    (p, _, Some(name)) => format!("P{p} T{thread} ({name})"),
                    (p, _, None) => format!("P{p} T{thread}"),
                };
                let segments = sim
                    .trace
                    .segments(process, gil_sim::ThreadIndex(thread), sim.virtual_time)
                    .into_iter()
                    .filter_map(|(start, end, activity)| {
                        Some((start.0, end.0, LaneState::of(activity)?))
                    })
                    .collect();
                Lane {
                    process,
                    thread,
                    hue,
                    label,
                    segments,
                }
            })
            .collect();
        let mut gil_segments: Vec<(u64, u64, u32)> = Vec::new();
        let mut drop_requests = Vec::new();
        let mut holder: Option<(u64, u32)> = None;
        for (time, process, event) in &sim.trace.events {
            if *process != 0 {
                continue;
            }
            match event {
                TraceEvent::GilHandoff { to, .. } => {
                    if let Some((start, who)) = holder {
                        gil_segments.push((start, time.0, who));
                    }
                    holder = Some((time.0, to.0));
                }
                TraceEvent::DropRequest { .. } => drop_requests.push(time.0),
                // A holder that blocks, sleeps or finishes has released the GIL; it stays
                // free until the next hand-off.
                TraceEvent::State { thread, activity }
                    if *activity != ThreadActivity::RunningWithGil
                        && holder.is_some_and(|(_, who)| who == thread.0) =>
                {
                    if let Some((start, who)) = holder.take() {
                        gil_segments.push((start, time.0, who));
                    }
                }
                TraceEvent::State { .. } | TraceEvent::Lock { .. } => {}
            }
        }
        if let Some((start, who)) = holder {
            gil_segments.push((start, end_ps, who));
        }
        let cores = if gil == GilMode::On && sim.processes < 2 {
            Vec::new()
        } else {
            cores_of(sim, &lanes, end_ps)
        };
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
                time_ps: lost.time.0,
                lane: lane_of(lost.thread),
                text: lost.describe(),
            })
            .collect();
        let lost_times = sim
            .lost_update_times
            .iter()
            .map(|lost| (lost.time.0, lane_of(lost.thread), lost.weight))
            .collect();
        let deadlock = sim.findings.iter().find_map(|f| match f {
            Finding::Deadlock(found) => Some(found),
            Finding::Refcount(_) => None,
        });
        let wait_for = deadlock
            .filter(|found| found.is_cycle)
            .map(|found| {
                found
                    .cycle
                    .iter()
                    .map(|step| WaitStep {
                        thread: step.thread_name.clone(),
                        holds: step.held.clone(),
                        waits_for: step.waits_for.clone(),
                        place: step.place.clone(),
                        line: step.line,
                        text: step.text.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let deadlock = deadlock.map(|found| found.text.clone());
        let refcount_markers = sim
            .findings
            .iter()
            .filter_map(|f| match f {
                Finding::Refcount(found) if found.process == 0 => Some(Marker {
                    time_ps: found.time.0,
                    lane: found.thread.map_or(0, lane_of),
                    text: found.text.clone(),
                }),
                _ => None,
            })
            .collect();
        let refcount_findings: Vec<String> = sim
            .findings
            .iter()
            .filter_map(|f| match f {
                Finding::Refcount(found) => Some(found.text.clone()),
                Finding::Deadlock(_) => None,
            })
            .collect();
        let steps = steps_of(sim, gil);
        let stdout = sim.output.text(Stream::Stdout);
        let stderr = sim.output.text(Stream::Stderr);
        let observed = Rc::new(chapters::Observed {
            output: format!("{stdout}{stderr}"),
            lost_updates: sim.lost_updates,
            refcount_errors: refcount_findings.len() as u64,
            deadlock: deadlock.is_some(),
            lock_waits: sim.lock_waits(),
            finished: matches!(sim.ending, Ending::Exited(_) | Ending::Uncaught),
            memory: {
                let memory = sim.memory();
                [memory.start, memory.peak, memory.end, memory.most_held]
            },
        });
        let mut console: Vec<(Stream, String)> = Vec::new();
        for write in &sim.output.writes {
            match console.last_mut() {
                Some((stream, text)) if *stream == write.stream => text.push_str(&write.text),
                _ => console.push((write.stream, write.text.clone())),
            }
        }
        RunView {
            memory: crate::state::memory::memory_lanes(sim, &lanes, end_ps),
            record,
            steps,
            bytecode: String::new(),
            ran: None,
            version,
            gil,
            console,
            status: sim.ending.status(),
            observed,
            headline: headline(sim, &stdout, refcount_findings.len()),
            instructions: sim.instructions,
            end_ps,
            lanes,
            gil_segments,
            drop_requests,
            cores,
            lost_updates: sim.lost_updates,
            lost_change: erased_words(sim.lost_change),
            lost_markers,
            lost_times,
            first_lost: sim.lost_update_details.first().map(|l| l.describe()),
            deadlock,
            wait_for,
            refcount_findings,
            refcount_markers,
        }
    }

    /// Where the program's own threads are in `snapshot` (finished threads have no line).
    pub fn line_markers(&self, snapshot: &gil_sim::Snapshot) -> Vec<LineMarker> {
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

    /// Lane `lane` between `from` and `to` (ps) in at most [`COLUMNS`] spans.
    pub fn spans_in(&self, lane: usize, from: u64, to: u64) -> Vec<Span> {
        let Some(lane) = self.lanes.get(lane) else {
            return Vec::new();
        };
        columns_of(lane.segments.iter().copied(), from, to)
    }

    /// Who held the GIL between `from` and `to` (ps), in columns: `(first, end, thread)`.
    pub fn gil_spans_in(&self, from: u64, to: u64) -> Vec<(u32, u32, u32)> {
        who_spans(&self.gil_segments, from, to)
    }

    /// What ran on core `core` between `from` and `to` (ps), in columns: `(first, end, lane)`.
    pub fn core_spans_in(&self, core: usize, from: u64, to: u64) -> Vec<(u32, u32, u32)> {
        self.cores
            .get(core)
            .map_or_else(Vec::new, |segments| who_spans(segments, from, to))
    }

    /// Time each lane spent in each state, in the order of [`LaneState::ALL`] (ps).
    pub fn time_in_states(&self) -> Vec<[u64; 5]> {
        self.lanes
            .iter()
            .map(|lane| {
                let mut totals = [0u64; 5];
                for &(start, end, state) in &lane.segments {
                    let slot = LaneState::ALL.iter().position(|s| *s == state).unwrap_or(0);
                    totals[slot] += end.saturating_sub(start);
                }
                totals
            })
            .collect()
    }

    /// What the run's times add up to, in one sentence: did its threads (or processes) run at
    /// once, overlap their waits, or take turns; or was there one thread, or a deadlock?
    pub fn speedup_words(&self) -> String {
        if self.deadlock.is_some() {
            return format!(
                "The run ended in a deadlock after {}: the threads still alive wait for each other forever, so their times show where they got stuck, not how fast the work went.",
                time_words(self.end_ps)
            );
        }
        if self.lanes.len() <= 1 {
            return "Only the main thread ran: there was nothing to run at once.".to_string();
        }
        let mut processes: Vec<u32> = self.lanes.iter().map(|lane| lane.process).collect();
        processes.dedup();
        let who = if processes.len() > 1 {
            format!("the {} processes' threads", processes.len())
        } else {
            "the threads".to_string()
        };
        let totals = self.time_in_states();
        let sum = |slot: usize| totals.iter().map(|t| t[slot]).sum::<u64>() as f64;
        let end = self.end_ps.max(1) as f64;
        let (running, sleeping) = (sum(0) / end, sum(4) / end);
        if running >= 1.2 {
            format!(
                "On average {running:.1} of {who} ran at once: the work ran in parallel, up to {running:.1}× faster than one piece after another."
            )
        } else if sleeping >= 1.2 {
            format!(
                "The sleeps and I/O of {who} overlapped ({sleeping:.1}× the run's length added up): waiting needs no GIL and no core, so running them at once helps here."
            )
        } else {
            format!(
                "{} took turns (at most one ran at a time): no faster than running the work one piece after another.",
                upper_first(&who)
            )
        }
    }

    /// The states that occur in the run, for the legend.
    pub fn legend(&self) -> Vec<LaneState> {
        LaneState::ALL
            .into_iter()
            .filter(|s| {
                self.lanes
                    .iter()
                    .any(|l| l.segments.iter().any(|segment| segment.2 == *s))
            })
            .collect()
    }
}

/// The instructions of source line `line` in `bytecode` (`dis` text), each with the code
/// object it belongs to: `increment_task: LOAD_GLOBAL shared_value`.
pub fn line_bytecode(bytecode: &str, line: u32) -> Vec<String> {
    let mut code = "";
    let wanted = line.to_string();
    let mut out = Vec::new();
    for text in bytecode.lines() {
        if let Some(name) = text.strip_prefix("code ") {
            code = name;
        } else if let Some((number, instruction)) = text.split_once(' ')
            && number == wanted
        {
            out.push(format!("{code}: {instruction}"));
        }
    }
    out
}

/// `text` with its first letter in upper case.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `n` with thousands separators: 2,875,291.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A time in picoseconds as words with a unit.
pub fn time_words(ps: u64) -> String {
    let s = ps as f64 / 1e12;
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else if s >= 1e-6 || ps == 0 {
        format!("{:.0} µs", s * 1e6)
    } else {
        // A run of a few instructions: "0 µs" would say it took no time.
        format!("{:.0} ns", s * 1e9)
    }
}

/// The change lost updates erased, in words: a counter's lost increments are "514981 added
/// by other threads".
fn erased_words(change: Option<i128>) -> Option<String> {
    match change? {
        0 => None,
        c if c > 0 => Some(format!(
            "{} added by other threads",
            thousands(u64::try_from(c).unwrap_or(u64::MAX))
        )),
        c => Some(format!(
            "{} subtracted by other threads",
            thousands(u64::try_from(c.unsigned_abs()).unwrap_or(u64::MAX))
        )),
    }
}

/// The outcome in one sentence, leading with what the run shows: how it ended, the lost
/// updates or reference-count errors found, or how long it ran and on how many threads.
fn headline(sim: &Simulation, stdout: &str, refcount_errors: usize) -> String {
    let time = time_words(sim.virtual_time.0);
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    match &sim.ending {
        Ending::Deadlock(_) => {
            return format!("Deadlock after {time}: every remaining thread waits forever.");
        }
        Ending::Stopped(what) => return format!("Stopped at {what}; the trace so far is kept."),
        Ending::Uncaught => {
            return "An exception escaped; the traceback is in the console.".to_string();
        }
        Ending::Exited(_) => {}
    }
    let status = sim.ending.status();
    let exited = if status == 0 {
        String::new()
    } else {
        format!(" The program exited with status {status}.")
    };
    if sim.lost_updates > 0 {
        let n = sim.lost_updates;
        let erased =
            erased_words(sim.lost_change).map_or_else(String::new, |e| format!(" erased {e}"));
        let printed = stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map_or_else(String::new, |line| {
                format!(" The program printed “{}”.", line.trim())
            });
        return format!(
            "{} lost update{}{erased}.{printed}{exited}",
            thousands(n),
            plural(n)
        );
    }
    if refcount_errors > 0 {
        let n = refcount_errors as u64;
        return format!(
            "{} reference-count error{} without the GIL: objects freed while in use or never freed.{exited}",
            thousands(n),
            plural(n)
        );
    }
    if status != 0 {
        return format!("The program exited with status {status} after {time}.");
    }
    let threads = sim.threads as u64;
    let who = match (threads, sim.processes) {
        (1, _) => "on the main thread alone".to_string(),
        (t, 1) => format!("with {} threads; no lost update was found", thousands(t)),
        (t, p) => format!(
            "with {} threads in {} processes; no lost update was found",
            thousands(t),
            thousands(p as u64)
        ),
    };
    format!("Ran to the end in {time} of simulated time, {who}.")
}

/// Segments `(start, end, who)` between `from` and `to` (ps) in columns.
fn who_spans(segments: &[(u64, u64, u32)], from: u64, to: u64) -> Vec<(u32, u32, u32)> {
    let width = (to.saturating_sub(from)).max(1) as f64 / COLUMNS as f64;
    let mut spans = Vec::new();
    for &(start, end, who) in segments {
        if end <= from || start >= to {
            continue;
        }
        let first = ((start.max(from) - from) as f64 / width) as u32;
        let last = ((end.min(to) - from) as f64 / width).ceil() as u32;
        push_span(&mut spans, first, last.min(COLUMNS as u32), who);
    }
    spans
}

/// Who held each core and when, as the simulation recorded it: `(start, end, lane)` per core,
/// for the cores that ran something.
fn cores_of(sim: &Simulation, lanes: &[Lane], end_ps: u64) -> Vec<Vec<(u64, u64, u32)>> {
    let mut cores: Vec<Vec<(u64, u64, u32)>> = Vec::new();
    let mut holder: Vec<Option<(u64, u32)>> = Vec::new();
    for change in &sim.trace.cores {
        let (time, process, thread) = (change.time, change.process, change.thread);
        let core = change.core as usize;
        if cores.len() <= core {
            cores.resize(core + 1, Vec::new());
            holder.resize(core + 1, None);
        }
        if let Some((start, lane)) = holder[core].take() {
            cores[core].push((start, time.0, lane));
        }
        let lane = thread.and_then(|t| {
            lanes
                .iter()
                .position(|l| l.process == process && l.thread == t.0)
        });
        holder[core] = lane.map(|lane| (time.0, lane as u32));
    }
    for (core, held) in holder.into_iter().enumerate() {
        if let Some((start, lane)) = held {
            cores[core].push((start, end_ps, lane));
        }
    }
    cores
}

fn push_span(spans: &mut Vec<(u32, u32, u32)>, first: u32, end: u32, who: u32) {
    let end = end.max(first + 1);
    match spans.last_mut() {
        Some(last) if last.2 == who && last.1 >= first => last.1 = last.1.max(end),
        _ => spans.push((first, end, who)),
    }
}

/// A lane's segments `(start, end, state)` (picoseconds) between `from` and `to` reduced to
/// columns: each column shows the state that covered most of it; runs of equal columns become
/// one span.
fn columns_of(
    segments: impl Iterator<Item = (u64, u64, LaneState)>,
    from: u64,
    to: u64,
) -> Vec<Span> {
    let width = to.saturating_sub(from).max(1) as f64 / COLUMNS as f64;
    let mut cover = vec![[0f64; LaneState::ALL.len()]; COLUMNS];
    for (start, end, state) in segments {
        if end <= from || start >= to {
            continue;
        }
        let slot = LaneState::ALL.iter().position(|s| *s == state).unwrap_or(0);
        let (a, b) = (
            (start.max(from) - from) as f64 / width,
            (end.min(to) - from) as f64 / width,
        );
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

    use gil_sim::Budget;
    use gil_sim::Settings;

    #[test]
    fn a_time_reads_in_its_own_unit_and_a_short_run_is_not_called_instantaneous() {
        assert_eq!(time_words(0), "0 µs");
        assert_eq!(time_words(400_000), "400 ns");
        assert_eq!(time_words(2_000_000), "2 µs");
        assert_eq!(time_words(63_260_000_000), "63.26 ms");
        assert_eq!(time_words(1_500_000_000_000), "1.50 s");
    }

    /// The view of `source` run under `version` and `settings`.
    fn view_of(source: &str, version: PyVersion, settings: Settings) -> RunView {
        let sim = gil_sim::simulate(source, version, "main.py", settings, Budget::default())
            .expect("compiles");
        RunView::new(sim, version, settings)
    }

    #[test]
    fn a_race_on_39_has_lanes_gil_spans_and_lost_updates() {
        let source = include_str!("../../crates/gil_sim/test_data/seeds/003_race_global.py");
        let view = view_of(source, PyVersion::Py39, Settings::default());
        assert_eq!(view.lanes.len(), 3, "{:?}", view.lanes);
        assert!(
            view.lanes[1].label.starts_with("T1 Thread-1"),
            "{}",
            view.lanes[1].label
        );
        assert!((0..3).all(|l| view.spans_in(l, 0, view.end_ps).len() <= COLUMNS));
        assert!(view.gil_spans_in(0, view.end_ps).len() > 10);
        // Zoomed into the first tenth, the same lane shows its finer detail.
        let tenth = view.end_ps / 10;
        assert!(
            view.spans_in(1, 0, tenth)
                .iter()
                .all(|s| s.end <= COLUMNS as u32)
        );
        assert!(view.lost_updates > 0);
        assert!(
            view.headline.contains(" lost updates erased "),
            "{}",
            view.headline
        );
        // The lost updates account for the whole shortfall of the printed total.
        let printed = view.headline.split("Final value: ").nth(1).unwrap_or("");
        let total: u64 = printed.trim_end_matches(['”', '.']).parse().unwrap_or(0);
        assert!(total > 0 && total < 2_000_000, "{}", view.headline);
        let erased = format!(
            "erased {} added by other threads",
            thousands(2_000_000 - total)
        );
        assert!(view.headline.contains(&erased), "{}", view.headline);
        // Every lost update is on the band, however many: their weights add up to the count,
        // and they span the run, not only its first hundred.
        let weights: u64 = view.lost_times.iter().map(|t| t.2).sum();
        assert_eq!(weights, view.lost_updates);
        let last = view.lost_times.iter().map(|t| t.0).max().unwrap_or(0);
        assert!(last > view.end_ps / 2, "{last} of {}", view.end_ps);
        assert!(
            view.first_lost
                .as_deref()
                .unwrap_or("")
                .contains("shared_value")
        );
        assert!(view.legend().contains(&LaneState::WaitingForGil));
    }

    #[test]
    fn the_gil_is_free_while_its_last_holder_waits_in_a_deadlock() {
        let source = include_str!("../../crates/gil_sim/test_data/seeds/002_bank_deadlock.py");
        let view = view_of(source, PyVersion::Py311, Settings::default());
        assert!(view.deadlock.is_some());
        assert_eq!(view.wait_for.len(), 2, "{:?}", view.wait_for);
        // Lock events are told with the program's names for the locks.
        assert!(
            view.steps
                .iter()
                .any(|s| s.text.contains("waiting for account2.lock")),
            "{:?}",
            view.steps.iter().map(|s| &s.text).collect::<Vec<_>>()
        );
        assert!(view.wait_for.iter().all(|s| s.waits_for.ends_with(".lock")));
        let held: u64 = view.gil_segments.iter().map(|(a, b, _)| b - a).sum();
        assert!(
            held < view.end_ps / 10,
            "the GIL was held {held} ps of {} ps",
            view.end_ps
        );
    }

    #[test]
    fn naive_refcount_findings_are_marked_on_their_threads() {
        let source = "import threading\n\nclass Data:\n    pass\n\nshared = Data()\n\ndef work():\n    for _ in range(100000):\n        x = shared\n        y = x\n\nts = [threading.Thread(target=work) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint('done')\n";
        let marked = (1..=8).any(|seed| {
            let settings = Settings {
                gil: GilMode::Naive,
                seed,
                ..Settings::default()
            };
            let view = view_of(source, PyVersion::Py313, settings);
            assert_eq!(view.refcount_markers.len(), view.refcount_findings.len());
            view.refcount_markers
                .iter()
                .any(|m| m.lane > 0 && m.time_ps <= view.end_ps)
        });
        assert!(
            marked,
            "some seed shows a refcount finding on a worker thread"
        );
    }

    #[test]
    fn without_the_gil_threads_run_side_by_side_on_cores() {
        let source = include_str!("../../crates/gil_sim/test_data/seeds/003_race_global.py");
        let settings = Settings {
            gil: GilMode::FreeThreaded,
            ..Settings::default()
        };
        let view = view_of(source, PyVersion::Py313, settings);
        assert!(
            view.cores.len() >= 2,
            "two threads in parallel need two cores"
        );
        assert!(
            view.cores.len() <= 4,
            "never more cores than the machine has"
        );
        for core in &view.cores {
            assert!(
                core.windows(2).all(|w| w[0].1 <= w[1].0),
                "a core runs one thing at a time"
            );
        }
        assert!(!view.core_spans_in(1, 0, view.end_ps).is_empty());
        assert!(
            view.speedup_words().contains("in parallel"),
            "{}",
            view.speedup_words()
        );
        let with_gil = view_of(source, PyVersion::Py313, Settings::default());
        assert!(
            with_gil.speedup_words().contains("took turns"),
            "{}",
            with_gil.speedup_words()
        );
    }

    #[test]
    fn the_headline_and_the_time_sentence_say_what_each_kind_of_run_shows() {
        let one = view_of(
            "x = 0\nfor i in range(1000):\n    x += i\nprint(x)\n",
            PyVersion::Py311,
            Settings::default(),
        );
        assert!(
            one.headline.starts_with("Ran to the end in ")
                && one.headline.ends_with("on the main thread alone."),
            "{}",
            one.headline
        );
        assert_eq!(
            one.speedup_words(),
            "Only the main thread ran: there was nothing to run at once."
        );

        let threads = "import threading\ndef work():\n    print('done')\nts = [threading.Thread(target=work) for _ in range(3)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\n";
        let view = view_of(threads, PyVersion::Py311, Settings::default());
        assert!(
            view.headline
                .contains("with 4 threads; no lost update was found"),
            "{}",
            view.headline
        );
        assert!(!view.headline.contains("done"), "{}", view.headline);

        let deadlock = include_str!("../../crates/gil_sim/test_data/seeds/002_bank_deadlock.py");
        let view = view_of(deadlock, PyVersion::Py311, Settings::default());
        assert!(
            view.headline.starts_with("Deadlock after "),
            "{}",
            view.headline
        );
        let words = view.speedup_words();
        assert!(
            words.starts_with("The run ended in a deadlock after ") && !words.contains("help"),
            "{words}"
        );

        let pool = "from multiprocessing import Pool\ndef square(n):\n    total = 0\n    for i in range(20000):\n        total += i\n    return n * n\nif __name__ == '__main__':\n    with Pool(4) as pool:\n        print(pool.map(square, range(8)))\n";
        let view = view_of(pool, PyVersion::Py311, Settings::default());
        let words = view.speedup_words();
        assert!(words.contains("processes' threads"), "{words}");
        assert!(
            view.headline
                .contains("processes; no lost update was found"),
            "{}",
            view.headline
        );
    }

    #[test]
    fn the_console_interleaves_stdout_and_stderr_as_written() {
        let source = "import sys\nprint('one')\nprint('two', file=sys.stderr)\nprint('three')\n";
        let view = view_of(source, PyVersion::Py311, Settings::default());
        assert_eq!(
            view.console,
            vec![
                (Stream::Stdout, "one\n".to_string()),
                (Stream::Stderr, "two\n".to_string()),
                (Stream::Stdout, "three\n".to_string()),
            ]
        );
    }

    #[test]
    fn big_numbers_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(2_875_291), "2,875,291");
    }

    #[test]
    fn a_line_expands_into_its_instructions() {
        let dis = "code <module>\n1 LOAD_CONST 0\n1 STORE_NAME x\n2 LOAD_NAME x\ncode f\n1 RESUME\n12 RETURN_VALUE\n";
        assert_eq!(
            line_bytecode(dis, 1),
            [
                "<module>: LOAD_CONST 0",
                "<module>: STORE_NAME x",
                "f: RESUME"
            ]
        );
        assert!(line_bytecode(dis, 3).is_empty());
    }

    #[test]
    fn columns_keep_the_dominant_state() {
        let segments = [
            (0, 500, LaneState::Running),
            (500, 1000, LaneState::WaitingForGil),
        ];
        let spans = columns_of(segments.into_iter(), 0, 1000);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].end, COLUMNS as u32 / 2);
        assert_eq!(spans[1].state, LaneState::WaitingForGil);
        // A window on the second half shows only the wait, across every column.
        let window = columns_of(segments.into_iter(), 500, 1000);
        assert_eq!(window.len(), 1);
        assert_eq!((window[0].first, window[0].end), (0, COLUMNS as u32));
    }
}
