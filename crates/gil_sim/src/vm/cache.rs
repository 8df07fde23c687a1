//! Inline caches: what a `LOAD_GLOBAL`, `LOAD_ATTR`, `STORE_ATTR` or `LOAD_METHOD` found the
//! last time it ran, with the guards that keep it valid (dict key versions, the instance's
//! class and shape, the class epoch). Like CPython 3.11's specialised instructions, a hit skips
//! the hash lookups; a miss takes the generic path, which refills the cache.

use std::cell::Cell;

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

/// A fresh cache line per instruction.
pub fn empty_caches(n: usize) -> Box<[Cell<Cache>]> {
    (0..n).map(|_| Cell::new(Cache::Empty)).collect()
}

impl Vm {
    /// Empties every inline cache. Copies of a VM share their code, caches included: one that
    /// goes a different way from its copy (the explorer's branches) must not meet the other's
    /// entries, whose versions, shapes and ids may mean something else on its own path.
    pub fn clear_caches(&self) {
        for code in self.codes.iter() {
            for cache in code.caches.iter() {
                cache.set(Cache::Empty);
            }
        }
    }

    /// The cached value of a global (borrowed), if the cache still holds.
    #[inline(always)]
    pub fn cached_global(&self, code: &Code, at: usize, globals: ObjId) -> Option<Value> {
        let Cache::Global {
            globals_version,
            builtins_version,
            position,
            builtin,
        } = code.caches[at].get()
        else {
            return None;
        };
        let g = self.dict(globals);
        if g.keys_version != globals_version {
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
            globals_version,
            position,
            builtin: false,
            ..
        } = code.caches[at].get()
        else {
            return None;
        };
        (self.dict(globals).keys_version == globals_version).then_some(position as usize)
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
        if instance.class != class || instance.shape != shape || epoch != self.class_epoch {
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
        if let Some(descr) = self.lookup_class(instance.class, name)
            && matches!(self.heap.obj(descr), Some(Obj::Property { .. }))
        {
            return;
        }
        code.caches[at].set(Cache::Slot {
            class: instance.class,
            shape: instance.shape,
            epoch: self.class_epoch,
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
        if instance.class != class || instance.shape != shape || epoch != self.class_epoch {
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
            epoch: self.class_epoch,
            func,
        });
    }
}
