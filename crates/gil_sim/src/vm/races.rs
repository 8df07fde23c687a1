//! Lost-update detection: a thread writes a shared variable (a global or an instance
//! attribute) whose value changed since that thread read it, so the other thread's write is
//! overwritten. Each thread remembers its last few reads; the VM remembers who last wrote
//! each location. Switched on by the scheduler once a process has a second thread, and cheap
//! enough to stay on (a few stores per read and write, no hashing of names).

use crate::vm::value::{ObjId, Value};

/// A shared location: a global of a module dict, or an instance slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc(u64);

impl Loc {
    const GLOBAL: u64 = 1 << 63;

    pub fn global(dict: ObjId, name: crate::vm::intern::Symbol) -> Loc {
        Loc(Self::GLOBAL | (u64::from(dict.0) << 32) | u64::from(name.0))
    }

    pub fn slot(instance: ObjId, slot: usize) -> Loc {
        Loc((u64::from(instance.0) << 32) | slot as u64)
    }
}

/// How many recent reads a thread remembers.
pub const READS: usize = 8;

/// A thread's recent reads of shared locations: (location, value, line).
#[derive(Clone, Debug)]
pub struct RecentReads {
    entries: [(Loc, Value, u32); READS],
    next: usize,
}

impl Default for RecentReads {
    fn default() -> Self {
        RecentReads {
            entries: [(Loc(u64::MAX), Value::NULL, 0); READS],
            next: 0,
        }
    }
}

impl RecentReads {
    #[inline]
    pub fn push(&mut self, loc: Loc, value: Value, line: u32) {
        self.entries[self.next % READS] = (loc, value, line);
        self.next = self.next.wrapping_add(1);
    }

    /// The latest read of `loc`, forgotten once asked (a write consumes it).
    #[inline]
    pub fn take(&mut self, loc: Loc) -> Option<(Value, u32)> {
        for k in 1..=READS {
            let at = self.next.wrapping_sub(k) % READS;
            let (l, value, line) = self.entries[at];
            if l == loc {
                self.entries[at].0 = Loc(u64::MAX);
                return Some((value, line));
            }
        }
        None
    }
}

/// One overwritten update.
#[derive(Clone, Debug, PartialEq)]
pub struct LostUpdate {
    /// The thread that read a value and later wrote over a newer one.
    pub thread: u32,
    pub read_line: u32,
    pub write_line: u32,
    /// The value it read, as text, and the newer value its write destroyed.
    pub value_read: String,
    pub overwritten: String,
    /// The thread that wrote the overwritten value, and where (if still known).
    pub overwritten_writer: Option<(u32, u32)>,
    /// The variable, as the program names it (`shared_value`, `.count`).
    pub name: String,
    pub time: crate::vm::VTime,
}

impl LostUpdate {
    /// The update in words, threads named `T<index>` as on the page: "T2 read count = 41 at
    /// line 8; T1 wrote 42 at line 8; T2 then wrote over it at line 8, so T1's update is lost".
    pub fn describe(&self) -> String {
        let me = self.thread;
        let (writer, wrote) = match self.overwritten_writer {
            Some((thread, line)) => (format!("T{thread}"), format!(" at line {line}")),
            None => ("another thread".to_string(), String::new()),
        };
        format!(
            "T{me} read {} = {} at line {}; {writer} wrote {}{wrote}; T{me} then wrote over it at line {}, so {writer}'s update is lost",
            self.name, self.value_read, self.read_line, self.overwritten, self.write_line
        )
    }
}

/// Entries in the last-writer table (direct-mapped by location).
const WRITERS: usize = 1024;

/// Most lost updates kept in detail.
pub const MAX_DETAILED: usize = 100;

/// The detector's state in a VM.
#[derive(Clone, Debug)]
pub struct RaceWatch {
    pub enabled: bool,
    writers: Box<[(Loc, u32, u32)]>,
    /// Every lost update seen.
    pub count: u64,
    /// The sum, over every lost update, of the change other threads made between its read
    /// and its write (`overwritten - read`): what the lost updates erased. `None` once a lost
    /// update was not between two ints of 64 bits.
    pub erased: Option<i128>,
    /// The first [`MAX_DETAILED`].
    pub details: Vec<LostUpdate>,
}

impl Default for RaceWatch {
    fn default() -> Self {
        RaceWatch {
            enabled: false,
            writers: vec![(Loc(u64::MAX), 0, 0); WRITERS].into_boxed_slice(),
            count: 0,
            erased: Some(0),
            details: Vec::new(),
        }
    }
}

impl RaceWatch {
    fn slot_of(loc: Loc) -> usize {
        (loc.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize % WRITERS
    }

    /// Who last wrote `loc`, and at which line, if remembered.
    pub fn last_writer(&self, loc: Loc) -> Option<(u32, u32)> {
        let (l, thread, line) = self.writers[Self::slot_of(loc)];
        (l == loc).then_some((thread, line))
    }

    /// Adds one lost update's erased change (`None`: not between two ints).
    pub fn note_erased(&mut self, change: Option<i128>) {
        self.erased = self
            .erased
            .zip(change)
            .map(|(sum, c)| sum.saturating_add(c));
    }

    pub fn note_write(&mut self, loc: Loc, thread: u32, line: u32) {
        self.writers[Self::slot_of(loc)] = (loc, thread, line);
    }
}
