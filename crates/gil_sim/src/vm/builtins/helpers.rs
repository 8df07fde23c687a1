//! Builtins whose work calls Python code hand it to the helpers of `library/_native.py`, so
//! that the Python code runs on the calling thread's own frame stack (switching threads and
//! blocking as it does in CPython) instead of to completion inside the builtin. This decides
//! when: a builtin whose work runs no Python code (a list of numbers, a range) stays native.

use crate::vm::builtins::{Builtin, args};
use crate::vm::frame::{OnReturn, ThreadState};
use crate::vm::intern::{Symbol, sym};
use crate::vm::object::{ClassKind, IterObj, Obj, TypeTag};
use crate::vm::ops::call::Called;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// How deep `compares_natively` looks into tuples and lists.
const NESTING: usize = 4;

impl Vm {
    /// Calls helper `name` of `_native` with `args` (owned); its frame delivers the result
    /// per `on_return`.
    pub fn call_helper(
        &mut self,
        t: &mut ThreadState,
        name: &str,
        args: Vec<Value>,
        on_return: OnReturn,
    ) -> PyResult<Called> {
        let module = match self.module_value("_native") {
            Some(module) => module,
            None => match self.import_library("_native") {
                Some(Ok(module)) => module,
                Some(Err(raised)) => {
                    self.heap.decref_all(args);
                    return Err(raised);
                }
                None => unreachable!("internal error: _native is a library module"),
            },
        };
        let symbol = self.sym(name);
        let func = match self.get_attr_sync(module, symbol) {
            Ok(func) => func,
            Err(raised) => {
                self.heap.decref_all(args);
                return Err(raised);
            }
        };
        self.call_object(t, func, args, Vec::new(), on_return)
    }

    /// True if calling `func` runs Python code (a function, a method, a class of the
    /// program's, an instance with `__call__`).
    pub fn calls_python(&self, func: Value) -> bool {
        match self.heap.obj(func) {
            Some(Obj::Function(_) | Obj::Method { .. } | Obj::Instance(_)) => true,
            Some(Obj::Class(class)) => matches!(class.kind, ClassKind::User),
            _ => false,
        }
    }

    /// True if iterating `iterable` runs no Python code.
    pub fn iterates_natively(&self, iterable: Value) -> bool {
        match self.heap.obj(iterable) {
            Some(Obj::Iter(_)) => self.walks_natively(iterable),
            Some(Obj::Generator(_) | Obj::Instance(_)) => false,
            Some(Obj::Dict(d)) if d.sub.is_some() => {
                self.user_method_of(iterable, sym::__iter__).is_none()
            }
            _ => true,
        }
    }

    /// True if advancing iterator `iter` runs no Python code.
    pub fn walks_natively(&self, iter: Value) -> bool {
        match self.heap.obj(iter) {
            Some(Obj::Iter(state)) => match state {
                IterObj::Seq { seq, .. } => !matches!(self.heap.obj(*seq), Some(Obj::Instance(_))),
                IterObj::Enumerate { inner, .. } => self.walks_natively(*inner),
                IterObj::Zip { iters } => iters.iter().all(|i| self.walks_natively(*i)),
                IterObj::Map { func, iters } => {
                    !self.calls_python(*func) && iters.iter().all(|i| self.walks_natively(*i))
                }
                IterObj::Filter { func, iter } => {
                    !self.calls_python(*func) && self.walks_natively(*iter)
                }
                IterObj::Range { .. }
                | IterObj::Dict { .. }
                | IterObj::Set { .. }
                | IterObj::Reversed { .. }
                | IterObj::Done => true,
            },
            Some(Obj::Generator(_) | Obj::Instance(_)) => false,
            _ => true,
        }
    }

    /// True if comparing, hashing and testing `values` runs no Python code: none of them is
    /// (or holds, in tuples and lists) an instance of a class.
    pub fn compares_natively(&self, values: &[Value]) -> bool {
        values
            .iter()
            .all(|v| self.value_compares_natively(*v, NESTING))
    }

