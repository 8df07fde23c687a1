//! Iteration: `iter()` and `next()` for the builtin iterables, the iterator objects
//! themselves, unpacking, and collecting an iterable into values.

use std::rc::Rc;

use crate::vm::intern::sym;
use crate::vm::object::{DictView, IterObj, Obj};
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

impl Vm {
    /// `iter(value)` (borrowed; owned result).
    pub fn get_iter(&mut self, value: Value) -> PyResult<Value> {
        let Some(obj) = self.heap.obj(value) else {
            return Err(self.not_iterable(value));
        };
        if let Obj::Dict(d) = obj
            && d.sub.is_some()
            && let Some(method) = self.user_method_of(value, sym::__iter__)
        {
            return self.call_sync(method, vec![value]);
        }
        let iter = match obj {
            Obj::List(_) | Obj::Tuple(_) | Obj::Str(_) | Obj::Bytes(_) => {
                self.heap.incref(value);
                IterObj::Seq {
                    seq: value,
                    index: 0,
                }
            }
            Obj::Range { start, stop, step } => IterObj::Range {
                next: *start,
                stop: *stop,
                step: *step,
            },
            Obj::Dict(d) => {
                let len = d.len();
                self.heap.incref(value);
                IterObj::Dict {
                    dict: value,
                    index: 0,
                    len,
                    view: DictView::Keys,
                }
            }
            Obj::DictView { dict, view } => {
                let (dict, view) = (*dict, *view);
                let len = match self.heap.obj(dict) {
                    Some(Obj::Dict(d)) => d.len(),
                    _ => 0,
                };
                self.heap.incref(dict);
                IterObj::Dict {
                    dict,
                    index: 0,
                    len,
                    view,
                }
            }
            Obj::Set(s) => {
                let len = s.table.len();
                self.heap.incref(value);
                IterObj::Set {
                    set: value,
                    index: 0,
                    len,
                }
            }
            Obj::Iter(_) | Obj::Generator(_) => {
                self.heap.incref(value);
                return Ok(value);
            }
            Obj::Instance(instance) => {
                let class = instance.class;
                if let Some(method) = self.lookup_user(class, sym::__iter__) {
                    return self.call_sync(method, vec![value]);
                }
                if self.lookup_user(class, sym::__getitem__).is_some() {
                    self.heap.incref(value);
                    IterObj::Seq {
                        seq: value,
                        index: 0,
                    }
                } else {
                    return Err(self.not_iterable(value));
                }
            }
            Obj::Native(_) => return crate::vm::builtins::native_iter(self, value),
            _ => return Err(self.not_iterable(value)),
        };
        Ok(Value::obj(self.heap.alloc(Obj::Iter(iter))))
    }

    #[cold]
    #[inline(never)]
    fn not_iterable(&mut self, value: Value) -> crate::vm::Raised {
        let message = format!("'{}' object is not iterable", self.type_name(value));
        self.type_error(&message)
    }

    /// True if `iter(value)` can succeed.
    pub fn has_iter(&self, value: Value) -> bool {
        match self.heap.obj(value) {
            Some(Obj::Instance(i)) => {
                self.lookup_user(i.class, sym::__iter__).is_some()
                    || self.lookup_user(i.class, sym::__getitem__).is_some()
            }
            Some(
                Obj::List(_)
                | Obj::Tuple(_)
                | Obj::Str(_)
                | Obj::Range { .. }
                | Obj::Dict(_)
                | Obj::DictView { .. }
                | Obj::Set(_)
                | Obj::Iter(_)
                | Obj::Generator(_)
                | Obj::Native(_),
            ) => true,
            _ => false,
        }
    }

