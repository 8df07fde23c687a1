//! The heap: an arena of objects, each with a reference count.
//!
//! Reference counts change only through [`Heap::incref`] and [`Heap::decref`], as CPython's
//! `Py_INCREF`/`Py_DECREF`. An object is freed the moment its count reaches zero; freeing
//! releases the references it holds (iteratively, so long chains cannot overflow the stack).
//! From 3.12 some objects are immortal: their count is a sentinel that never changes.

use crate::vm::naive::{NaiveRefcounts, WATCHED};
use crate::vm::object::Obj;
use crate::vm::value::{ObjId, Value};

/// The refcount that marks an immortal object (CPython 3.12+ on 64-bit: `UINT_MAX`).
pub const IMMORTAL: u32 = u32::MAX;

/// What an object costs before its items: CPython's smallest objects take 16–56 bytes.
const OBJECT_BYTES: usize = 48;

/// The object arena.
#[derive(Clone)]
pub struct Heap {
    objects: Vec<Obj>,
    refcounts: Vec<u32>,
    free: Vec<u32>,
    live: usize,
    /// The most objects alive at once, for the object-count cap.
    pub peak: usize,
    /// Bytes of the objects stored since the memory was last measured (see
    /// [`Heap::memory`]): a large allocation brings the next measurement forward.
    pub grown: usize,
    /// Bytes stored before that (wrapping), so that [`Heap::stored_less_freed`] counts them all.
    pub stored_before: usize,
    /// Bytes of the objects freed so far (by the same measure as `grown`).
    pub freed: usize,
    /// Naive no-GIL mode: every count kept true and racy (see `naive.rs`).
    pub naive: Option<Box<NaiveRefcounts>>,
}

impl Default for Heap {
    fn default() -> Self {
        Heap {
            objects: Vec::with_capacity(1024),
            refcounts: Vec::with_capacity(1024),
            free: Vec::new(),
            live: 0,
            peak: 0,
            grown: 0,
            stored_before: 0,
            freed: 0,
            naive: None,
        }
    }
}

impl Heap {
    /// What is wrong with the counts, checked against the references the objects hold (and
    /// `extra`, references held elsewhere that are counted too, such as code constants): a
    /// reference to a freed object, or a live object referenced more often than its count
    /// says (it would be freed while still referenced). Counts in the naive experiment are
    /// wrong on purpose and are not checked.
    pub fn count_problems(&self, extra: impl IntoIterator<Item = Value>) -> Vec<String> {
        let mut problems = Vec::new();
        if self.naive.is_some() {
            return problems;
        }
        let mut inbound = vec![0u64; self.objects.len()];
        let mut note = |target: Value, holder: &str, problems: &mut Vec<String>| {
            let Some(id) = target.as_obj() else {
                return;
            };
            match self.objects.get(id.0 as usize) {
                Some(Obj::Free) | None => {
                    if problems.len() < 20 {
                        problems.push(format!("{holder} refers to freed object {}", id.0));
                    }
                }
                Some(_) => inbound[id.0 as usize] += 1,
            }
        };
        for (index, obj) in self.objects.iter().enumerate() {
            if matches!(obj, Obj::Free) {
                continue;
            }
            for child in obj.children() {
                note(child, &format!("object {index}"), &mut problems);
            }
        }
        for value in extra {
            note(value, "a code object", &mut problems);
        }
        for (index, obj) in self.objects.iter().enumerate() {
            let count = self.refcounts[index];
            if matches!(obj, Obj::Free) || count == IMMORTAL {
                continue;
            }
            if count == 0 {
                problems.push(format!("object {index} is alive with a count of 0"));
            } else if inbound[index] > u64::from(count) {
                problems.push(format!(
                    "object {index} is referenced {} times but counted {count}",
                    inbound[index]
                ));
            }
            if problems.len() >= 20 {
                break;
            }
        }
        problems
    }

    /// Stores a new object with a reference count of one (the caller's reference).
    pub fn alloc(&mut self, obj: Obj) -> ObjId {
        let id = self.alloc_counted(obj, 1);
        if let Some(naive) = self.naive.as_mut() {
            self.refcounts[id.0 as usize] = naive.watch(id, 1);
        }
        id
    }

    fn alloc_counted(&mut self, obj: Obj, count: u32) -> ObjId {
        self.grown = self
            .grown
            .saturating_add(OBJECT_BYTES + obj.payload_bytes());
        self.live += 1;
        self.peak = self.peak.max(self.live);
        if let Some(slot) = self.free.pop() {
            self.objects[slot as usize] = obj;
            self.refcounts[slot as usize] = count;
            return ObjId(slot);
        }
        self.objects.push(obj);
        self.refcounts.push(count);
        ObjId(self.objects.len() as u32 - 1)
    }

