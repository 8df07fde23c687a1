//! Inline caches: what a `LOAD_GLOBAL`, `LOAD_ATTR`, `STORE_ATTR` or `LOAD_METHOD` found the
//! last time it ran, with the guards that keep it valid (dict key versions, the instance's
//! class and shape, the class epoch). Like CPython 3.11's specialised instructions, a hit skips
//! the hash lookups; a miss takes the generic path, which refills the cache.
//!
//! Copies of a VM (forked processes, the explorer's branches, samples, undo, replay) share
//! their decoded code and so its cache lines. Every entry records the [`CacheKeys`] of the
//! copy that filled it, and each copy has its own, so a copy never meets another's entries:
//! no caller has to remember to clear anything.

use std::cell::Cell;
use std::rc::Rc;

use crate::vm::Vm;
use crate::vm::code::Code;
use crate::vm::object::{Obj, ShapeId};
use crate::vm::value::{ObjId, Value};

/// One instruction's cache entry.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Cache {
    #[default]
    Empty,
    /// A global found at `position` of the module dict (or of builtins), valid while both
    /// dicts keep their key versions.
    Global {
        copy: u32,
        globals_version: u32,
        builtins_version: u32,
        position: u32,
        builtin: bool,
    },
    /// An instance attribute in slot `slot` for instances of `class` with `shape`.
    Slot {
        class: ObjId,
        shape: ShapeId,
        epoch: u32,
        slot: u32,
    },
    /// A plain function found on `class` for instances with `shape` (which does not shadow it).
    Method {
        class: ObjId,
        shape: ShapeId,
        epoch: u32,
        func: Value,
    },
}

/// Which copy of a VM filled a cache entry, and the state of its classes then. Both numbers
/// come from one counter that every copy shares, so no two copies (and no two class states)
/// ever have the same: cloning draws fresh ones for the copy.
#[derive(Debug)]
pub struct CacheKeys {
    /// This copy of the VM (global entries check it).
    pub copy: u32,
    /// This copy's classes as they are now: drawn anew whenever a class attribute changes
    /// (attribute and method entries check it).
    pub classes: u32,
    counter: Rc<Cell<u32>>,
}

impl CacheKeys {
    /// Keys for a new VM.
    pub fn new() -> CacheKeys {
        let counter = Rc::new(Cell::new(0));
        let mut keys = CacheKeys {
            copy: 0,
            classes: 0,
            counter,
        };
        keys.copy = keys.draw();
        keys.classes = keys.draw();
        keys
    }

    fn draw(&self) -> u32 {
        let next = self.counter.get().wrapping_add(1);
        self.counter.set(next);
        next
    }

    /// A class attribute changed: every attribute and method entry of this copy is stale.
    pub fn classes_changed(&mut self) {
        self.classes = self.draw();
    }
}

impl Default for CacheKeys {
    fn default() -> Self {
        CacheKeys::new()
    }
}

impl Clone for CacheKeys {
    fn clone(&self) -> Self {
        let mut keys = CacheKeys {
            copy: 0,
            classes: 0,
            counter: Rc::clone(&self.counter),
        };
        keys.copy = keys.draw();
        keys.classes = keys.draw();
        keys
    }
}

/// A fresh cache line per instruction.
pub fn empty_caches(n: usize) -> Box<[Cell<Cache>]> {
    (0..n).map(|_| Cell::new(Cache::Empty)).collect()
}

impl Vm {
    /// The cached value of a global (borrowed), if the cache still holds.
    #[inline(always)]
    pub fn cached_global(&self, code: &Code, at: usize, globals: ObjId) -> Option<Value> {
        let Cache::Global {
            copy,
            globals_version,
            builtins_version,
            position,
            builtin,
        } = code.caches[at].get()
        else {
            return None;
        };
        let g = self.dict(globals);
        if g.keys_version != globals_version || copy != self.cache_keys.copy {
            return None;
        }
        if builtin {
            let b = self.dict(self.builtins);
            if b.keys_version != builtins_version {
                return None;
            }
            b.value_at(position as usize)
        } else {
            g.value_at(position as usize)
        }
    }