    /// `next(iter)`: `Some(value)` (owned) or `None` when exhausted.
    pub fn iter_next(&mut self, iter: Value) -> PyResult<Option<Value>> {
        let Some(id) = iter.as_obj() else {
            return Err(self.not_an_iterator(iter));
        };
        let state = match self.heap.get_mut(id) {
            Obj::Iter(state) => state,
            Obj::Instance(instance) => {
                let class = instance.class;
                return self.user_next(iter, class);
            }
            Obj::Native(_) => return crate::vm::builtins::native_next(self, iter),
            Obj::Generator(_) => return self.gen_next(iter),
            _ => return Err(self.not_an_iterator(iter)),
        };
        match state {
            IterObj::Range { next, stop, step } => {
                let current = *next;
                let more = if *step > 0 {
                    current < *stop
                } else {
                    current > *stop
                };
                if !more {
                    return Ok(None);
                }
                *next = current.saturating_add(*step);
                Ok(Some(self.int_value(current)))
            }
            IterObj::Seq { seq, index } => {
                let (seq, i) = (*seq, *index);
                *index += 1;
                let item = match self.heap.obj(seq) {
                    Some(Obj::List(items)) => items.get(i).copied(),
                    Some(Obj::Tuple(items)) => items.get(i).copied(),
                    Some(Obj::Bytes(bytes)) => {
                        bytes.get(i).map(|b| Value::small_int(i64::from(*b)))
                    }
                    Some(Obj::Str(s)) => {
                        let ch = if s.ascii {
                            s.text.get(i..i + 1).map(str::to_string)
                        } else {
                            s.text.chars().nth(i).map(|c| c.to_string())
                        };
                        match ch {
                            Some(ch) => return Ok(Some(self.str_value(&ch))),
                            None => None,
                        }
                    }
                    Some(Obj::Instance(instance)) => {
                        let class = instance.class;
                        let Some(getitem) = self.lookup_user(class, sym::__getitem__) else {
                            return Ok(None);
                        };
                        let index_value = self.int_value(i as i64);
                        return match self.call_sync(getitem, vec![seq, index_value]) {
                            Ok(value) => Ok(Some(value)),
                            Err(raised) => {
                                let stop = self
                                    .isinstance(raised.0, self.types.exc(ExcKind::IndexError))
                                    || self.isinstance(
                                        raised.0,
                                        self.types.exc(ExcKind::StopIteration),
                                    );
                                if stop {
                                    self.heap.decref(raised.0);
                                    self.finish_iter(id);
                                    Ok(None)
                                } else {
                                    Err(raised)
                                }
                            }
                        };
                    }
                    _ => None,
                };
                match item {
                    Some(value) => {
                        self.heap.incref(value);
                        Ok(Some(value))
                    }
                    None => {
                        self.finish_iter(id);
                        Ok(None)
                    }
                }
            }
            IterObj::Dict {
                dict,
                index,
                len,
                view,
            } => {
                let (dict, i, len, view) = (*dict, *index, *len, *view);
                let Some(Obj::Dict(d)) = self.heap.obj(dict) else {
                    return Ok(None);
                };
                if d.len() != len {
                    self.finish_iter(id);
                    return Err(self.raise_msg(
                        ExcKind::RuntimeError,
                        "dictionary changed size during iteration",
                    ));
                }
                let Some((position, key, value)) = d.entry_from(i) else {
                    self.finish_iter(id);
                    return Ok(None);
                };
                if let Obj::Iter(IterObj::Dict { index, .. }) = self.heap.get_mut(id) {
                    *index = position + 1;
                }
                Ok(Some(match view {
                    DictView::Keys => {
                        self.heap.incref(key);
                        key
                    }
                    DictView::Values => {
                        self.heap.incref(value);
                        value
                    }
                    DictView::Items => {
                        self.heap.incref(key);
                        self.heap.incref(value);
                        self.tuple_value(vec![key, value])
                    }
                }))
            }
            IterObj::Set { set, index, len } => {
                let (set, i, len) = (*set, *index, *len);
                let Some(Obj::Set(s)) = self.heap.obj(set) else {
                    return Ok(None);
                };
                if s.table.len() != len {
                    self.finish_iter(id);
                    return Err(
                        self.raise_msg(ExcKind::RuntimeError, "Set changed size during iteration")
                    );
                }
                match s.table.next_from(i) {
                    Some((value, next)) => {
                        if let Obj::Iter(IterObj::Set { index, .. }) = self.heap.get_mut(id) {
                            *index = next;
                        }
                        self.heap.incref(value);
                        Ok(Some(value))
                    }
                    None => {
                        self.finish_iter(id);
                        Ok(None)
                    }
                }
            }
            IterObj::Enumerate { inner, count } => {
                let (inner, n) = (*inner, *count);
                *count += 1;
                match self.iter_next(inner)? {
                    Some(value) => {
                        let index = self.int_value(n);
                        Ok(Some(self.tuple_value(vec![index, value])))
                    }
                    None => Ok(None),
                }
            }
            IterObj::Zip { iters } => {
                let iters = iters.clone();
                let mut items = Vec::with_capacity(iters.len());
                for it in iters {
                    match self.iter_next(it)? {
                        Some(value) => items.push(value),
                        None => {
                            self.heap.decref_all(items);
                            return Ok(None);
                        }
                    }
                }
                if items.is_empty() {
                    return Ok(None);
                }
                Ok(Some(self.tuple_value(items)))
            }
            IterObj::Reversed { seq, index } => {
                if *index == 0 {
                    return Ok(None);
                }
                *index -= 1;
                let (seq, i) = (*seq, *index);
                let item = match self.heap.obj(seq) {
                    Some(Obj::List(items)) => items.get(i).copied(),
                    Some(Obj::Tuple(items)) => items.get(i).copied(),
                    Some(Obj::Str(s)) => {
                        let ch: Option<String> = s.text.chars().nth(i).map(|c| c.to_string());
                        return Ok(ch.map(|c| self.str_value(&c)));
                    }
                    Some(Obj::Range { start, step, .. }) => {
                        let value = start + step * i as i64;
                        return Ok(Some(self.int_value(value)));
                    }
                    _ => None,
                };
                Ok(item.inspect(|v| self.heap.incref(*v)))
            }
            IterObj::Map { func, iters } => {
                let (func, iters) = (*func, iters.clone());
                let mut items = Vec::with_capacity(iters.len());
                for it in iters {
                    match self.iter_next(it) {
                        Ok(Some(value)) => items.push(value),
                        Ok(None) => {
                            self.heap.decref_all(items);
                            return Ok(None);
                        }
                        Err(raised) => {
                            self.heap.decref_all(items);
                            return Err(raised);
                        }
                    }
                }
                let result = self.call_sync(func, items.clone());
                self.heap.decref_all(items);
                result.map(Some)
            }
            IterObj::Filter { func, iter } => {
                let (func, iter) = (*func, *iter);
                loop {
                    let Some(item) = self.iter_next(iter)? else {
                        return Ok(None);
                    };
                    let keep = if func.is_none() {
                        self.truthy(item)
                    } else {
                        match self.call_sync(func, vec![item]) {
                            Ok(result) => {
                                let truth = self.truthy(result);
                                self.heap.decref(result);
                                truth
                            }
                            Err(raised) => Err(raised),
                        }
                    };
                    match keep {
                        Ok(true) => return Ok(Some(item)),
                        Ok(false) => self.heap.decref(item),
                        Err(raised) => {
                            self.heap.decref(item);
                            return Err(raised);
                        }
                    }
                }
            }
            IterObj::Done => Ok(None),
        }
    }

