//! What happened in a run, as changes: each thread's state segments, GIL hand-offs and drop
//! requests, lock events and findings. One record per change, never per instruction.

use crate::sched::memory_lane::MemorySample;
use crate::vm::sync::{LockId, ThreadIndex};
use crate::vm::{ProgramPlace, VTime};

/// What a thread is doing during a segment (the timeline's lanes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ThreadActivity {
    /// Executing bytecode while holding the GIL.
    RunningWithGil,
    /// Executing bytecode with no GIL (free-threaded).
    Running,
    /// Ready to run, waiting for the GIL.
    WaitingForGil,
    /// Ready to run (with the GIL, or needing none), waiting for a free core.
    WaitingForCore,
    BlockedOnLock(LockId),
    BlockedOnJoin(ThreadIndex),
    /// Waiting in `Process.join()` for the process with this index.
    BlockedOnProcess(u32),
    /// Waiting for an item on a multiprocessing queue.
    BlockedOnQueue,
    Sleeping,
    InIo,
    /// `start()` was called and the thread has not run yet (a thread's state before its first
    /// change; never recorded in the trace).
    Starting,
    Done,
}

impl ThreadActivity {
    /// True while the thread waits for something other than the GIL or a core.
    pub fn is_wait(self) -> bool {
        match self {
            ThreadActivity::BlockedOnLock(_)
            | ThreadActivity::BlockedOnJoin(_)
            | ThreadActivity::BlockedOnProcess(_)
            | ThreadActivity::BlockedOnQueue
            | ThreadActivity::Sleeping
            | ThreadActivity::InIo => true,
            ThreadActivity::RunningWithGil
            | ThreadActivity::Running
            | ThreadActivity::WaitingForGil
            | ThreadActivity::WaitingForCore
            | ThreadActivity::Starting
            | ThreadActivity::Done => false,
        }
    }
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

/// A change of who holds a core: from `time` on, core `core` runs that thread of `process`,
/// or (None) is idle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoreEvent {
    pub time: VTime,
    pub process: u32,
    pub core: u32,
    pub thread: Option<ThreadIndex>,
}

/// The trace of a run: events with their time and process (0 is the program's own), in
/// time order, and where in the program each wait and each contended lock happened (the
/// narration's "T1 waits in `q.get()` at line 9").
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub events: Vec<(VTime, u32, TraceEvent)>,
    /// Beside each event: its place in `place_table`, or `NO_PLACE`.
    places: Vec<u32>,
    place_table: Vec<ProgramPlace>,
    /// Who held which core and when, in time order (kept apart from the events the reader
    /// steps through).
    pub cores: Vec<CoreEvent>,
    /// Each process's objects now and then, in time order ([`super::memory_lane`]).
    pub memory: Vec<MemorySample>,
}

/// FNV-1a's starting value.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Folds `text` into a 64-bit FNV-1a hash.
pub fn fnv(mut hash: u64, text: &str) -> u64 {
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Inserts `item` after every item not later than it.
fn insert_by_time<T>(items: &mut Vec<T>, item: T, time: impl Fn(&T) -> VTime) {
    let at = items
        .iter()
        .rposition(|i| time(i) <= time(&item))
        .map_or(0, |i| i + 1);
    items.insert(at, item);
}

/// An event with no place recorded.
const NO_PLACE: u32 = u32::MAX;

impl Trace {
    /// Adds an event in time order. Threads and processes run in turns of up to a quantum
    /// each on their own clocks, so an event can arrive dated before ones already recorded;
    /// it goes after every event not later than it (events of one time keep their order).
    pub fn push(&mut self, time: VTime, process: u32, event: TraceEvent) {
        self.push_at(time, process, event, None);
    }

    /// [`Trace::push`], with where in the program it happened.
    pub fn push_at(
        &mut self,
        time: VTime,
        process: u32,
        event: TraceEvent,
        place: Option<ProgramPlace>,
    ) {
        let at = self
            .events
            .iter()
            .rposition(|(t, _, _)| *t <= time)
            .map_or(0, |i| i + 1);
        self.events.insert(at, (time, process, event));
        let place = match place {
            None => NO_PLACE,
            Some(place) => match self.place_table.iter().rposition(|p| *p == place) {
                Some(known) => known as u32,
                None => {
                    self.place_table.push(place);
                    self.place_table.len() as u32 - 1
                }
            },
        };
        self.places.insert(at, place);
    }

    /// Where in the program event `index` happened, if that was recorded.
    pub fn place(&self, index: usize) -> Option<&ProgramPlace> {
        let at = *self.places.get(index)?;
        self.place_table.get(at as usize)
    }

    /// A 64-bit FNV-1a hash of the whole trace, cores included: equal runs give equal
    /// hashes.
    pub fn hash(&self) -> u64 {
        let mut hash = FNV_START;
        for (time, process, event) in &self.events {
            hash = fnv(hash, &format!("{}:{process}:{event:?};", time.0));
        }
        for core in &self.cores {
            hash = fnv(hash, &format!("{core:?};"));
        }
        hash
    }

    /// Records a change of who holds a core (in time order, as events are).
    pub fn push_core(&mut self, change: CoreEvent) {
        insert_by_time(&mut self.cores, change, |c| c.time);
    }

    /// Adds a memory measurement in time order.
    pub fn push_memory(&mut self, sample: MemorySample) {
        insert_by_time(&mut self.memory, sample, |m| m.time);
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