    fn value_compares_natively(&self, value: Value, depth: usize) -> bool {
        match self.heap.obj(value) {
            Some(Obj::Instance(_)) => false,
            Some(Obj::Tuple(items)) if depth > 0 => items
                .iter()
                .all(|v| self.value_compares_natively(*v, depth - 1)),
            Some(Obj::List(items)) if depth > 0 => items
                .iter()
                .all(|v| self.value_compares_natively(*v, depth - 1)),
            Some(Obj::Tuple(_) | Obj::List(_)) => false,
            _ => true,
        }
    }

    /// The items of a list or tuple compare natively (anything else: unknown, so no).
    fn items_compare_natively(&self, iterable: Value) -> bool {
        match self.heap.obj(iterable) {
            Some(Obj::List(items)) => self.compares_natively(items),
            Some(Obj::Tuple(items)) => self.compares_natively(items),
            Some(Obj::Range { .. } | Obj::Str(_) | Obj::Bytes(_)) => true,
            _ => false,
        }
    }

    /// Advances `iter` (borrowed) when that runs Python code: the code runs on `t` and
    /// delivers the next item per `on_return`, or raises `StopIteration`. None when `iter`
    /// advances natively (generators are resumed by their callers).
    pub fn next_call(
        &mut self,
        t: &mut ThreadState,
        iter: Value,
        on_return: OnReturn,
    ) -> PyResult<Option<Called>> {
        let (helper, args): (&str, Vec<Value>) = match self.heap.obj(iter) {
            Some(Obj::Instance(instance)) => {
                let class = instance.class;
                let Some(method) = self.lookup_user(class, sym::__next__) else {
                    return Ok(None);
                };
                self.heap.incref_all([method, iter]);
                let called = self.call_object(t, method, vec![iter], Vec::new(), on_return)?;
                return Ok(Some(called));
            }
            _ if self.walks_natively(iter) => return Ok(None),
            Some(Obj::Iter(IterObj::Map { func, iters })) => {
                let (func, iters) = (*func, iters.clone());
                self.heap.incref(func);
                self.heap.incref_all(iters.iter().copied());
                let iters = self.tuple_value(iters);
                ("map_next", vec![func, iters])
            }
            Some(Obj::Iter(IterObj::Filter { func, iter: inner })) => {
                let (func, inner) = (*func, *inner);
                self.heap.incref_all([func, inner]);
                ("filter_next", vec![func, inner])
            }
            Some(Obj::Iter(IterObj::Zip { iters })) => {
                let iters = iters.clone();
                self.heap.incref_all(iters.iter().copied());
                let iters = self.tuple_value(iters);
                ("zip_next", vec![iters])
            }
            Some(Obj::Iter(IterObj::Enumerate { inner, .. })) => {
                let inner = *inner;
                self.heap.incref_all([iter, inner]);
                ("enumerate_next", vec![iter, inner])
            }
            Some(Obj::Iter(IterObj::Seq { .. })) => {
                self.heap.incref(iter);
                ("getitem_next", vec![iter])
            }
            _ => return Ok(None),
        };
        self.call_helper(t, helper, args, on_return).map(Some)
    }
}

/// The iterator of `iterable` (owned), for a helper to walk.
fn iter_of(vm: &mut Vm, iterable: Value) -> PyResult<Value> {
    vm.get_iter(iterable)
}

/// A keyword argument's value (borrowed), or None.
fn keyword(vm: &Vm, kw: &[(Symbol, Value)], name: &str) -> Option<Value> {
    args::kwarg(vm, kw, name)
}

