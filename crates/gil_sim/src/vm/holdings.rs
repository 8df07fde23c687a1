//! What a process's live objects would occupy in CPython, and the part that each thread's
//! frames alone keep alive: the timeline's memory lane.
//!
//! Sizes are CPython's on 64-bit builds as `tracemalloc` counts them (`docs/cpython.md`,
//! "Object sizes"), not the simulator's own: an int or float that the simulator keeps inline
//! in a list is a separate object in CPython, and is counted as one.

use crate::version::PyVersion;
use crate::vm::Vm;
use crate::vm::frame::ThreadState;
use crate::vm::object::Obj;
use crate::vm::value::{ObjId, Value};

/// A process's objects at one moment: all of them, and what each thread holds alone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holdings {
    /// Bytes of every live object.
    pub total: u64,
    /// By thread index: bytes of the objects reachable from that thread's frames and from
    /// nothing else that the walk starts from (modules, other threads).
    pub by_thread: Vec<u64>,
}

/// Marks of the walk: reached from a module or from two threads, or not reached yet.
const SHARED: u32 = u32::MAX;
const UNSEEN: u32 = u32::MAX - 1;

impl Vm {
    /// Walks the live objects once from the modules, then from each thread's frames, value
    /// stack and handled exception (`threads`, by thread index).
    pub fn holdings(&self, threads: &[&ThreadState]) -> Holdings {
        let mut marks = vec![UNSEEN; self.heap.id_bound()];
        let modules = [self.main_globals, self.builtins]
            .into_iter()
            .map(Value::obj)
            .chain(self.modules.iter().map(|(_, module)| *module));
        self.spread(&mut marks, modules, SHARED);
        for (index, state) in threads.iter().enumerate() {
            let frames = state
                .frames
                .iter()
                .flat_map(|frame| [frame.func, frame.locals]);
            let roots = state
                .stack
                .iter()
                .copied()
                .chain(frames)
                .chain([state.handled]);
            self.spread(&mut marks, roots, index as u32);
        }
        let mut holdings = Holdings {
            total: 0,
            by_thread: vec![0; threads.len()],
        };
        for (id, obj) in self.heap.objects() {
            let bytes = self.cpython_bytes(obj);
            holdings.total += bytes;
            if let Some(held) = holdings.by_thread.get_mut(marks[id.0 as usize] as usize) {
                *held += bytes;
            }
        }
        holdings
    }

    /// Marks what `roots` reach as `who`'s. What another thread reached already becomes
    /// shared, and so does everything below it: the earlier walks marked all of that, so the
    /// walk never meets an unseen object below a shared one.
    #[inline(never)]
    fn spread(&self, marks: &mut [u32], roots: impl Iterator<Item = Value>, who: u32) {
        let mut pending: Vec<ObjId> = Vec::new();
        let reach = |value: Value, marks: &mut [u32], pending: &mut Vec<ObjId>| {
            let Some(id) = value.as_obj() else { return };
            let mark = &mut marks[id.0 as usize];
            *mark = match *mark {
                UNSEEN => who,
                seen if seen == who || seen == SHARED => return,
                _ => SHARED,
            };
            pending.push(id);
        };
        for root in roots {
            reach(root, marks, &mut pending);
        }
        while let Some(id) = pending.pop() {
            self.heap
                .get(id)
                .for_each_child(&mut |child| reach(child, marks, &mut pending));
        }
    }
}

