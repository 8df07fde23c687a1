//! What must hold after any run, checked by the tests after every corpus, golden and fuzz run:
//! the trace is in time order, and so are the memory lane's measurements, each at least what
//! its threads hold alone; no more runners hold cores than there are cores, and none holds
//! two; at most one thread of a process holds its GIL at a time; and no object is referenced
//! more often than its count says, nor refers to a freed one (in every mode but the naive
//! experiment, whose counts are wrong on purpose).

use crate::Simulation;
use crate::sched::trace::{ThreadActivity, TraceEvent};
use crate::sched::{GilMode, Settings};
use crate::vm::VTime;
use crate::vm::sync::ThreadIndex;

/// Every invariant `sim` (run under `settings`) breaks, in words; empty when all hold.
pub fn check(sim: &Simulation, settings: &Settings) -> Vec<String> {
    let mut problems = sim.count_problems.clone();
    let mut last = VTime(0);
    // Per process, the threads now running with the GIL.
    let mut holders: Vec<Vec<ThreadIndex>> = Vec::new();
    for (index, (time, process, event)) in sim.trace.events.iter().enumerate() {
        if *time < last {
            problems.push(format!(
                "event {index} at {} ps comes after {} ps",
                time.0, last.0
            ));
        }
        last = last.max(*time);
        if let TraceEvent::State { thread, activity } = event {
            let p = *process as usize;
            if holders.len() <= p {
                holders.resize(p + 1, Vec::new());
            }
            holders[p].retain(|t| t != thread);
            if *activity == ThreadActivity::RunningWithGil {
                holders[p].push(*thread);
                if settings.gil == GilMode::On && holders[p].len() > 1 {
                    problems.push(format!(
                        "event {index}: {} threads of process {p} hold its GIL",
                        holders[p].len()
                    ));
                }
            }
        }
        if problems.len() > 20 {
            return problems;
        }
    }
    let mut last = VTime(0);
    for (index, sample) in sim.trace.memory.iter().enumerate() {
        if sample.time < last {
            problems.push(format!("memory measurement {index} goes back in time"));
        }
        last = last.max(sample.time);
        let held: u64 = sample.threads.iter().map(|(_, bytes)| bytes).sum();
        if held > sample.total {
            problems.push(format!(
                "memory measurement {index}: threads hold {held} of {} bytes",
                sample.total
            ));
        }
    }
    let mut cores: Vec<Option<(u32, ThreadIndex)>> = Vec::new();
    let mut last = VTime(0);
    for (index, change) in sim.trace.cores.iter().enumerate() {
        if change.time < last {
            problems.push(format!("core change {index} goes back in time"));
        }
        last = last.max(change.time);
        let core = change.core as usize;
        if core >= settings.cores.max(1) as usize {
            problems.push(format!(
                "core change {index}: core {} used on a machine of {} cores",
                core + 1,
                settings.cores
            ));
        }
        if cores.len() <= core {
            cores.resize(core + 1, None);
        }
        cores[core] = change.thread.map(|t| (change.process, t));
        if let Some(runner) = cores[core]
            && cores.iter().filter(|c| **c == Some(runner)).count() > 1
        {
            problems.push(format!("core change {index}: one thread holds two cores"));
        }
        if problems.len() > 20 {
            break;
        }
    }
    problems
}
