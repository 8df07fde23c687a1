//! The memory lane: each process's live objects over time, in CPython's sizes, and the part
//! that each thread's frames alone hold ([`crate::vm::holdings`]).
//!
//! Measuring walks every object, so it happens only when it tells something new: after a
//! turn that ended with its thread waiting or finished (what it holds while it waits is the
//! lane's point), or that changed the objects' bytes by an eighth (at least 16 KB). The walks
//! together stay a small part of the run: each costs its object count from a credit that
//! grows with the instructions run, and growth alone may spend only half of it, so that the
//! waits keep theirs.

use crate::ids::{ThreadIndex, VTime};
use crate::sched::Scheduler;
use crate::sched::Status;
use crate::sched::choose::Chooser;

/// One measurement of a process's objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemorySample {
    pub time: VTime,
    pub process: u32,
    /// Bytes of every live object (0 once the process has ended).
    pub total: u64,
    /// The threads whose frames alone hold some of them, with those bytes.
    pub threads: Vec<(ThreadIndex, u64)>,
}

/// What a process's memory lane shows, in four figures (bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemorySummary {
    /// At the first measurement.
    pub start: u64,
    pub peak: u64,
    /// At the last measurement before the process ended.
    pub end: u64,
    /// The most that one thread's frames held alone at one time, and which thread.
    pub most_held: u64,
    pub held_by: Option<ThreadIndex>,
}

impl MemorySummary {
    /// The summary of process `process`'s lane in `samples`.
    pub fn of(samples: &[MemorySample], process: u32) -> MemorySummary {
        let mut summary = MemorySummary::default();
        let live = samples
            .iter()
            .filter(|s| s.process == process && s.total > 0);
        for (index, sample) in live.enumerate() {
            if index == 0 {
                summary.start = sample.total;
            }
            summary.peak = summary.peak.max(sample.total);
            summary.end = sample.total;
            for &(thread, bytes) in &sample.threads {
                if bytes > summary.most_held {
                    summary.most_held = bytes;
                    summary.held_by = Some(thread);
                }
            }
        }
        summary
    }
}

/// What the last measurement of each process saw, and the walking credit left.
#[derive(Clone, Debug, Default)]
pub struct MemoryWatch {
    processes: Vec<Watched>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Watched {
    measured: bool,
    /// Bytes stored less bytes freed at the last measurement (the heap's counters).
    net: usize,
    total: u64,
    /// Objects walked so far.
    walked: u64,
}

/// Objects a process may walk before its instructions pay for more.
const FIRST_CREDIT: u64 = 1_000_000;
/// Instructions that pay for walking one object.
const INSTRUCTIONS_PER_OBJECT: u64 = 16;
/// The smallest change worth a measurement.
const SMALLEST_CHANGE: u64 = 16 << 10;

impl Scheduler<'_> {
    /// After thread `who` of process `p` ran a turn: measures the process's objects when
    /// that turn changed them enough (see the module's comment). Only a run under CPython's
    /// own rules draws the lane; the explorer's thousands of runs skip it.
    pub(super) fn watch_memory(&mut self, p: usize, who: ThreadIndex) {
        if !matches!(self.sh.chooser, Chooser::Rules) {
            return;
        }
        let stopped = self.processes[p].st.threads[who.0 as usize].status != Status::Runnable;
        let ctx = self.ctx(p);
        let net = ctx.vm.heap.stored_less_freed();
        let live = ctx.vm.heap.live() as u64;
        let credit = FIRST_CREDIT + ctx.vm.instructions / INSTRUCTIONS_PER_OBJECT;
        let watches = &mut self.sh.memory_watch.processes;
        if watches.len() <= p {
            watches.resize(p + 1, Watched::default());
        }
        let watched = watches[p];
        let change = net.abs_diff(watched.net) as u64;
        let affordable = watched.walked + live <= credit;
        let worth = if !watched.measured || stopped {
            affordable
        } else {
            change >= SMALLEST_CHANGE.max(watched.total / 8) && watched.walked + live <= credit / 2
        };
        if !worth {
            return;
        }
        let ctx = self.ctx(p);
        let states: Vec<_> = ctx.st.threads.iter().map(|t| &t.state).collect();
        let holdings = ctx.vm.holdings(&states);
        let time = ctx.st.threads[who.0 as usize].clock;
        self.sh.memory_watch.processes[p] = Watched {
            measured: true,
            net,
            total: holdings.total,
            walked: watched.walked + live,
        };
        let threads = holdings
            .by_thread
            .iter()
            .enumerate()
            .filter(|(_, bytes)| **bytes > 0)
            .map(|(t, bytes)| (ThreadIndex(t as u32), *bytes))
            .collect();
        self.sh.trace.push_memory(MemorySample {
            time,
            process: p as u32,
            total: holdings.total,
            threads,
        });
    }

    /// Process `p` ended at `time`: its objects are gone.
    pub(super) fn memory_released(&mut self, p: usize, time: VTime) {
        let measured = self
            .sh
            .memory_watch
            .processes
            .get(p)
            .is_some_and(|w| w.measured);
        if measured {
            self.sh.trace.push_memory(MemorySample {
                time,
                process: p as u32,
                total: 0,
                threads: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Budget, PyVersion, Settings};

    /// The lane of a program that ends normally: its samples, checked for order.
    fn lane(source: &str) -> Vec<MemorySample> {
        let sim = crate::simulate(
            source,
            PyVersion::Py311,
            "lane.py",
            Settings::default(),
            Budget::default(),
        )
        .unwrap_or_else(|_| panic!("compiles"));
        assert_eq!(
            sim.ending.status(),
            0,
            "{}",
            sim.output.text(crate::Stream::Stderr)
        );
        let memory = sim.trace.memory;
        assert!(memory.windows(2).all(|w| w[0].time <= w[1].time));
        memory
    }

    #[test]
    fn a_waiting_thread_holds_its_list_until_it_ends() {
        let memory = lane(
            "import threading, time\n\
             def work(n):\n    data = list(range(n))\n    time.sleep(0.05)\n    return len(data)\n\
             threads = [threading.Thread(target=work, args=(100_000,)) for _ in range(3)]\n\
             for t in threads:\n    t.start()\n\
             for t in threads:\n    t.join()\n\
             print('done')\n",
        );
        // CPython's tracemalloc counts 3 991 832 bytes for list(range(100_000)).
        let held: Vec<u64> = memory
            .iter()
            .flat_map(|s| s.threads.iter().filter(|(t, _)| t.0 > 0).map(|(_, b)| *b))
            .collect();
        assert!(
            held.iter().any(|b| (3_600_000..4_400_000).contains(b)),
            "{held:?}"
        );
        let peak = memory.iter().map(|s| s.total).max().unwrap_or(0);
        let base = memory[0].total;
        assert!(
            peak - base > 11_000_000,
            "three lists at once: {peak} over {base}"
        );
        let last = &memory[memory.len() - 1];
        assert_eq!(last.total, 0, "the process ended");
        let summary = MemorySummary::of(&memory, 0);
        assert_eq!(summary.most_held, 3_991_832);
        assert_eq!(summary.start, base);
        assert_eq!(summary.peak, peak);
        let before_end = &memory[memory.len() - 2];
        assert_eq!(summary.end, before_end.total);
        assert!(
            before_end.total < base + 1_000_000,
            "freed when the threads ended"
        );
        assert!(before_end.threads.iter().all(|(t, _)| t.0 == 0));
    }
}