    /// Stores an object that is never freed (immortal from 3.12, or a builtin).
    pub fn alloc_immortal(&mut self, obj: Obj) -> ObjId {
        self.alloc_counted(obj, IMMORTAL)
    }

    /// Starts the naive no-GIL experiment: from now on every mortal object's count is kept
    /// true and racy.
    pub fn start_naive(&mut self, seed: u64) {
        if self.naive.is_some() {
            return;
        }
        let mut naive = Box::new(NaiveRefcounts::new(seed));
        for (index, rc) in self.refcounts.iter_mut().enumerate() {
            if *rc < WATCHED && *rc > 0 && !matches!(self.objects[index], Obj::Free) {
                *rc = naive.watch(ObjId(index as u32), *rc);
            }
        }
        self.naive = Some(naive);
    }

    /// Bytes of the objects stored so far, less those freed (wrapping): what the memory lane
    /// watches for change.
    pub fn stored_less_freed(&self) -> usize {
        self.stored_before
            .wrapping_add(self.grown)
            .wrapping_sub(self.freed)
    }

    /// Number of live objects.
    pub fn live(&self) -> usize {
        self.live
    }

    /// Counts `values` items about to be stored in existing containers (a list extended) towards
    /// [`Heap::grown`].
    pub fn note_stored(&mut self, values: usize) {
        self.grown = self
            .grown
            .saturating_add(values.saturating_mul(std::mem::size_of::<Value>()));
    }

    /// About how many bytes the live objects occupy: a fixed part each and their items,
    /// text, digits and tables. Walks every object.
    pub fn memory(&self) -> usize {
        self.objects
            .iter()
            .filter(|obj| !matches!(obj, Obj::Free))
            .map(|obj| OBJECT_BYTES + obj.payload_bytes())
            .sum()
    }

    #[inline(always)]
    pub fn get(&self, id: ObjId) -> &Obj {
        &self.objects[id.0 as usize]
    }

    #[inline(always)]
    pub fn get_mut(&mut self, id: ObjId) -> &mut Obj {
        &mut self.objects[id.0 as usize]
    }

    /// Slot `slot` of instance `id`, which an attribute cache has vouched for.
    #[inline(always)]
    pub fn instance_slot(&self, id: ObjId, slot: usize) -> Value {
        match self.get(id) {
            Obj::Instance(instance) => instance.slots[slot],
            _ => unreachable!("internal error: cached slot of a non-instance"),
        }
    }

    /// Replaces slot `slot` of instance `id` (vouched for by a cache); returns the old value.
    #[inline(always)]
    pub fn set_instance_slot(&mut self, id: ObjId, slot: usize, value: Value) -> Value {
        match self.get_mut(id) {
            Obj::Instance(instance) => std::mem::replace(&mut instance.slots[slot], value),
            _ => unreachable!("internal error: cached slot of a non-instance"),
        }
    }

    /// The object behind a value, if it is a heap object.
    #[inline(always)]
    pub fn obj(&self, value: Value) -> Option<&Obj> {
        value.as_obj().map(|id| self.get(id))
    }

    /// The reference count of an object (in naive mode, the racy one).
    pub fn refcount(&self, id: ObjId) -> u32 {
        let rc = self.refcounts[id.0 as usize];
        match &self.naive {
            Some(naive) if (WATCHED..IMMORTAL).contains(&rc) => naive.visible(rc),
            _ => rc,
        }
    }

    /// Overrides a refcount (for objects whose count models references held elsewhere).
    pub fn set_refcount(&mut self, id: ObjId, count: u32) {
        let rc = self.refcounts[id.0 as usize];
        match self.naive.as_mut() {
            Some(naive) if (WATCHED..IMMORTAL).contains(&rc) && count != IMMORTAL => {
                naive.set(rc, count);
            }
            _ => self.refcounts[id.0 as usize] = count,
        }
    }

    /// A change to a watched count (naive mode); true when the object must be freed.
    #[cold]
    #[inline(never)]
    fn watched_change(&mut self, slot: u32, delta: i8) -> bool {
        match self.naive.as_mut() {
            Some(naive) => naive.change(slot, delta),
            None => false,
        }
    }

