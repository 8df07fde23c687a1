//! What happened in a run, as changes: each thread's state segments, GIL hand-offs and drop
//! requests, lock events and findings. One record per change, never per instruction.

use crate::vm::VTime;
use crate::vm::sync::{LockId, ThreadIndex};

/// What a thread is doing during a segment (the timeline's lanes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ThreadActivity {
    /// Executing bytecode while holding the GIL.
    RunningWithGil,
    /// Executing bytecode with no GIL (free-threaded).
    Running,
    /// Ready to run, waiting for the GIL (or, without a GIL, for a core).
    WaitingForGil,
    BlockedOnLock(LockId),
    BlockedOnJoin(ThreadIndex),
    /// Waiting in `Process.join()` for the process with this index.
    BlockedOnProcess(u32),
    /// Waiting for an item on a multiprocessing queue.
    BlockedOnQueue,
    Sleeping,
    InIo,
    Done,
}

/// One change.
#[derive(Clone, Debug, PartialEq)]
pub enum TraceEvent {
    /// A thread starts a new segment.
    State {
        thread: ThreadIndex,
        activity: ThreadActivity,
    },
    /// The GIL passed from one thread to another; `forced` when a drop request made it.
    GilHandoff {
        from: Option<ThreadIndex>,
        to: ThreadIndex,
        forced: bool,
    },
    /// A waiter timed out and asked the holder to drop the GIL.
    DropRequest { by: ThreadIndex },
    /// A thread took or released a lock.
    Lock {
        thread: ThreadIndex,
        lock: LockId,
        taken: bool,
    },
}

/// The trace of a run: events with their time and process (0 is the program's own), in
/// time order.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub events: Vec<(VTime, u32, TraceEvent)>,
}

impl Trace {
    /// Adds an event in time order. Threads and processes run in turns of up to a quantum
    /// each on their own clocks, so an event can arrive dated before ones already recorded;
    /// it goes after every event not later than it (events of one time keep their order).
    pub fn push(&mut self, time: VTime, process: u32, event: TraceEvent) {
        let at = self
            .events
            .iter()
            .rposition(|(t, _, _)| *t <= time)
            .map_or(0, |i| i + 1);
        self.events.insert(at, (time, process, event));
    }

    /// A 64-bit FNV-1a hash of the whole trace: equal runs give equal hashes.
    pub fn hash(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (time, process, event) in &self.events {
            let text = format!("{}:{process}:{event:?};", time.0);
            for byte in text.bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash
    }

    /// Segments of one thread of one process: (start, end, activity).
    pub fn segments(
        &self,
        process: u32,
        thread: ThreadIndex,
        end: VTime,
    ) -> Vec<(VTime, VTime, ThreadActivity)> {
        let mut out: Vec<(VTime, VTime, ThreadActivity)> = Vec::new();
        for (time, in_process, event) in &self.events {
            if let TraceEvent::State {
                thread: who,
                activity,
            } = event
                && *who == thread
                && *in_process == process
            {
                if let Some(last) = out.last_mut() {
                    last.1 = *time;
                }
                out.push((*time, end, *activity));
            }
        }
        out
    }
}
