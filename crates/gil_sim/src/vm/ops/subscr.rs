//! Subscripts: `x[i]`, `x[a:b:c]`, item assignment and deletion for the builtin containers
//! and user classes with `__getitem__`/`__setitem__`/`__delitem__`.

use crate::vm::intern::sym;
use crate::vm::object::Obj;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Raised, Vm};

/// A slice resolved against a length: the indices it selects.
struct Resolved {
    start: i64,
    step: i64,
    count: usize,
}

impl Resolved {
    fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.count).map(move |k| (self.start + k as i64 * self.step) as usize)
    }
}

impl Vm {
    /// A new slice object (takes ownership of the bounds).
    pub fn new_slice(&mut self, start: Value, stop: Value, step: Value) -> Value {
        Value::obj(self.heap.alloc(Obj::Slice { start, stop, step }))
    }

    /// `container[key]` (borrowed; owned result).
    pub fn get_item(&mut self, container: Value, key: Value) -> PyResult<Value> {
        let Some(obj) = self.heap.obj(container) else {
            return Err(self.not_subscriptable(container));
        };
        if let Some(Obj::Slice { .. }) = self.heap.obj(key)
            && matches!(
                obj,
                Obj::List(_) | Obj::Tuple(_) | Obj::Str(_) | Obj::Bytes(_) | Obj::Range { .. }
            )
        {
            return self.get_slice(container, key);
        }
        match obj {
            Obj::List(items) => {
                let len = items.len();
                let index = self.sequence_index(container, key, len, "list")?;
                let value = match self.heap.obj(container) {
                    Some(Obj::List(items)) => items[index],
                    _ => unreachable!("internal error: list changed kind"),
                };
                self.heap.incref(value);
                Ok(value)
            }
            Obj::Tuple(items) => {
                let len = items.len();
                let index = self.sequence_index(container, key, len, "tuple")?;
                let value = match self.heap.obj(container) {
                    Some(Obj::Tuple(items)) => items[index],
                    _ => unreachable!("internal error: tuple changed kind"),
                };
                self.heap.incref(value);
                Ok(value)
            }
            Obj::Str(s) => {
                let len = s.chars as usize;
                let index = self.sequence_index(container, key, len, "string")?;
                let ch: String = match self.heap.obj(container) {
                    Some(Obj::Str(s)) if s.ascii => s.text[index..index + 1].to_string(),
                    Some(Obj::Str(s)) => s
                        .text
                        .chars()
                        .nth(index)
                        .map(String::from)
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                Ok(self.str_value(&ch))
            }
            Obj::Bytes(bytes) => {
                let len = bytes.len();
                let index = self.sequence_index(container, key, len, "index")?;
                match self.heap.obj(container) {
                    Some(Obj::Bytes(bytes)) => Ok(Value::small_int(i64::from(bytes[index]))),
                    _ => unreachable!("internal error: bytes changed kind"),
                }
            }
            Obj::Range { start, stop, step } => {
                let (start, stop, step) = (*start, *stop, *step);
                let len = crate::vm::ops::arith::range_len(start, stop, step) as usize;
                let index = self.sequence_index(container, key, len, "range object")?;
                Ok(self.int_value(start + step * index as i64))
            }
            Obj::Dict(_) => {
                let id = container
                    .as_obj()
                    .expect("internal error: a dict is an object");
                match self.dict_get(id, key)? {
                    Some(value) => {
                        self.heap.incref(value);
                        Ok(value)
                    }
                    None => {
                        if let Some(missing) = self.user_method_of(container, sym::__missing__) {
                            return self.call_sync(missing, vec![container, key]);
                        }
                        self.heap.incref(key);
                        Err(self.raise_args(ExcKind::KeyError, vec![key]))
                    }
                }
            }
            Obj::Instance(instance) => {
                let class = instance.class;
                match self.lookup_user(class, sym::__getitem__) {
                    Some(method) => self.call_sync(method, vec![container, key]),
                    None => Err(self.not_subscriptable(container)),
                }
            }
            Obj::Class(_) => {
                // `list[int]` in annotations: a generic alias; modelled as the class itself.
                self.heap.incref(container);
                Ok(container)
            }
            Obj::Native(_) => crate::vm::builtins::native_getitem(self, container, key),
            _ => Err(self.not_subscriptable(container)),
        }
    }

    #[cold]
    #[inline(never)]
    fn not_subscriptable(&mut self, container: Value) -> Raised {
        let message = format!(
            "'{}' object is not subscriptable",
            self.type_name(container)
        );
        self.type_error(&message)
    }

    /// Resolves an index into `0..len`, with CPython's errors.
    fn sequence_index(
        &mut self,
        container: Value,
        key: Value,
        len: usize,
        what: &str,
    ) -> PyResult<usize> {
        let Some(i) = self.index_value(key) else {
            let kind = self.type_name(container);
            let message = format!(
                "{kind} indices must be integers or slices, not {}",
                self.type_name(key)
            );
            let message = if what == "string" {
                format!(
                    "string indices must be integers, not '{}'",
                    self.type_name(key)
                )
            } else if what == "range object" {
                format!(
                    "range indices must be integers or slices, not {}",
                    self.type_name(key)
                )
            } else {
                message
            };
            return Err(self.type_error(&message));
        };
        let index = if i < 0 { i + len as i64 } else { i };
        if index < 0 || index >= len as i64 {
            let message = format!("{what} index out of range");
            return Err(self.raise_msg(ExcKind::IndexError, &message));
        }
        Ok(index as usize)
    }

    /// An int usable as an index (ints and bools), or `None`.
    pub fn index_value(&self, key: Value) -> Option<i64> {
        if key.is_float() {
            return None;
        }
        if let Some(i) = self.as_i64(key) {
            return Some(i);
        }
        // Huge ints clamp like CPython's `PyNumber_AsSsize_t` with an IndexError later.
        self.as_big(key).map(|b| {
            if b.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }
        })
    }