    /// `Py_INCREF`.
    #[inline(always)]
    pub fn incref(&mut self, value: Value) {
        if let Some(id) = value.as_obj() {
            let rc = &mut self.refcounts[id.0 as usize];
            if *rc < WATCHED {
                *rc += 1;
            } else if *rc != IMMORTAL {
                let slot = *rc;
                self.watched_change(slot, 1);
            }
        }
    }

    /// `Py_DECREF`: frees the object when its count reaches zero.
    #[inline(always)]
    pub fn decref(&mut self, value: Value) {
        if let Some(id) = value.as_obj() {
            let rc = &mut self.refcounts[id.0 as usize];
            if *rc < WATCHED {
                debug_assert!(*rc > 0, "internal error: refcount underflow on {id}");
                *rc -= 1;
                if *rc == 0 {
                    self.free_object(id);
                }
            } else if *rc != IMMORTAL {
                let slot = *rc;
                if self.watched_change(slot, -1) {
                    self.free_object(id);
                }
            }
        }
    }

    /// Adds a reference to each value.
    pub fn incref_all(&mut self, values: impl IntoIterator<Item = Value>) {
        for value in values {
            self.incref(value);
        }
    }

    /// Releases several references.
    pub fn decref_all(&mut self, values: impl IntoIterator<Item = Value>) {
        for value in values {
            self.decref(value);
        }
    }

    #[cold]
    #[inline(never)]
    fn free_object(&mut self, id: ObjId) {
        let mut pending = vec![id];
        while let Some(id) = pending.pop() {
            let object = &mut self.objects[id.0 as usize];
            self.freed = self
                .freed
                .wrapping_add(OBJECT_BYTES + object.payload_bytes());
            let children = object.take_children();
            let slot = self.refcounts[id.0 as usize];
            if let Some(naive) = self.naive.as_mut()
                && (WATCHED..IMMORTAL).contains(&slot)
            {
                naive.release(slot);
            }
            self.refcounts[id.0 as usize] = 0;
            self.free.push(id.0);
            self.live -= 1;
            for child in children {
                if let Some(child_id) = child.as_obj() {
                    let rc = &mut self.refcounts[child_id.0 as usize];
                    if *rc < WATCHED {
                        debug_assert!(*rc > 0, "internal error: refcount underflow on {child_id}");
                        *rc -= 1;
                        if *rc == 0 {
                            pending.push(child_id);
                        }
                    } else if *rc != IMMORTAL {
                        let slot = *rc;
                        if self.watched_change(slot, -1) {
                            pending.push(child_id);
                        }
                    }
                }
            }
        }
    }

    /// Makes every live object that `keep` picks immortal (3.13t does this to functions,
    /// classes, modules and code objects when the first thread starts, docs/cpython.md §5).
    pub fn immortalize(&mut self, keep: impl Fn(&Obj) -> bool) {
        for (index, obj) in self.objects.iter().enumerate() {
            let rc = self.refcounts[index];
            if rc != 0 && rc < WATCHED && keep(obj) {
                self.refcounts[index] = IMMORTAL;
            }
        }
    }

    /// The live objects with their ids.
    pub fn objects(&self) -> impl Iterator<Item = (ObjId, &Obj)> {
        self.objects
            .iter()
            .enumerate()
            .filter(|(_, obj)| !matches!(obj, Obj::Free))
            .map(|(index, obj)| (ObjId(index as u32), obj))
    }

    /// One more than the highest object id in use so far.
    pub fn id_bound(&self) -> usize {
        self.objects.len()
    }

    /// True if the slot holds a freed object (a dangling reference in naive no-GIL mode).
    pub fn is_freed(&self, id: ObjId) -> bool {
        matches!(self.objects[id.0 as usize], Obj::Free)
    }
}

#[cfg(test)]
mod tests {
    use super::Heap;
    use crate::vm::object::Obj;
    use crate::vm::value::Value;

    #[test]
    fn frees_at_zero_and_releases_contents() {
        let mut heap = Heap::default();
        let inner = heap.alloc(Obj::List(Vec::new()));
        let outer = heap.alloc(Obj::List(vec![Value::obj(inner)]));
        assert_eq!(heap.live(), 2);
        heap.incref(Value::obj(outer));
        heap.decref(Value::obj(outer));
        assert_eq!(heap.refcount(outer), 1);
        heap.decref(Value::obj(outer));
        assert_eq!(heap.live(), 0, "freeing the outer list frees the inner one");
        let reused = heap.alloc(Obj::List(Vec::new()));
        assert!(reused == inner || reused == outer);
    }
}
