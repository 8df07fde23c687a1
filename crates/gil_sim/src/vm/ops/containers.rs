//! Building and changing lists, dicts and sets, with the reference-count discipline the
//! instructions rely on: "owned" arguments are consumed, "borrowed" ones are not.

use crate::vm::dict::Dict;
use crate::vm::object::{Obj, SetObj};
use crate::vm::op::BinOp;
use crate::vm::types::ExcKind;
use crate::vm::value::{ObjId, Value};
use crate::vm::{PyResult, Vm};

impl Vm {
    /// A new empty dict (owned).
    pub fn new_dict(&mut self) -> Value {
        Value::obj(self.heap.alloc(Obj::Dict(Dict::new())))
    }

    /// A new empty set or frozenset (owned).
    pub fn new_set(&mut self, frozen: bool) -> Value {
        Value::obj(self.heap.alloc(Obj::Set(SetObj {
            frozen,
            ..Default::default()
        })))
    }

    /// A new list of borrowed items (each gains a reference).
    pub fn new_list_from(&mut self, items: Vec<Value>) -> Value {
        for item in &items {
            self.heap.incref(*item);
        }
        self.list_value(items)
    }

    /// The items of a tuple (borrowed), or `None` if it is not one.
    pub fn as_tuple_items(&self, value: Value) -> Option<Vec<Value>> {
        match self.heap.obj(value)? {
            Obj::Tuple(items) => Some(items.to_vec()),
            _ => None,
        }
    }

    /// The items of a list (borrowed), or `None` if it is not one.
    pub fn as_list_items(&self, value: Value) -> Option<Vec<Value>> {
        match self.heap.obj(value)? {
            Obj::List(items) => Some(items.clone()),
            _ => None,
        }
    }

    /// Appends an owned value to a list.
    pub fn list_push(&mut self, list: Value, value: Value) {
        self.heap.note_stored(1);
        match list.as_obj().map(|id| self.heap.get_mut(id)) {
            Some(Obj::List(items)) => items.push(value),
            _ => self.heap.decref(value),
        }
    }

    /// Appends owned values to a list.
    pub fn extend_list(&mut self, list: Value, values: Vec<Value>) {
        self.heap.note_stored(values.len());
        match list.as_obj().map(|id| self.heap.get_mut(id)) {
            Some(Obj::List(items)) => items.extend(values),
            _ => self.heap.decref_all(values),
        }
    }

    /// Empties a list, releasing its items.
    pub fn clear_list(&mut self, list: Value) {
        let old = match list.as_obj().map(|id| self.heap.get_mut(id)) {
            Some(Obj::List(items)) => std::mem::take(items),
            _ => Vec::new(),
        };
        self.heap.decref_all(old);
    }

    /// `d.get(key)` (borrowed result); raises for unhashable keys.
    pub fn dict_get(&mut self, dict: ObjId, key: Value) -> PyResult<Option<Value>> {
        let hash = self.hash_key(key)?;
        Ok(self.dict(dict).get(&hash))
    }

    /// `dict.update(other)` / `{**other}`; with `merge`, a repeated key is an error naming
    /// `func` (CPython's `DICT_MERGE` for `f(**a, **b)`).
    pub fn dict_update(
        &mut self,
        dict: ObjId,
        other: Value,
        merge: bool,
        func: Value,
    ) -> PyResult<()> {
        let pairs: Vec<(Value, Value)> = match self.heap.obj(other) {
            Some(Obj::Dict(d)) => d.iter().collect(),
            _ => {
                let message = if merge {
                    let name = self.callable_name(func);
                    format!(
                        "{name} argument after ** must be a mapping, not {}",
                        self.type_name(other)
                    )
                } else {
                    format!("'{}' object is not a mapping", self.type_name(other))
                };
                return Err(self.type_error(&message));
            }
        };
        for (key, value) in pairs {
            if merge && self.dict_get(dict, key)?.is_some() {
                let name = self.callable_name(func);
                let key_text = self.str_string(key);
                let message =
                    format!("{name} got multiple values for keyword argument '{key_text}'");
                return Err(self.type_error(&message));
            }
            self.heap.incref(value);
            self.dict_set(dict, key, value)?;
        }
        Ok(())
    }