    /// Resolves a slice object against a length (`slice.indices`).
    fn resolve_slice(&mut self, slice: Value, len: usize) -> PyResult<Resolved> {
        let Some(Obj::Slice { start, stop, step }) = self.heap.obj(slice) else {
            return Err(self.type_error("expected a slice"));
        };
        let (start, stop, step) = (*start, *stop, *step);
        let bound = |vm: &mut Vm, v: Value| -> PyResult<Option<i64>> {
            if v.is_none() {
                return Ok(None);
            }
            match vm.index_value(v) {
                Some(i) => Ok(Some(i)),
                None => Err(vm.type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            }
        };
        let step = bound(self, step)?.unwrap_or(1);
        if step == 0 {
            return Err(self.raise_msg(ExcKind::ValueError, "slice step cannot be zero"));
        }
        let len = len as i64;
        let clamp = |v: Option<i64>, default: i64| -> i64 {
            match v {
                None => default,
                Some(i) => {
                    let i = if i < 0 { i + len } else { i };
                    if step > 0 {
                        i.clamp(0, len)
                    } else {
                        i.clamp(-1, len - 1)
                    }
                }
            }
        };
        let (default_start, default_stop) = if step > 0 { (0, len) } else { (len - 1, -1) };
        let start = clamp(bound(self, start)?, default_start);
        let stop = clamp(bound(self, stop)?, default_stop);
        let count = if step > 0 {
            if stop > start {
                (stop - start + step - 1) / step
            } else {
                0
            }
        } else if start > stop {
            (start - stop + (-step) - 1) / (-step)
        } else {
            0
        };
        Ok(Resolved {
            start,
            step,
            count: count as usize,
        })
    }

    fn get_slice(&mut self, container: Value, slice: Value) -> PyResult<Value> {
        match self.heap.obj(container) {
            Some(Obj::List(items)) => {
                let len = items.len();
                let r = self.resolve_slice(slice, len)?;
                let items = self.as_list_items(container).unwrap_or_default();
                let picked: Vec<Value> = r.indices().map(|i| items[i]).collect();
                Ok(self.new_list_from(picked))
            }
            Some(Obj::Tuple(items)) => {
                let len = items.len();
                let r = self.resolve_slice(slice, len)?;
                let items = self.as_tuple_items(container).unwrap_or_default();
                if r.count == len && r.step == 1 {
                    self.heap.incref(container);
                    return Ok(container);
                }
                let picked: Vec<Value> = r.indices().map(|i| items[i]).collect();
                for item in &picked {
                    self.heap.incref(*item);
                }
                Ok(self.tuple_value(picked))
            }
            Some(Obj::Str(s)) => {
                let text = std::rc::Rc::clone(&s.text);
                let chars: Vec<char> = text.chars().collect();
                let r = self.resolve_slice(slice, chars.len())?;
                let picked: String = r.indices().map(|i| chars[i]).collect();
                Ok(self.str_value(&picked))
            }
            Some(Obj::Bytes(bytes)) => {
                let bytes = std::rc::Rc::clone(bytes);
                let r = self.resolve_slice(slice, bytes.len())?;
                let picked: Vec<u8> = r.indices().map(|i| bytes[i]).collect();
                Ok(self.bytes_value(&picked))
            }
            Some(Obj::Range { start, stop, step }) => {
                let (start, stop, step) = (*start, *stop, *step);
                let len = crate::vm::ops::arith::range_len(start, stop, step) as usize;
                let r = self.resolve_slice(slice, len)?;
                let new_start = start + r.start * step;
                let new_step = step * r.step;
                let new_stop = new_start + r.count as i64 * new_step;
                Ok(Value::obj(self.heap.alloc(Obj::Range {
                    start: new_start,
                    stop: new_stop,
                    step: new_step,
                })))
            }
            _ => Err(self.not_subscriptable(container)),
        }
    }

    /// `container[key] = value` (all borrowed).
    pub fn set_item(&mut self, container: Value, key: Value, value: Value) -> PyResult<()> {
        match self.heap.obj(container) {
            Some(Obj::List(items)) => {
                let len = items.len();
                if let Some(Obj::Slice { .. }) = self.heap.obj(key) {
                    return self.set_list_slice(container, key, value, len);
                }
                let index = match self.index_value(key) {
                    Some(_) => self.sequence_index(container, key, len, "list assignment")?,
                    None => {
                        let message = format!(
                            "list indices must be integers or slices, not {}",
                            self.type_name(key)
                        );
                        return Err(self.type_error(&message));
                    }
                };
                self.heap.incref(value);
                let old = match self.heap.get_mut(
                    container
                        .as_obj()
                        .expect("internal error: a list is an object"),
                ) {
                    Obj::List(items) => std::mem::replace(&mut items[index], value),
                    _ => unreachable!("internal error: list changed kind"),
                };
                self.heap.decref(old);
                Ok(())
            }
            Some(Obj::Dict(_)) => {
                let id = container
                    .as_obj()
                    .expect("internal error: a dict is an object");
                self.heap.incref(value);
                self.dict_set(id, key, value)
                    .inspect_err(|_| self.heap.decref(value))
            }
            Some(Obj::Instance(instance)) => {
                let class = instance.class;
                match self.lookup_user(class, sym::__setitem__) {
                    Some(method) => {
                        let result = self.call_sync(method, vec![container, key, value])?;
                        self.heap.decref(result);
                        Ok(())
                    }
                    None => Err(self.no_item_assignment(container)),
                }
            }
            _ => Err(self.no_item_assignment(container)),
        }
    }

    #[cold]
    #[inline(never)]
    fn no_item_assignment(&mut self, container: Value) -> Raised {
        let message = format!(
            "'{}' object does not support item assignment",
            self.type_name(container)
        );
        self.type_error(&message)
    }

    fn set_list_slice(
        &mut self,
        list: Value,
        slice: Value,
        value: Value,
        len: usize,
    ) -> PyResult<()> {
        let r = self.resolve_slice(slice, len)?;
        let new_items = match self.collect_iterable(value) {
            Ok(items) => items,
            Err(raised) => {
                self.heap.decref(raised.0);
                return Err(self.type_error("can only assign an iterable"));
            }
        };
        let id = list.as_obj().expect("internal error: a list is an object");
        if r.step == 1 {
            let start = r.start as usize;
            let end = start + r.count;
            let removed: Vec<Value> = match self.heap.get_mut(id) {
                Obj::List(items) => items.splice(start..end, new_items).collect(),
                _ => Vec::new(),
            };
            self.heap.decref_all(removed);
            return Ok(());
        }
        if new_items.len() != r.count {
            let message = format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                new_items.len(),
                r.count
            );
            self.heap.decref_all(new_items);
            return Err(self.raise_msg(ExcKind::ValueError, &message));
        }
        let indices: Vec<usize> = r.indices().collect();
        let mut old = Vec::new();
        if let Obj::List(items) = self.heap.get_mut(id) {
            for (i, value) in indices.into_iter().zip(new_items) {
                old.push(std::mem::replace(&mut items[i], value));
            }
        }
        self.heap.decref_all(old);
        Ok(())
    }

