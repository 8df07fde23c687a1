//! The state of `_thread` locks, which both the VM (fast paths: taking a free lock, `locked()`)
//! and the scheduler (blocking, waking, deadlock detection) read.
//!
//! CPython's `Lock` has no owner; the VM still remembers which thread took it last, because the
//! wait-for graph of a deadlock needs it. `RLock` has a real owner and a recursion count.

pub use crate::ids::{LockId, ThreadIndex};

/// Which kind of `_thread` lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockKind {
    /// `threading.Lock`: not re-entrant, releasable by any thread.
    Plain,
    /// `threading.RLock`: owned, re-entrant.
    Reentrant,
}

/// One lock.
#[derive(Clone, Debug)]
pub struct LockState {
    pub kind: LockKind,
    /// The thread that holds it (for `Lock`, the one that took it last).
    pub holder: Option<ThreadIndex>,
    /// RLock recursion depth (1 for a held `Lock`).
    pub count: u32,
    /// Threads blocked in `acquire` on it (kept by the scheduler).
    pub waiters: u32,
    /// Where the holder took it.
    pub taken_at: TakenAt,
}

/// Where a lock was taken: the program's line, and whether the program's own code took it (a
/// lock taken inside the library, such as a condition's waiter, is the library's business).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TakenAt {
    pub line: u32,
    pub by_program: bool,
}

/// Every lock of a process.
#[derive(Clone, Debug, Default)]
pub struct Locks {
    locks: Vec<LockState>,
}

/// What a non-blocking attempt to take a lock found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryAcquire {
    Taken,
    Busy,
}

impl Locks {
    /// A new, free lock.
    pub fn create(&mut self, kind: LockKind) -> LockId {
        self.locks.push(LockState {
            kind,
            holder: None,
            count: 0,
            waiters: 0,
            taken_at: TakenAt::default(),
        });
        LockId(self.locks.len() as u32 - 1)
    }

    pub fn get(&self, id: LockId) -> &LockState {
        &self.locks[id.0 as usize]
    }

    pub fn get_mut(&mut self, id: LockId) -> &mut LockState {
        &mut self.locks[id.0 as usize]
    }

    /// Takes the lock for `thread` if that needs no waiting.
    pub fn try_acquire(&mut self, id: LockId, thread: ThreadIndex, at: TakenAt) -> TryAcquire {
        let lock = self.get_mut(id);
        match (lock.holder, lock.kind) {
            (None, _) => {
                lock.holder = Some(thread);
                lock.count = 1;
                lock.taken_at = at;
                TryAcquire::Taken
            }
            (Some(owner), LockKind::Reentrant) if owner == thread => {
                lock.count += 1;
                TryAcquire::Taken
            }
            _ => TryAcquire::Busy,
        }
    }

    /// Every lock `thread` holds.
    pub fn held_by(&self, thread: ThreadIndex) -> Vec<LockId> {
        (0..self.locks.len() as u32)
            .map(LockId)
            .filter(|id| self.get(*id).holder == Some(thread))
            .collect()
    }
}
