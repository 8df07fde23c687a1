//! Methods of `list` and `tuple`.

use crate::vm::builtins::Builtin;
use crate::vm::builtins::args;
use crate::vm::intern::Symbol;
use crate::vm::object::Obj;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// Calls a `list` or `tuple` method; `a[0]` is the receiver.
pub fn call(vm: &mut Vm, b: Builtin, a: &[Value], kw: &[(Symbol, Value)]) -> PyResult<Value> {
    let name = b.name();
    let owner = b.owner();
    let receiver = a.first().copied().unwrap_or(Value::NONE);
    let ok_receiver = match owner {
        "list" => matches!(vm.heap.obj(receiver), Some(Obj::List(_))),
        _ => matches!(vm.heap.obj(receiver), Some(Obj::Tuple(_))),
    };
    if !ok_receiver {
        return Err(args::wrong_receiver(vm, b, Some(receiver)));
    }
    if b != Builtin::ListSort {
        args::only_kwargs(vm, name, kw, &[])?;
    }
    let rest = &a[1..];
    let id = receiver
        .as_obj()
        .expect("internal error: a list is an object");
    match b {
        Builtin::ListAppend => {
            args::count(vm, name, rest, 1, 1)?;
            vm.heap.incref(rest[0]);
            vm.list_push(receiver, rest[0]);
            Ok(Value::NONE)
        }
        Builtin::ListExtend => {
            args::count(vm, name, rest, 1, 1)?;
            let new_items = vm.collect_iterable(rest[0])?;
            vm.extend_list(receiver, new_items);
            Ok(Value::NONE)
        }
        Builtin::ListInsert => {
            args::count(vm, name, rest, 2, 2)?;
            let index = args::int(vm, rest[0])?;
            let len = items_of(vm, receiver).len() as i64;
            let at = if index < 0 {
                (index + len).max(0)
            } else {
                index.min(len)
            } as usize;
            vm.heap.incref(rest[1]);
            if let Obj::List(list) = vm.heap.get_mut(id) {
                list.insert(at, rest[1]);
            }
            Ok(Value::NONE)
        }
        Builtin::ListPop => {
            args::count(vm, name, rest, 0, 1)?;
            let len = items_of(vm, receiver).len() as i64;
            if len == 0 {
                return Err(vm.raise_msg(ExcKind::IndexError, "pop from empty list"));
            }
            let index = match rest.first() {
                Some(v) => args::int(vm, *v)?,
                None => -1,
            };
            let at = if index < 0 { index + len } else { index };
            if at < 0 || at >= len {
                return Err(vm.raise_msg(ExcKind::IndexError, "pop index out of range"));
            }
            let value = match vm.heap.get_mut(id) {
                Obj::List(list) => list.remove(at as usize),
                _ => Value::NONE,
            };
            Ok(value)
        }
        Builtin::ListRemove => {
            args::count(vm, name, rest, 1, 1)?;
            let position = find(vm, &items_of(vm, receiver), rest[0], 0, usize::MAX)?;
            match position {
                Some(at) => {
                    let value = match vm.heap.get_mut(id) {
                        Obj::List(list) if at < list.len() => list.remove(at),
                        _ => Value::NONE,
                    };
                    vm.heap.decref(value);
                    Ok(Value::NONE)
                }
                None => Err(vm.raise_msg(ExcKind::ValueError, "list.remove(x): x not in list")),
            }
        }
        Builtin::ListIndex | Builtin::TupleIndex => {
            args::count(vm, name, rest, 1, 3)?;
            let values = items_of(vm, receiver);
            let len = values.len() as i64;
            let clamp =
                |i: i64| -> usize { (if i < 0 { (i + len).max(0) } else { i.min(len) }) as usize };
            let start = match rest.get(1) {
                Some(v) => clamp(args::int(vm, *v)?),
                None => 0,
            };
            let end = match rest.get(2) {
                Some(v) => clamp(args::int(vm, *v)?),
                None => values.len(),
            };
            match find(vm, &values, rest[0], start, end)? {
                Some(at) => Ok(Value::small_int(at as i64)),
                None if owner == "list" => {
                    let shown = vm.repr(rest[0])?;
                    let message = format!("{shown} is not in list");
                    Err(vm.raise_msg(ExcKind::ValueError, &message))
                }
                None => Err(vm.raise_msg(ExcKind::ValueError, "tuple.index(x): x not in tuple")),
            }
        }
        Builtin::ListCount | Builtin::TupleCount => {
            args::count(vm, name, rest, 1, 1)?;
            let mut n = 0;
            for item in items_of(vm, receiver) {
                if vm.equals(item, rest[0])? {
                    n += 1;
                }
            }
            Ok(Value::small_int(n))
        }
        Builtin::ListSort => {
            args::only_kwargs(vm, name, kw, &["key", "reverse"])?;
            if !rest.is_empty() {
                return Err(vm.type_error("sort() takes no positional arguments"));
            }
            let key = args::kwarg(vm, kw, "key").unwrap_or(Value::NONE);
            let reverse = match args::kwarg(vm, kw, "reverse") {
                Some(r) => vm.truthy(r)?,
                None => false,
            };
            crate::vm::builtins::core::sort_list(vm, receiver, key, reverse)?;
            Ok(Value::NONE)
        }
        Builtin::ListReverse => {
            args::count(vm, name, rest, 0, 0)?;
            if let Obj::List(list) = vm.heap.get_mut(id) {
                list.reverse();
            }
            Ok(Value::NONE)
        }
        Builtin::ListClear => {
            args::count(vm, name, rest, 0, 0)?;
            vm.clear_list(receiver);
            Ok(Value::NONE)
        }
        Builtin::ListCopy => {
            args::count(vm, name, rest, 0, 0)?;
            let values = items_of(vm, receiver);
            Ok(vm.new_list_from(values))
        }
        _ => unreachable!("internal error: {} is not a list method", b.name()),
    }
}

/// The first position in `start..end` whose item equals `needle`.
fn find(
    vm: &mut Vm,
    items: &[Value],
    needle: Value,
    start: usize,
    end: usize,
) -> PyResult<Option<usize>> {
    for (i, item) in items
        .iter()
        .enumerate()
        .take(end.min(items.len()))
        .skip(start)
    {
        if vm.equals(*item, needle)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// The items of a list or tuple (borrowed).
fn items_of(vm: &Vm, value: Value) -> Vec<Value> {
    match vm.heap.obj(value) {
        Some(Obj::List(items)) => items.clone(),
        Some(Obj::Tuple(items)) => items.to_vec(),
        _ => Vec::new(),
    }
}