    /// The cached position of a global in the module dict itself (for `STORE_GLOBAL`).
    #[inline(always)]
    pub fn cached_global_position(&self, code: &Code, at: usize, globals: ObjId) -> Option<usize> {
        let Cache::Global {
            copy,
            globals_version,
            position,
            builtin: false,
            ..
        } = code.caches[at].get()
        else {
            return None;
        };
        (self.dict(globals).keys_version == globals_version && copy == self.cache_keys.copy)
            .then_some(position as usize)
    }

    /// Remembers where a global was found.
    pub fn fill_global_cache(&self, code: &Code, at: usize, globals: ObjId, text: &str) {
        let g = self.dict(globals);
        let b = self.dict(self.builtins);
        let (position, builtin) = match g.position_str(text) {
            Some(p) => (p, false),
            None => match b.position_str(text) {
                Some(p) => (p, true),
                None => return,
            },
        };
        code.caches[at].set(Cache::Global {
            copy: self.cache_keys.copy,
            globals_version: g.keys_version,
            builtins_version: b.keys_version,
            position: position as u32,
            builtin,
        });
    }

    /// The cached slot of an instance attribute, if `obj` matches the cache.
    #[inline(always)]
    pub fn cached_slot(&self, code: &Code, at: usize, obj: Value) -> Option<(ObjId, usize)> {
        let Cache::Slot {
            class,
            shape,
            epoch,
            slot,
        } = code.caches[at].get()
        else {
            return None;
        };
        let id = obj.as_obj()?;
        let Obj::Instance(instance) = self.heap.get(id) else {
            return None;
        };
        if instance.class != class || instance.shape != shape || epoch != self.cache_keys.classes {
            return None;
        }
        Some((id, slot as usize))
    }

    /// Caches `obj.name` as a slot when it is a plain instance attribute (no property on the
    /// class can intercept it).
    pub fn fill_slot_cache(
        &self,
        code: &Code,
        at: usize,
        obj: Value,
        name: crate::vm::intern::Symbol,
    ) {
        let Some(Obj::Instance(instance)) = self.heap.obj(obj) else {
            return;
        };
        let Some(slot) = self.shapes.slot(instance.shape, name) else {
            return;
        };
        if self
            .lookup_user(instance.class, crate::vm::intern::sym::__setattr__)
            .is_some()
        {
            return;
        }
        if let Some(descr) = self.lookup_class(instance.class, name)
            && matches!(self.heap.obj(descr), Some(Obj::Property { .. }))
        {
            return;
        }
        code.caches[at].set(Cache::Slot {
            class: instance.class,
            shape: instance.shape,
            epoch: self.cache_keys.classes,
            slot: slot as u32,
        });
    }

    /// The cached method of an instance's class (borrowed), if `obj` matches the cache.
    #[inline(always)]
    pub fn cached_method(&self, code: &Code, at: usize, obj: Value) -> Option<Value> {
        let Cache::Method {
            class,
            shape,
            epoch,
            func,
        } = code.caches[at].get()
        else {
            return None;
        };
        let Obj::Instance(instance) = self.heap.get(obj.as_obj()?) else {
            return None;
        };
        if instance.class != class || instance.shape != shape || epoch != self.cache_keys.classes {
            return None;
        }
        Some(func)
    }

    /// Remembers the function `LOAD_METHOD` found for this kind of instance.
    pub fn fill_method_cache(&self, code: &Code, at: usize, obj: Value, func: Value) {
        let Some(Obj::Instance(instance)) = self.heap.obj(obj) else {
            return;
        };
        code.caches[at].set(Cache::Method {
            class: instance.class,
            shape: instance.shape,
            epoch: self.cache_keys.classes,
            func,
        });
    }
}