    /// `f()`-style name of a callable for messages.
    pub fn callable_name(&self, func: Value) -> String {
        match self.heap.obj(func) {
            Some(Obj::Function(f)) => format!("{}()", f.qualname),
            Some(Obj::Builtin(b)) => format!("{}()", b.name()),
            Some(Obj::Class(c)) => format!("{}()", c.name),
            Some(Obj::Method { func, .. }) => self.callable_name(*func),
            _ => "function".to_string(),
        }
    }

    /// A shallow copy of a dict (owned).
    pub fn copy_dict(&mut self, dict: Value) -> PyResult<Value> {
        let copy = self.new_dict();
        let id = copy.as_obj().expect("internal error: a dict is an object");
        self.dict_update(id, dict, false, Value::NULL)?;
        Ok(copy)
    }

    /// Adds a borrowed item to a set.
    pub fn set_add(&mut self, set: Value, item: Value) -> PyResult<()> {
        let key = self.hash_key(item)?;
        let Some(id) = set.as_obj() else {
            return Ok(());
        };
        if let Obj::Set(s) = self.heap.get_mut(id)
            && s.table.add(key, item)
        {
            self.heap.incref(item);
        }
        Ok(())
    }

    /// True if every item of set `a` is in set `b`.
    pub fn set_is_subset(&mut self, a: Value, b: Value) -> PyResult<bool> {
        let items: Vec<Value> = match self.heap.obj(a) {
            Some(Obj::Set(s)) => s.table.iter().collect(),
            _ => return Ok(false),
        };
        for item in items {
            let key = self.hash_key(item)?;
            let found = matches!(self.heap.obj(b), Some(Obj::Set(s)) if s.table.contains(&key));
            if !found {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Items of a set (borrowed).
    pub fn set_items(&self, set: Value) -> Vec<Value> {
        match self.heap.obj(set) {
            Some(Obj::Set(s)) => s.table.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` on sets (and the in-place forms).
    pub fn set_operator(
        &mut self,
        op: BinOp,
        inplace: bool,
        a: Value,
        b: Value,
    ) -> PyResult<Value> {
        let frozen = matches!(self.heap.obj(a), Some(Obj::Set(s)) if s.frozen);
        let a_items = self.set_items(a);
        let b_items = self.set_items(b);
        let mut picked = Vec::new();
        match op {
            BinOp::Or => {
                picked.extend(a_items.iter().copied());
                picked.extend(b_items.iter().copied());
            }
            BinOp::And => {
                for item in &a_items {
                    if self.set_has(b, *item)? {
                        picked.push(*item);
                    }
                }
            }
            BinOp::Sub => {
                for item in &a_items {
                    if !self.set_has(b, *item)? {
                        picked.push(*item);
                    }
                }
            }
            _ => {
                for item in &a_items {
                    if !self.set_has(b, *item)? {
                        picked.push(*item);
                    }
                }
                for item in &b_items {
                    if !self.set_has(a, *item)? {
                        picked.push(*item);
                    }
                }
            }
        }
        if inplace && !frozen {
            // Rebuild `a` in place so its identity is kept.
            let id = a.as_obj().expect("internal error: a set is an object");
            let old = match self.heap.get_mut(id) {
                Obj::Set(s) => s.table.drain(),
                _ => Vec::new(),
            };
            for item in &picked {
                self.set_add(a, *item)?;
            }
            self.heap.decref_all(old);
            self.heap.incref(a);
            return Ok(a);
        }
        let result = self.new_set(frozen);
        for item in picked {
            self.set_add(result, item)?;
        }
        Ok(result)
    }

    /// True if a set contains the item.
    pub fn set_has(&mut self, set: Value, item: Value) -> PyResult<bool> {
        let key = self.hash_key(item)?;
        Ok(matches!(self.heap.obj(set), Some(Obj::Set(s)) if s.table.contains(&key)))
    }

    /// Removes an item from a set; `KeyError` if `must_exist` and it is absent.
    pub fn set_remove(&mut self, set: Value, item: Value, must_exist: bool) -> PyResult<()> {
        let key = self.hash_key(item)?;
        let id = set.as_obj().expect("internal error: a set is an object");
        let removed = match self.heap.get_mut(id) {
            Obj::Set(s) => s.table.discard(&key),
            _ => None,
        };
        match removed {
            Some(value) => {
                self.heap.decref(value);
                Ok(())
            }
            None if must_exist => {
                self.heap.incref(item);
                Err(self.raise_args(ExcKind::KeyError, vec![item]))
            }
            None => Ok(()),
        }
    }
}
