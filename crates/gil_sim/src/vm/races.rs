//! Lost-update detection: a thread writes a shared variable (a global or an instance
//! attribute) whose value changed since that thread read it, so the other thread's write is
//! overwritten. Each thread remembers its last few reads; the VM remembers who last wrote
//! each location. Switched on by the scheduler once a process has a second thread, and cheap
//! enough to stay on (a few stores per read and write, no hashing of names).

use crate::ids::VTime;
use crate::vm::Vm;
use crate::vm::code::Code;
use crate::vm::frame::ThreadState;
use crate::vm::intern::Symbol;
use crate::vm::object::Obj;
use crate::vm::op::Op;
use crate::vm::value::{ObjId, Value};

/// A shared location: a global of a module dict, or an instance slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc(u64);

impl Loc {
    const GLOBAL: u64 = 1 << 63;

    pub fn global(dict: ObjId, name: Symbol) -> Loc {
        Loc(Self::GLOBAL | (u64::from(dict.0) << 32) | u64::from(name.0))
    }

    pub fn slot(instance: ObjId, slot: usize) -> Loc {
        Loc((u64::from(instance.0) << 32) | slot as u64)
    }

    /// The global's dict and name, or the instance and slot; `None` for the empty marker.
    fn parts(self) -> Option<Place> {
        if self.0 == u64::MAX {
            return None;
        }
        let high = ObjId(((self.0 >> 32) & 0x7fff_ffff) as u32);
        let low = (self.0 & 0xffff_ffff) as u32;
        Some(if self.0 & Self::GLOBAL != 0 {
            Place::Global(high, Symbol(low))
        } else {
            Place::Slot(high, low as usize)
        })
    }
}

/// A [`Loc`] taken apart.
enum Place {
    Global(ObjId, Symbol),
    Slot(ObjId, usize),
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

    /// The reads not yet followed by a write of the same location, latest first.
    fn pending(&self) -> impl Iterator<Item = (Loc, Value, u32)> + '_ {
        (1..=READS.min(self.next))
            .map(|k| self.entries[self.next.wrapping_sub(k) % READS])
            .filter(|(loc, _, _)| loc.0 != u64::MAX)
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

/// When one or more lost updates happened: a time kept by [`LostTimes`], standing for
/// `weight` of them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LostTime {
    pub time: VTime,
    pub thread: u32,
    pub weight: u64,
}

/// Most lost-update times kept: past it every other one is dropped, and each one kept stands
/// for twice as many.
pub const MAX_TIMES: usize = 2048;

/// When the lost updates happened over the whole run, thinned evenly: every `every`-th one is
/// kept, so at most [`MAX_TIMES`] are, however many there were.
#[derive(Clone, Debug, PartialEq)]
pub struct LostTimes {
    every: u64,
    seen: u64,
    times: Vec<(VTime, u32)>,
}

impl Default for LostTimes {
    fn default() -> Self {
        LostTimes {
            every: 1,
            seen: 0,
            times: Vec::new(),
        }
    }
}

impl LostTimes {
    /// Notes a lost update by `thread` at `time`.
    pub fn note(&mut self, time: VTime, thread: u32) {
        if self.seen.is_multiple_of(self.every) && self.times.len() == MAX_TIMES {
            let kept = self.times.iter().copied().step_by(2).collect();
            self.times = kept;
            self.every *= 2;
        }
        if self.seen.is_multiple_of(self.every) {
            self.times.push((time, thread));
        }
        self.seen += 1;
    }

    /// The times kept, each with how many lost updates it stands for.
    pub fn kept(&self) -> impl Iterator<Item = LostTime> + '_ {
        self.times.iter().map(|&(time, thread)| LostTime {
            time,
            thread,
            weight: self.every,
        })
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
    /// When all of them happened, thinned.
    pub times: LostTimes,
}

