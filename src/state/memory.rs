//! The memory lane as the page draws it: each process's live objects over time, in CPython's
//! sizes, with the part that each thread's frames alone hold in that thread's colour.

use gil_sim::{MemorySummary, Simulation, ThreadIndex};

use crate::state::run::{Lane, time_words};

/// From `start` to `end` (ps) the process's objects took `total` bytes, of which the thread of
/// each listed lane held some alone.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoryStretch {
    pub start: u64,
    pub end: u64,
    pub total: u64,
    /// `(lane index, bytes)`.
    pub held: Vec<(usize, u64)>,
}

/// One process's memory lane.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoryLane {
    pub process: u32,
    pub label: String,
    pub peak: u64,
    pub stretches: Vec<MemoryStretch>,
    /// What the lane shows, in one sentence.
    pub words: String,
}

/// The memory lanes of `sim`, one per process that was measured, with `lanes` the thread
/// lanes (for colours and names) and `end_ps` the end of the run.
pub fn memory_lanes(sim: &Simulation, lanes: &[Lane], end_ps: u64) -> Vec<MemoryLane> {
    let mut processes: Vec<u32> = sim.trace.memory.iter().map(|s| s.process).collect();
    gil_sim::sort_small(&mut processes);
    processes.dedup();
    processes
        .into_iter()
        .map(|process| {
            let samples: Vec<_> = sim
                .trace
                .memory
                .iter()
                .filter(|s| s.process == process)
                .collect();
            let lane_of = |thread: ThreadIndex| {
                lanes
                    .iter()
                    .position(|l| l.process == process && l.thread == thread.0)
            };
            let stretches: Vec<MemoryStretch> = samples
                .iter()
                .enumerate()
                .filter(|(_, s)| s.total > 0)
                .map(|(i, s)| MemoryStretch {
                    start: s.time.0,
                    end: samples.get(i + 1).map_or(end_ps, |next| next.time.0),
                    total: s.total,
                    held: s
                        .threads
                        .iter()
                        .filter_map(|&(thread, bytes)| Some((lane_of(thread)?, bytes)))
                        .collect(),
                })
                .collect();
            let summary = MemorySummary::of(&sim.trace.memory, process);
            let whose = match process {
                0 => "The program's objects".to_string(),
                p => format!(
                    "P{p} {}'s objects",
                    sim.process_names.get(p as usize).map_or("", |n| n.as_str())
                ),
            };
            let peak_at = stretches
                .iter()
                .find(|s| s.total == summary.peak)
                .map_or(0, |s| s.start);
            let mut words = format!(
                "{whose} took {} at the start, {} at the peak (at {}), {} at the end.",
                bytes_words(summary.start),
                bytes_words(summary.peak),
                time_words(peak_at),
                bytes_words(summary.end)
            );
            if let Some(thread) = summary.held_by
                && let Some(lane) = lane_of(thread).and_then(|l| lanes.get(l))
            {
                words.push_str(&format!(
                    " At most, the frames of {} held {} that nothing else did.",
                    lane.label,
                    bytes_words(summary.most_held)
                ));
            }
            MemoryLane {
                process,
                label: match process {
                    0 => "memory".to_string(),
                    p => format!("P{p} memory"),
                },
                peak: summary.peak,
                stretches,
                words,
            }
        })
        .collect()
}

/// Bytes in words: "48 bytes", "203 KB", "4.0 MB" (powers of ten, as `tracemalloc` users
/// read them).
pub fn bytes_words(bytes: u64) -> String {
    let b = bytes as f64;
    if bytes < 1_000 {
        format!("{bytes} bytes")
    } else if bytes < 1_000_000 {
        format!("{:.0} KB", b / 1e3)
    } else if bytes < 1_000_000_000 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.2} GB", b / 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_in_the_unit_that_fits() {
        assert_eq!(bytes_words(48), "48 bytes");
        assert_eq!(bytes_words(203_226), "203 KB");
        assert_eq!(bytes_words(3_991_832), "4.0 MB");
        assert_eq!(bytes_words(2_500_000_000), "2.50 GB");
    }
}