    /// Marks an iterator exhausted and releases what it iterated.
    pub(crate) fn finish_iter(&mut self, id: crate::vm::value::ObjId) {
        let old = std::mem::replace(self.heap.get_mut(id), Obj::Iter(IterObj::Done));
        let mut old = old;
        let children = old.take_children();
        self.heap.decref_all(children);
    }

    fn user_next(
        &mut self,
        iter: Value,
        class: crate::vm::value::ObjId,
    ) -> PyResult<Option<Value>> {
        let Some(method) = self.lookup_user(class, sym::__next__) else {
            return Err(self.not_an_iterator(iter));
        };
        match self.call_sync(method, vec![iter]) {
            Ok(value) => Ok(Some(value)),
            Err(raised) => {
                if self.isinstance(raised.0, self.types.exc(ExcKind::StopIteration)) {
                    self.heap.decref(raised.0);
                    Ok(None)
                } else {
                    Err(raised)
                }
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn not_an_iterator(&mut self, value: Value) -> crate::vm::Raised {
        let message = format!("'{}' object is not an iterator", self.type_name(value));
        self.type_error(&message)
    }

    /// Every item of an iterable (owned).
    pub fn collect_iterable(&mut self, iterable: Value) -> PyResult<Vec<Value>> {
        let copied = match self.heap.obj(iterable) {
            Some(Obj::List(items)) => Some(items.clone()),
            Some(Obj::Tuple(items)) => Some(items.to_vec()),
            _ => None,
        };
        if let Some(items) = copied {
            self.heap.incref_all(items.iter().copied());
            self.heap.note_stored(items.len());
            return Ok(items);
        }
        let iter = self.get_iter(iterable)?;
        let mut out = Vec::new();
        loop {
            match self.iter_next(iter) {
                Ok(Some(value)) => {
                    out.push(value);
                    if out.len() > crate::vm::memory::MAX_ITEMS {
                        self.heap.decref(iter);
                        self.heap.decref_all(out);
                        return Err(self
                            .raise_msg(ExcKind::MemoryError, "too many items for this simulator"));
                    }
                }
                Ok(None) => break,
                Err(raised) => {
                    self.heap.decref(iter);
                    self.heap.decref_all(out);
                    return Err(raised);
                }
            }
        }
        self.heap.decref(iter);
        self.heap.note_stored(out.len());
        Ok(out)
    }

    /// `a, b = value` (`star`: `a, *b, c = value` with `after` names after the star).
    /// Returns the targets' values in order (owned).
    pub fn unpack(
        &mut self,
        value: Value,
        before: usize,
        after: Option<usize>,
    ) -> PyResult<Vec<Value>> {
        if !self.has_iter(value) {
            let message = format!(
                "cannot unpack non-iterable {} object",
                self.type_name(value)
            );
            return Err(self.type_error(&message));
        }
        let items = self.collect_iterable(value)?;
        let n = items.len();
        match after {
            None => {
                if n == before {
                    return Ok(items);
                }
                self.heap.decref_all(items);
                let message = if n < before {
                    format!("not enough values to unpack (expected {before}, got {n})")
                } else {
                    format!("too many values to unpack (expected {before})")
                };
                Err(self.raise_msg(ExcKind::ValueError, &message))
            }
            Some(after) => {
                if n < before + after {
                    self.heap.decref_all(items);
                    let message = format!(
                        "not enough values to unpack (expected at least {}, got {n})",
                        before + after
                    );
                    return Err(self.raise_msg(ExcKind::ValueError, &message));
                }
                let mut items = items;
                let tail = items.split_off(n - after);
                let middle = items.split_off(before);
                let mut out = items;
                out.push(self.list_value(middle));
                out.extend(tail);
                Ok(out)
            }
        }
    }

    /// The keys, values or (key, value) tuples of a dict (owned).
    pub fn dict_view_items(&mut self, dict: Value, view: DictView) -> Vec<Value> {
        let pairs: Vec<(Value, Value)> = match self.heap.obj(dict) {
            Some(Obj::Dict(d)) => d.iter().collect(),
            _ => Vec::new(),
        };
        pairs
            .into_iter()
            .map(|(k, v)| match view {
                DictView::Keys => {
                    self.heap.incref(k);
                    k
                }
                DictView::Values => {
                    self.heap.incref(v);
                    v
                }
                DictView::Items => {
                    self.heap.incref(k);
                    self.heap.incref(v);
                    self.tuple_value(vec![k, v])
                }
            })
            .collect()
    }

    /// The name `reversed()` and friends use for a value's length, or a `TypeError`.
    pub fn len_of(&mut self, value: Value) -> PyResult<usize> {
        let n = match self.heap.obj(value) {
            Some(Obj::Str(s)) => s.chars as usize,
            Some(Obj::Bytes(b)) => b.len(),
            Some(Obj::List(items)) => items.len(),
            Some(Obj::Tuple(items)) => items.len(),
            Some(Obj::Dict(d)) => d.len(),
            Some(Obj::Set(s)) => s.table.len(),
            Some(Obj::Range { start, stop, step }) => {
                crate::vm::ops::arith::range_len(*start, *stop, *step) as usize
            }
            Some(Obj::DictView { dict, .. }) => match self.heap.obj(*dict) {
                Some(Obj::Dict(d)) => d.len(),
                _ => 0,
            },
            Some(Obj::Instance(instance)) => {
                let class = instance.class;
                if let Some(method) = self.lookup_user(class, sym::__len__) {
                    let result = self.call_sync(method, vec![value])?;
                    let n = self.as_i64(result);
                    self.heap.decref(result);
                    return match n {
                        Some(n) if n >= 0 => Ok(n as usize),
                        Some(_) => {
                            Err(self.raise_msg(ExcKind::ValueError, "__len__() should return >= 0"))
                        }
                        None => {
                            Err(self
                                .type_error("'float' object cannot be interpreted as an integer"))
                        }
                    };
                }
                return Err(self.no_len(value));
            }
            _ => return Err(self.no_len(value)),
        };
        Ok(n)
    }

    #[cold]
    #[inline(never)]
    fn no_len(&mut self, value: Value) -> crate::vm::Raised {
        let message = format!("object of type '{}' has no len()", self.type_name(value));
        self.type_error(&message)
    }

    /// A str value's characters as owned one-character strings.
    pub fn str_chars(&mut self, text: &Rc<str>) -> Vec<Value> {
        text.chars()
            .map(|c| {
                let mut buffer = [0u8; 4];
                let piece: &str = c.encode_utf8(&mut buffer);
                self.str_value(piece)
            })
            .collect()
    }
}