impl Vm {
    /// Bytes an object takes in CPython (`sys.getsizeof` plus what `tracemalloc` sees of its
    /// table), with the int and float objects its items would be there.
    #[inline(never)]
    fn cpython_bytes(&self, obj: &Obj) -> u64 {
        let version = self.version;
        let boxed = |values: &[Value]| -> u64 {
            if values.len() <= 8 {
                // A small container often holds one int twice, (i, i): one object in CPython.
                let fresh = |(at, v): &(usize, &Value)| !values[..*at].contains(v);
                values
                    .iter()
                    .enumerate()
                    .filter(fresh)
                    .map(|(_, v)| boxed_bytes(*v, version))
                    .sum()
            } else {
                values.iter().map(|v| boxed_bytes(*v, version)).sum()
            }
        };
        let before_311 = version < PyVersion::Py311;
        match obj {
            Obj::Free => 0,
            Obj::Int(int) => 24 + int.bytes() as u64,
            Obj::Str(s) => {
                let base = if version >= PyVersion::Py312 { 41 } else { 49 };
                if s.ascii {
                    base + s.text.len() as u64
                } else {
                    let widest = s.text.chars().map(|c| c as u32).max().unwrap_or(0);
                    let width = match widest {
                        0..=0xFF => 1,
                        0x100..=0xFFFF => 2,
                        _ => 4,
                    };
                    base + 16 + u64::from(s.chars) * width
                }
            }
            Obj::Bytes(bytes) => 33 + bytes.len() as u64,
            Obj::Tuple(values) => 40 + 8 * values.len() as u64 + boxed(values),
            Obj::List(values) => 56 + 8 * values.len() as u64 + boxed(values),
            Obj::Dict(dict) => {
                // A table of 2^k slots, two thirds of them usable, each entry 24 bytes (16 when
                // every key is a str), and an index of 1–8 bytes a slot.
                let slots = (dict.len() * 3 / 2 + 1).next_power_of_two().max(8) as u64;
                let all_str = dict
                    .iter()
                    .all(|(key, _)| matches!(self.heap.obj(key), Some(Obj::Str(_))));
                let entry = if all_str { 16 } else { 24 };
                let index = match slots {
                    0..=128 => 1,
                    129..=32_768 => 2,
                    32_769..=2_147_483_648 => 4,
                    _ => 8,
                };
                let items: u64 = dict
                    .iter()
                    .map(|(k, v)| if k == v { boxed(&[k]) } else { boxed(&[k, v]) })
                    .sum();
                let base = if before_311 { 144 } else { 96 };
                base + slots * index + slots * 2 / 3 * entry + items
            }
            Obj::Set(set) => {
                // CPython keeps a set's table at most three fifths full.
                let slots = (set.table.len() * 5 / 3 + 1).next_power_of_two().max(8) as u64;
                let items: u64 = set.table.iter().map(|v| boxed_bytes(v, version)).sum();
                200 + 16 * slots + items
            }
            Obj::Instance(instance) => {
                // Up to 3.10 an instance has a dict of its own; from 3.11 its values are inline.
                let base = match version {
                    _ if before_311 => 120,
                    PyVersion::Py312 => 48,
                    _ => 56,
                };
                base + 16 * instance.slots.len() as u64 + boxed(&instance.slots)
            }
            Obj::Generator(generator) => 200 + 8 * generator.values.len() as u64,
            Obj::Function(_) => 160,
            Obj::Class(_) => 1_100,
            Obj::Module(_) => 72,
            Obj::Cell(value) => 40 + boxed_bytes(*value, version),
            Obj::Method { .. }
            | Obj::Builtin(_)
            | Obj::BuiltinMethod { .. }
            | Obj::Code(_)
            | Obj::Range { .. }
            | Obj::Iter(_)
            | Obj::Slice { .. }
            | Obj::Property { .. }
            | Obj::StaticMethod(_)
            | Obj::ClassMethod(_)
            | Obj::Super { .. }
            | Obj::DictView { .. }
            | Obj::Native(_) => 48,
        }
    }
}

/// The CPython object behind a value the simulator keeps inline: an int outside the cached
/// -5..=256 (28 bytes as `tracemalloc` counts them up to 3.10, 32 from 3.11) or a float (24).
fn boxed_bytes(value: Value, version: PyVersion) -> u64 {
    match value.as_small_int() {
        Some(-5..=256) => 0,
        Some(_) if version < PyVersion::Py311 => 28,
        Some(_) => 32,
        None if value.is_float() => 24,
        None => 0,
    }
}