    /// `del container[key]`.
    pub fn del_item(&mut self, container: Value, key: Value) -> PyResult<()> {
        match self.heap.obj(container) {
            Some(Obj::List(items)) => {
                let len = items.len();
                let id = container
                    .as_obj()
                    .expect("internal error: a list is an object");
                if let Some(Obj::Slice { .. }) = self.heap.obj(key) {
                    let r = self.resolve_slice(key, len)?;
                    let mut indices: Vec<usize> = r.indices().collect();
                    indices.sort_unstable();
                    let mut removed = Vec::new();
                    if let Obj::List(items) = self.heap.get_mut(id) {
                        for i in indices.into_iter().rev() {
                            removed.push(items.remove(i));
                        }
                    }
                    self.heap.decref_all(removed);
                    return Ok(());
                }
                let index = self.sequence_index(container, key, len, "list assignment")?;
                let removed = match self.heap.get_mut(id) {
                    Obj::List(items) => items.remove(index),
                    _ => Value::NONE,
                };
                self.heap.decref(removed);
                Ok(())
            }
            Some(Obj::Dict(_)) => {
                let id = container
                    .as_obj()
                    .expect("internal error: a dict is an object");
                let hash = self.hash_key(key)?;
                match self.dict_mut(id).remove(&hash) {
                    Some((k, v)) => {
                        self.heap.decref_all([k, v]);
                        Ok(())
                    }
                    None => {
                        self.heap.incref(key);
                        Err(self.raise_args(ExcKind::KeyError, vec![key]))
                    }
                }
            }
            Some(Obj::Instance(instance)) => {
                let class = instance.class;
                match self.lookup_user(class, sym::__delitem__) {
                    Some(method) => {
                        let result = self.call_sync(method, vec![container, key])?;
                        self.heap.decref(result);
                        Ok(())
                    }
                    None => {
                        let message = format!(
                            "'{}' object does not support item deletion",
                            self.type_name(container)
                        );
                        Err(self.type_error(&message))
                    }
                }
            }
            _ => {
                let message = format!(
                    "'{}' object does not support item deletion",
                    self.type_name(container)
                );
                Err(self.type_error(&message))
            }
        }
    }
}