impl Default for RaceWatch {
    fn default() -> Self {
        RaceWatch {
            enabled: false,
            writers: vec![(Loc(u64::MAX), 0, 0); WRITERS].into_boxed_slice(),
            count: 0,
            erased: Some(0),
            details: Vec::new(),
            times: LostTimes::default(),
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

/// A shared variable a thread has read and not written back yet, while the code it is in
/// still writes it: the middle of a read–modify–write, where a switch loses updates.
#[derive(Clone, Debug, PartialEq)]
pub struct HeldRead {
    /// The variable as the program names it (`shared_value`, `.count`).
    pub name: String,
    /// The value read, and the variable's value now if another write changed it since.
    pub read: String,
    pub now: Option<String>,
    pub line: u32,
}

impl HeldRead {
    /// "T1 has read shared_value = 41 at line 8 and not written it back; it is now 1041".
    pub fn describe(&self, who: &str) -> String {
        let now = self
            .now
            .as_ref()
            .map_or_else(String::new, |now| format!("; it is now {now}"));
        format!(
            "{who} has read {} = {} at line {} and not written it back{now}",
            self.name, self.read, self.line
        )
    }
}

impl Vm {
    /// What thread `t`, at instruction `ip` of `code`, holds from shared reads it will write
    /// back: pending reads whose variable `code` stores to at or after `ip`. Values kept on
    /// the heap are left out (the read kept no reference to them).
    pub fn held_reads(&mut self, t: &ThreadState, code: &Code, ip: usize) -> Vec<HeldRead> {
        let mut held: Vec<HeldRead> = Vec::new();
        for (loc, read, line) in t.reads.pending() {
            if read.as_obj().is_some() {
                continue;
            }
            let Some((name, stored, now)) = self.place(loc) else {
                continue;
            };
            let writes_later = code.plain.iter().skip(ip).any(|op| match op {
                Op::StoreGlobal(i) => !stored.1 && code.names[*i as usize] == stored.0,
                Op::StoreAttr(i) => stored.1 && code.names[*i as usize] == stored.0,
                _ => false,
            });
            if !writes_later || held.iter().any(|h| h.name == name) {
                continue;
            }
            let changed = now.filter(|now| *now != read && now.as_obj().is_none());
            held.push(HeldRead {
                name,
                read: self.plain_repr(read),
                now: changed.map(|now| self.plain_repr(now)),
                line,
            });
        }
        held
    }

    /// A location's name as the program writes it, its (symbol, is-attribute) and its value
    /// now; `None` if its dict or instance is gone.
    fn place(&self, loc: Loc) -> Option<(String, (Symbol, bool), Option<Value>)> {
        match loc.parts()? {
            Place::Global(dict, name) => {
                if !matches!(self.heap.get(dict), Obj::Dict(_)) {
                    return None;
                }
                let text = self.sym_name(name);
                let now = self.dict_get_name(dict, &text);
                Some((text.to_string(), (name, false), now))
            }
            Place::Slot(instance, slot) => {
                let Obj::Instance(object) = self.heap.get(instance) else {
                    return None;
                };
                let name = *self.shapes.keys(object.shape).get(slot)?;
                let now = object.slots.get(slot).copied();
                Some((format!(".{}", self.sym_name(name)), (name, true), now))
            }
        }
    }
}

impl crate::vm::Vm {
    /// A write to a shared location: if this thread read it earlier and another thread has
    /// written it since, that write is lost. `old` is the value being replaced. Every write of
    /// a threaded program comes here, so the usual case (the value read is the value replaced)
    /// is inlined and only a changed value goes on to [`Vm::check_lost_update`].
    #[inline(always)]
    pub(crate) fn watch_write(
        &mut self,
        t: &mut ThreadState,
        loc: Loc,
        old: Value,
        code: &Code,
        at: usize,
    ) {
        let line = code.lines[at];
        if let Some((read, read_line)) = t.reads.take(loc)
            && read != old
        {
            self.check_lost_update(loc, (read, read_line), old, code, at);
        }
        self.races.note_write(loc, self.thread_index, line);
    }

    /// A write of `loc` replaces `old` while this thread read `read` there earlier: a lost
    /// update unless both are the same int in different objects.
    #[cold]
    #[inline(never)]
    pub(crate) fn check_lost_update(
        &mut self,
        loc: Loc,
        (read, read_line): (Value, u32),
        old: Value,
        code: &Code,
        at: usize,
    ) {
        // The library's own bookkeeping (a thread's `_is_stopped`, a queue's counters) is not
        // the program's update: only writes made by the reader's code are findings.
        if code.library.is_some() {
            return;
        }
        let line = code.lines[at];
        let me = self.thread_index;
        if !(self.is_int(read)
            && self
                .as_i64(read)
                .is_some_and(|r| self.as_i64(old) == Some(r)))
        {
            let writer = self.races.last_writer(loc).filter(|(who, _)| *who != me);
            self.races.count += 1;
            let change = self
                .as_i64(old)
                .zip(self.as_i64(read))
                .map(|(o, r)| i128::from(o) - i128::from(r));
            self.races.note_erased(change);
            self.races.times.note(self.clock, me);
            if self.races.details.len() < MAX_DETAILED {
                let name = self.location_name(loc, code, at);
                let value_read = self.plain_repr(read);
                let overwritten = self.plain_repr(old);
                self.races.details.push(LostUpdate {
                    thread: me,
                    read_line,
                    write_line: line,
                    value_read,
                    overwritten,
                    overwritten_writer: writer,
                    name,
                    time: self.clock,
                });
            }
        }
    }

    /// `repr` of numbers, strings and constants; other objects by type (no Python code runs).
    pub fn plain_repr(&mut self, value: Value) -> String {
        let simple = value.is_none()
            || value.as_bool().is_some()
            || value.as_float().is_some()
            || self.is_int(value)
            || self.as_str(value).is_some();
        if simple {
            self.repr_string(value)
        } else {
            format!("<{} object>", self.type_name(value))
        }
    }

    /// The name a lost update's variable has at instruction `at` (its global or attribute).
    pub(crate) fn location_name(&self, loc: Loc, code: &Code, at: usize) -> String {
        let _ = loc;
        match code.plain.get(at) {
            Some(Op::StoreGlobal(i)) => self.sym_name(code.names[*i as usize]).to_string(),
            Some(Op::StoreAttr(i)) => format!(".{}", self.sym_name(code.names[*i as usize])),
            _ => "a shared variable".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lost_times_thin_evenly_and_keep_the_total() {
        let mut times = LostTimes::default();
        let n = 10_000u64;
        for i in 0..n {
            times.note(VTime(i * 7), (i % 3) as u32);
        }
        let kept: Vec<LostTime> = times.kept().collect();
        assert!(kept.len() <= MAX_TIMES && kept.len() > MAX_TIMES / 4);
        let total: u64 = kept.iter().map(|t| t.weight).sum();
        assert!(total <= n && total + kept[0].weight > n, "{total} of {n}");
        // Evenly: the kept times are one weight apart, from the first to near the last.
        assert!(
            kept.windows(2)
                .all(|w| w[1].time.0 - w[0].time.0 == 7 * w[0].weight)
        );
        assert_eq!(kept[0].time, VTime(0));
        assert!(kept.last().map_or(0, |t| t.time.0) + 7 * kept[0].weight > 7 * (n - 1));
    }
}
