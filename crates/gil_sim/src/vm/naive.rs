//! The naive no-GIL thought experiment (docs/cpython.md §4): what if threads ran in parallel and
//! `Py_INCREF`/`Py_DECREF` stayed plain load–add–store sequences? Two threads that change the
//! same count at the same moment lose one change. A lost increment leaves the count too low,
//! so it reaches zero while references remain (the object would be freed and then used); a lost
//! decrement leaves it too high (the object would never be freed).
//!
//! Every object's count is kept twice: the true count, which the VM frees by (so the
//! simulation itself stays sound), and the racy count a naive interpreter would have. Once a
//! second thread starts, each object's refcount slot points at an entry here (a flag bit
//! keeps the ordinary path to one comparison). A change races when the previous change to the
//! same count came from another thread running at the same time, with a probability given
//! by how long the load–add–store window is compared with the scheduling quantum.

use crate::vm::value::ObjId;

/// Set in a refcount slot whose count lives in [`NaiveRefcounts`] (the low bits index it).
pub const WATCHED: u32 = 1 << 31;

/// Chance that two changes to one count from threads running at the same time overlap: a
/// load–add–store takes a few nanoseconds, the threads interleave within about a
/// microsecond.
const OVERLAP: f64 = 0.004;

/// One object's counts.
#[derive(Clone, Debug)]
struct Entry {
    id: ObjId,
    true_count: u32,
    racy_count: i64,
    /// The last change: thread, run and delta.
    last: Option<(u32, u64, i8)>,
    /// The racy count reached zero while references remained.
    freed_early: bool,
    use_reported: bool,
}

/// What the experiment found, about one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefcountFinding {
    /// A lost increment: the racy count reached zero while `remaining` references existed;
    /// a naive interpreter frees the object here.
    FreedEarly {
        object: ObjId,
        thread: u32,
        remaining: u32,
    },
    /// A thread touched an object the naive interpreter had already freed.
    UseAfterFree { object: ObjId, thread: u32 },
    /// A lost decrement: the object lost its last reference but its racy count is stuck above
    /// zero, so it would never be freed.
    Leak { object: ObjId, stuck_at: i64 },
    /// At exit, a live object's racy count differs from its true count (lost changes that
    /// have not struck yet: too low means an early free, too high a leak).
    Drift {
        object: ObjId,
        true_count: u32,
        racy_count: i64,
    },
}

/// The racy counts of a process.
#[derive(Clone, Debug, Default)]
pub struct NaiveRefcounts {
    entries: Vec<Entry>,
    free: Vec<u32>,
    /// The running thread and the scheduler's run number (set before each run).
    pub thread: u32,
    pub run: u64,
    rng: u64,
    pub findings: Vec<RefcountFinding>,
    /// Lost increments and decrements so far.
    pub lost_increments: u64,
    pub lost_decrements: u64,
}

impl NaiveRefcounts {
    pub fn new(seed: u64) -> NaiveRefcounts {
        NaiveRefcounts {
            rng: seed | 1,
            ..NaiveRefcounts::default()
        }
    }

    fn chance(&mut self) -> bool {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        ((self.rng >> 11) as f64 / (1u64 << 53) as f64) < OVERLAP
    }

    /// Starts keeping `id`'s counts here; returns the slot value for its refcount.
    pub fn watch(&mut self, id: ObjId, count: u32) -> u32 {
        let entry = Entry {
            id,
            true_count: count,
            racy_count: i64::from(count),
            last: None,
            freed_early: false,
            use_reported: false,
        };
        let index = match self.free.pop() {
            Some(index) => {
                self.entries[index as usize] = entry;
                index
            }
            None => {
                self.entries.push(entry);
                self.entries.len() as u32 - 1
            }
        };
        WATCHED | index
    }

    /// The count `sys.getrefcount` sees: the racy one.
    pub fn visible(&self, slot: u32) -> u32 {
        let entry = &self.entries[(slot & !WATCHED) as usize];
        entry.racy_count.clamp(0, i64::from(u32::MAX - 1)) as u32
    }

    /// Overrides both counts.
    pub fn set(&mut self, slot: u32, count: u32) {
        let entry = &mut self.entries[(slot & !WATCHED) as usize];
        entry.true_count = count;
        entry.racy_count = i64::from(count);
    }

    /// Applies a change of `delta` (±1); true when the true count reached zero (the caller
    /// frees the object and [`Self::release`]s the entry).
    pub fn change(&mut self, slot: u32, delta: i8) -> bool {
        let index = (slot & !WATCHED) as usize;
        let (thread, run) = (self.thread, self.run);
        let races = match self.entries[index].last {
            Some((other, other_run, _)) => other != thread && run.abs_diff(other_run) <= 1,
            None => false,
        };
        let lost = races && self.chance();
        // Which store lands last is up to the hardware: either change may be the lost one.
        let lose_mine = lost && self.rng & (1 << 40) != 0;
        let entry = &mut self.entries[index];
        if entry.freed_early && !entry.use_reported {
            entry.use_reported = true;
            let object = entry.id;
            self.findings
                .push(RefcountFinding::UseAfterFree { object, thread });
        }
        let entry = &mut self.entries[index];
        let lost_delta = match (lost, lose_mine, entry.last) {
            (true, true, _) => Some(delta),
            (true, false, Some((_, _, earlier))) => Some(earlier),
            _ => None,
        };
        if let Some(lost_delta) = lost_delta {
            // One store overwrote the other: that thread's change is gone.
            entry.racy_count -= i64::from(lost_delta);
            if lost_delta > 0 {
                self.lost_increments += 1;
            } else {
                self.lost_decrements += 1;
            }
        }
        let entry = &mut self.entries[index];
        entry.racy_count += i64::from(delta);
        entry.last = Some((thread, run, delta));
        if delta > 0 {
            entry.true_count += 1;
        } else {
            entry.true_count = entry.true_count.saturating_sub(1);
        }
        if entry.racy_count <= 0 && entry.true_count > 0 && !entry.freed_early {
            entry.freed_early = true;
            let (object, remaining) = (entry.id, entry.true_count);
            self.findings.push(RefcountFinding::FreedEarly {
                object,
                thread,
                remaining,
            });
        }
        let entry = &self.entries[index];
        entry.true_count == 0
    }

    /// Live objects whose racy count has drifted from the true one (at the end of a run).
    pub fn drift(&self) -> Vec<RefcountFinding> {
        let mut freed = vec![false; self.entries.len()];
        for &slot in &self.free {
            if let Some(flag) = freed.get_mut(slot as usize) {
                *flag = true;
            }
        }
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, e)| {
                !freed[*i] && !e.freed_early && e.racy_count != i64::from(e.true_count)
            })
            .map(|(_, e)| RefcountFinding::Drift {
                object: e.id,
                true_count: e.true_count,
                racy_count: e.racy_count,
            })
            .collect()
    }

    /// The object behind `slot` is freed: a racy count above zero means a leak.
    pub fn release(&mut self, slot: u32) {
        let index = slot & !WATCHED;
        let entry = &self.entries[index as usize];
        if entry.racy_count > 0 {
            let (object, stuck_at) = (entry.id, entry.racy_count);
            self.findings
                .push(RefcountFinding::Leak { object, stuck_at });
        }
        self.free.push(index);
    }
}