/// Hands builtin `b` to a helper when its work runs Python code; None when it stays native
/// (which also raises every argument error, so only well-formed calls are handed over).
pub fn delegate(
    vm: &mut Vm,
    t: &mut ThreadState,
    b: Builtin,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Option<Called>> {
    let push = OnReturn::Push;
    match b {
        Builtin::Sum if (1..=2).contains(&a.len()) && kw.iter().all(|(k, _)| *k == sym::start) => {
            let start = a
                .get(1)
                .copied()
                .or_else(|| keyword(vm, kw, "start"))
                .unwrap_or(Value::small_int(0));
            let refused = matches!(vm.heap.obj(start), Some(Obj::Str(_) | Obj::Bytes(_)));
            if vm.iterates_natively(a[0]) || refused {
                return Ok(None);
            }
            let iter = iter_of(vm, a[0])?;
            vm.heap.incref(start);
            vm.call_helper(t, "sum", vec![iter, start], push).map(Some)
        }
        Builtin::Any | Builtin::All if a.len() == 1 && kw.is_empty() => {
            if vm.iterates_natively(a[0]) && vm.items_compare_natively(a[0]) {
                return Ok(None);
            }
            let iter = iter_of(vm, a[0])?;
            let name = if b == Builtin::Any { "any" } else { "all" };
            vm.call_helper(t, name, vec![iter], push).map(Some)
        }
        Builtin::Min | Builtin::Max if !a.is_empty() => {
            if kw.iter().any(|(k, _)| *k != sym::key && *k != sym::default) {
                return Ok(None);
            }
            let key = keyword(vm, kw, "key").unwrap_or(Value::NONE);
            let default = keyword(vm, kw, "default");
            if a.len() > 1 && default.is_some() {
                return Ok(None);
            }
            let native_items = if a.len() == 1 {
                vm.iterates_natively(a[0]) && vm.items_compare_natively(a[0])
            } else {
                vm.compares_natively(a)
            };
            if native_items && !vm.calls_python(key) {
                return Ok(None);
            }
            let iter = if a.len() == 1 {
                iter_of(vm, a[0])?
            } else {
                vm.heap.incref_all(a.iter().copied());
                let items = vm.tuple_value(a.to_vec());
                let iter = vm.get_iter(items);
                vm.heap.decref(items);
                iter?
            };
            let name = b.name();
            let message = if vm.version.bytecode() >= crate::PyVersion::Py312 {
                format!("{name}() iterable argument is empty")
            } else {
                format!("{name}() arg is an empty sequence")
            };
            let message = vm.str_value(&message);
            let default_value = default.unwrap_or(Value::NONE);
            vm.heap.incref_all([key, default_value]);
            let args = vec![
                iter,
                key,
                Value::bool(default.is_some()),
                default_value,
                Value::bool(b == Builtin::Max),
                message,
            ];
            vm.call_helper(t, "min_max", args, push).map(Some)
        }
        Builtin::Sorted | Builtin::ListSort if a.len() == 1 => {
            if kw.iter().any(|(k, _)| *k != sym::key && *k != sym::reverse) {
                return Ok(None);
            }
            let key = keyword(vm, kw, "key").unwrap_or(Value::NONE);
            // `list.sort` sorts a list in place: only its items and the key can run Python.
            let walks = b == Builtin::ListSort || vm.iterates_natively(a[0]);
            if walks && vm.items_compare_natively(a[0]) && !vm.calls_python(key) {
                return Ok(None);
            }
            let reverse = match keyword(vm, kw, "reverse") {
                Some(r) => vm.truthy(r)?,
                None => false,
            };
            vm.heap.incref_all([a[0], key]);
            let args = vec![a[0], key, Value::bool(reverse)];
            let helper = if b == Builtin::Sorted {
                "sorted"
            } else {
                "sort"
            };
            vm.call_helper(t, helper, args, push).map(Some)
        }
        Builtin::ListExtend if a.len() == 2 && kw.is_empty() => {
            if vm.iterates_natively(a[1]) {
                return Ok(None);
            }
            let iter = iter_of(vm, a[1])?;
            vm.heap.incref(a[0]);
            vm.call_helper(t, "extend", vec![a[0], iter], push)
                .map(Some)
        }
        Builtin::StrJoin if a.len() == 2 && kw.is_empty() => {
            if vm.iterates_natively(a[1]) {
                return Ok(None);
            }
            let iter = iter_of(vm, a[1])?;
            vm.heap.incref(a[0]);
            vm.call_helper(t, "join", vec![a[0], iter], push).map(Some)
        }
        Builtin::Next if a.len() == 2 && kw.is_empty() => {
            let iterator = matches!(
                vm.heap.obj(a[0]),
                Some(Obj::Iter(_) | Obj::Instance(_) | Obj::Generator(_))
            );
            if !iterator || vm.walks_natively(a[0]) {
                return Ok(None);
            }
            vm.heap.incref_all([a[0], a[1]]);
            vm.call_helper(t, "next_default", vec![a[0], a[1]], push)
                .map(Some)
        }
        Builtin::Next if a.len() == 1 && kw.is_empty() => vm.next_call(t, a[0], push),
        _ => Ok(None),
    }
}

/// `list(gen)`, `tuple(it)`, `set(...)`, `frozenset(...)`, `dict(pairs)` of an iterable that
/// runs Python code: a helper collects it. None when the constructor stays native.
pub fn delegate_construct(
    vm: &mut Vm,
    t: &mut ThreadState,
    tag: TypeTag,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Option<Called>> {
    if a.len() != 1 || !kw.is_empty() || vm.iterates_natively(a[0]) {
        return Ok(None);
    }
    let (helper, extra) = match tag {
        TypeTag::List => ("collect", None),
        TypeTag::Tuple => ("collect_tuple", None),
        TypeTag::Set => ("collect_set", Some(Value::FALSE)),
        TypeTag::FrozenSet => ("collect_set", Some(Value::TRUE)),
        TypeTag::Dict => ("collect_dict", None),
        _ => return Ok(None),
    };
    // A mapping given to dict() is not walked as pairs.
    if tag == TypeTag::Dict
        && let Some(Obj::Instance(instance)) = vm.heap.obj(a[0])
        && vm.lookup_user(instance.class, sym::keys).is_some()
    {
        return Ok(None);
    }
    if tag == TypeTag::Dict && matches!(vm.heap.obj(a[0]), Some(Obj::Dict(_))) {
        return Ok(None);
    }
    let iter = iter_of(vm, a[0])?;
    let args = std::iter::once(iter).chain(extra).collect();
    vm.call_helper(t, helper, args, OnReturn::Push).map(Some)
}

/// The `_sim` functions the helpers use.
pub fn is_support(b: Builtin) -> bool {
    matches!(
        b,
        Builtin::SimDictAddPair
            | Builtin::SimComparesNatively
            | Builtin::SimSortBy
            | Builtin::SimIndices
            | Builtin::SimReorder
            | Builtin::SimEnumerateCount
            | Builtin::SimSequencePosition
            | Builtin::SimIteratorDone
            | Builtin::SimUserMethod
            | Builtin::SimBinaryNative
            | Builtin::SimCompareNative
            | Builtin::SimTextMethod
            | Builtin::SimCheckedText
            | Builtin::SimTextShape
            | Builtin::SimNativeText
            | Builtin::SimReprEnter
            | Builtin::SimReprLeave
            | Builtin::SimCheckedFormat
            | Builtin::SimNativeFormat
            | Builtin::SimAsciiOf
            | Builtin::SimCheckedIterator
            | Builtin::SimCheckedLen
    )
}

/// Runs one of the `_sim` functions the helpers use (borrowed arguments, owned result).
pub fn support(vm: &mut Vm, b: Builtin, a: &[Value]) -> PyResult<Value> {
    let name = b.name();
    match b {
        Builtin::SimDictAddPair => {
            args::count(vm, name, a, 3, 3)?;
            dict_add_pair(vm, a[0], a[1], a[2])?;
            Ok(Value::NONE)
        }
        Builtin::SimComparesNatively => {
            args::count(vm, name, a, 1, 1)?;
            let items = vm.as_list_items(a[0]).unwrap_or_default();
            Ok(Value::bool(vm.compares_natively(&items)))
        }
        Builtin::SimSortBy => {
            args::count(vm, name, a, 3, 3)?;
            let keys = vm.as_list_items(a[1]).unwrap_or_default();
            let mut order: Vec<usize> = (0..keys.len()).collect();
            let reverse = vm.truthy(a[2])?;
            crate::vm::builtins::core::merge_sort(vm, &mut order, &keys, reverse)?;
            reorder(vm, a[0], &order);
            Ok(Value::NONE)
        }
        Builtin::SimIndices => {
            args::count(vm, name, a, 1, 1)?;
            let n = args::int(vm, a[0])?.max(0);
            let items = (0..n).map(Value::small_int).collect();
            Ok(vm.list_value(items))
        }
        Builtin::SimReorder => {
            args::count(vm, name, a, 2, 2)?;
            let order: Vec<usize> = vm
                .as_list_items(a[1])
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.as_small_int().map(|i| i as usize))
                .collect();
            reorder(vm, a[0], &order);
            Ok(Value::NONE)
        }
        Builtin::SimEnumerateCount => {
            args::count(vm, name, a, 1, 1)?;
            let count = match a[0].as_obj().map(|id| vm.heap.get_mut(id)) {
                Some(Obj::Iter(IterObj::Enumerate { count, .. })) => {
                    let current = *count;
                    *count += 1;
                    current
                }
                _ => 0,
            };
            Ok(vm.int_value(count))
        }
        Builtin::SimSequencePosition => {
            args::count(vm, name, a, 1, 1)?;
            let (seq, index) = match a[0].as_obj().map(|id| vm.heap.get_mut(id)) {
                Some(Obj::Iter(IterObj::Seq { seq, index })) => {
                    let current = *index;
                    *index += 1;
                    (*seq, current)
                }
                _ => (Value::NONE, 0),
            };
            vm.heap.incref(seq);
            let index = vm.int_value(index as i64);
            Ok(vm.tuple_value(vec![seq, index]))
        }
        Builtin::SimIteratorDone => {
            args::count(vm, name, a, 1, 1)?;
            if let Some(id) = a[0].as_obj() {
                vm.finish_iter(id);
            }
            Ok(Value::NONE)
        }
        _ => crate::vm::builtins::dunders::support(vm, b, a),
    }
}

/// Puts `list`'s items in `order` (indices into it as it stands).
fn reorder(vm: &mut Vm, list: Value, order: &[usize]) {
    let items = vm.as_list_items(list).unwrap_or_default();
    let sorted: Vec<Value> = order
        .iter()
        .filter_map(|i| items.get(*i).copied())
        .collect();
    if sorted.len() != items.len() {
        return;
    }
    if let Some(Obj::List(current)) = list.as_obj().map(|id| vm.heap.get_mut(id)) {
        *current = sorted;
    }
}

/// `dict(pairs)`'s step for element `index`: `pair` must be a sequence of two, key and value.
fn dict_add_pair(vm: &mut Vm, dict: Value, index: Value, pair: Value) -> PyResult<()> {
    let index = args::int(vm, index)?;
    let (items, owned) = match vm.heap.obj(pair) {
        Some(Obj::Tuple(items)) => (items.to_vec(), false),
        Some(Obj::List(items)) => (items.clone(), false),
        _ if vm.has_iter(pair) => (vm.collect_iterable(pair)?, true),
        _ => {
            let message =
                format!("cannot convert dictionary update sequence element #{index} to a sequence");
            return Err(vm.type_error(&message));
        }
    };
    let result = match (items.as_slice(), dict.as_obj()) {
        ([key, value], Some(id)) => {
            vm.heap.incref(*value);
            vm.dict_set(id, *key, *value)
        }
        ([_, _], None) => Ok(()),
        _ => {
            let message = format!(
                "dictionary update sequence element #{index} has length {}; 2 is required",
                items.len()
            );
            Err(vm.raise_msg(crate::vm::types::ExcKind::ValueError, &message))
        }
    };
    if owned {
        vm.heap.decref_all(items);
    }
    result
}
