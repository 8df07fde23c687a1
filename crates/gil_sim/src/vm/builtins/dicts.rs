//! Methods of `dict`, `set` and `frozenset`.

use crate::vm::builtins::Builtin;
use crate::vm::builtins::args;
use crate::vm::intern::Symbol;
use crate::vm::object::{DictView, Obj};
use crate::vm::op::BinOp;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// Calls a `dict` or `set` method; `a[0]` is the receiver (or the class for `fromkeys`).
pub fn call(vm: &mut Vm, b: Builtin, a: &[Value], kw: &[(Symbol, Value)]) -> PyResult<Value> {
    let name = b.name();
    if b == Builtin::DictFromkeys {
        let rest = if matches!(vm.heap.obj(a[0]), Some(Obj::Class(_))) {
            &a[1..]
        } else {
            a
        };
        args::count(vm, name, rest, 1, 2)?;
        let value = rest.get(1).copied().unwrap_or(Value::NONE);
        let keys = vm.collect_iterable(rest[0])?;
        let dict = vm.new_dict();
        let id = dict.as_obj().expect("internal error: a dict is an object");
        for key in keys {
            vm.heap.incref(value);
            let result = vm.dict_set(id, key, value);
            vm.heap.decref(key);
            result?;
        }
        return Ok(dict);
    }
    let receiver = a.first().copied().unwrap_or(Value::NONE);
    let is_dict = matches!(vm.heap.obj(receiver), Some(Obj::Dict(_)));
    let is_set = matches!(vm.heap.obj(receiver), Some(Obj::Set(_)));
    if (b.owner() == "dict" && !is_dict) || (b.owner() == "set" && !is_set) {
        return Err(args::wrong_receiver(vm, b, Some(receiver)));
    }
    if b != Builtin::DictUpdate && b != Builtin::DictInit {
        args::only_kwargs(vm, name, kw, &[])?;
    }
    let rest = &a[1..];
    let id = receiver
        .as_obj()
        .expect("internal error: a container is an object");
    match b {
        Builtin::DictGet => {
            args::count(vm, name, rest, 1, 2)?;
            let value = vm
                .dict_get(id, rest[0])?
                .unwrap_or_else(|| rest.get(1).copied().unwrap_or(Value::NONE));
            vm.heap.incref(value);
            Ok(value)
        }
        Builtin::DictKeys | Builtin::DictValues | Builtin::DictItems => {
            args::count(vm, name, rest, 0, 0)?;
            let view = match b {
                Builtin::DictKeys => DictView::Keys,
                Builtin::DictValues => DictView::Values,
                _ => DictView::Items,
            };
            vm.heap.incref(receiver);
            Ok(Value::obj(vm.heap.alloc(Obj::DictView {
                dict: receiver,
                view,
            })))
        }
        Builtin::DictPop => {
            args::count(vm, name, rest, 1, 2)?;
            let key = vm.hash_key(rest[0])?;
            match vm.dict_mut(id).remove(&key) {
                Some((k, v)) => {
                    vm.heap.decref(k);
                    Ok(v)
                }
                None => match rest.get(1) {
                    Some(default) => {
                        vm.heap.incref(*default);
                        Ok(*default)
                    }
                    None => {
                        vm.heap.incref(rest[0]);
                        Err(vm.raise_args(ExcKind::KeyError, vec![rest[0]]))
                    }
                },
            }
        }
        Builtin::DictPopitem => {
            args::count(vm, name, rest, 0, 0)?;
            let Some((key_value, _)) = vm.dict(id).last() else {
                return Err(vm.raise_msg(ExcKind::KeyError, "popitem(): dictionary is empty"));
            };
            let key = vm
                .dict(id)
                .key_of(key_value)
                .expect("internal error: the last key exists");
            let (k, v) = vm
                .dict_mut(id)
                .remove(&key)
                .expect("internal error: the last key exists");
            Ok(vm.tuple_value(vec![k, v]))
        }
        Builtin::DictSetdefault => {
            args::count(vm, name, rest, 1, 2)?;
            if let Some(value) = vm.dict_get(id, rest[0])? {
                vm.heap.incref(value);
                return Ok(value);
            }
            let default = rest.get(1).copied().unwrap_or(Value::NONE);
            vm.heap.incref(default);
            vm.dict_set(id, rest[0], default)?;
            vm.heap.incref(default);
            Ok(default)
        }
        Builtin::DictGetitem => {
            args::count(vm, name, rest, 1, 1)?;
            vm.get_item(receiver, rest[0])
        }
        Builtin::DictSetitem => {
            args::count(vm, name, rest, 2, 2)?;
            vm.heap.incref(rest[1]);
            vm.dict_set(id, rest[0], rest[1])
                .inspect_err(|_| vm.heap.decref(rest[1]))?;
            Ok(Value::NONE)
        }
        Builtin::DictDelitem => {
            args::count(vm, name, rest, 1, 1)?;
            vm.del_item(receiver, rest[0])?;
            Ok(Value::NONE)
        }
        Builtin::DictContains => {
            args::count(vm, name, rest, 1, 1)?;
            Ok(Value::bool(vm.dict_get(id, rest[0])?.is_some()))
        }
        Builtin::DictLen => {
            args::count(vm, name, rest, 0, 0)?;
            Ok(Value::small_int(vm.dict(id).len() as i64))
        }
        Builtin::DictRepr => {
            args::count(vm, name, rest, 0, 0)?;
            let text = vm.dict_repr(id)?;
            Ok(vm.str_value(&text))
        }
        Builtin::DictEq => {
            args::count(vm, name, rest, 1, 1)?;
            if !matches!(vm.heap.obj(rest[0]), Some(Obj::Dict(_))) {
                return Ok(Value::NOT_IMPLEMENTED);
            }
            vm.compare_builtin(crate::vm::op::CmpOp::Eq, receiver, rest[0])
        }
        Builtin::DictUpdate | Builtin::DictInit => {
            args::count(vm, name, rest, 0, 1)?;
            if let Some(other) = rest.first() {
                if matches!(vm.heap.obj(*other), Some(Obj::Dict(_))) {
                    vm.dict_update(id, *other, false, Value::NULL)?;
                } else {
                    let pairs = vm.collect_iterable(*other)?;
                    for (i, pair) in pairs.iter().enumerate() {
                        let items = vm.collect_iterable(*pair);
                        let items = match items {
                            Ok(items) if items.len() == 2 => items,
                            Ok(items) => {
                                let message = format!(
                                    "dictionary update sequence element #{i} has length {}; 2 is required",
                                    items.len()
                                );
                                vm.heap.decref_all(items);
                                vm.heap.decref_all(pairs.clone());
                                return Err(vm.raise_msg(ExcKind::ValueError, &message));
                            }
                            Err(raised) => {
                                vm.heap.decref_all(pairs.clone());
                                return Err(raised);
                            }
                        };
                        vm.dict_set(id, items[0], items[1])?;
                        vm.heap.decref(items[0]);
                    }
                    vm.heap.decref_all(pairs);
                }
            }
            for (key, value) in kw {
                let text = vm.sym_name(*key);
                vm.heap.incref(*value);
                vm.dict_set_name(id, &text, *value);
            }
            Ok(Value::NONE)
        }
        Builtin::DictClear => {
            args::count(vm, name, rest, 0, 0)?;
            let old = vm.dict_mut(id).clear();
            for (k, v) in old {
                vm.heap.decref_all([k, v]);
            }
            Ok(Value::NONE)
        }
        Builtin::DictCopy => {
            args::count(vm, name, rest, 0, 0)?;
            vm.copy_dict(receiver)
        }
        Builtin::SetAdd => {
            args::count(vm, name, rest, 1, 1)?;
            vm.set_add(receiver, rest[0])?;
            Ok(Value::NONE)
        }
        Builtin::SetRemove | Builtin::SetDiscard => {
            args::count(vm, name, rest, 1, 1)?;
            vm.set_remove(receiver, rest[0], b == Builtin::SetRemove)?;
            Ok(Value::NONE)
        }
        Builtin::SetPop => {
            args::count(vm, name, rest, 0, 0)?;
            let first = vm.set_items(receiver).first().copied();
            match first {
                Some(item) => {
                    vm.heap.incref(item);
                    vm.set_remove(receiver, item, true)?;
                    Ok(item)
                }
                None => Err(vm.raise_msg(ExcKind::KeyError, "pop from an empty set")),
            }
        }
        Builtin::SetClear => {
            args::count(vm, name, rest, 0, 0)?;
            let old = match vm.heap.get_mut(id) {
                Obj::Set(s) => s.table.drain(),
                _ => Vec::new(),
            };
            vm.heap.decref_all(old);
            Ok(Value::NONE)
        }
        Builtin::SetCopy => {
            args::count(vm, name, rest, 0, 0)?;
            let frozen = matches!(vm.heap.obj(receiver), Some(Obj::Set(s)) if s.frozen);
            let copy = vm.new_set(frozen);
            for item in vm.set_items(receiver) {
                vm.set_add(copy, item)?;
            }
            Ok(copy)
        }
        Builtin::SetUnion
        | Builtin::SetIntersection
        | Builtin::SetDifference
        | Builtin::SetSymmetricDifference
        | Builtin::SetUpdate => {
            let op = match b {
                Builtin::SetUnion | Builtin::SetUpdate => BinOp::Or,
                Builtin::SetIntersection => BinOp::And,
                Builtin::SetDifference => BinOp::Sub,
                _ => BinOp::Xor,
            };
            let inplace = b == Builtin::SetUpdate;
            let mut current = receiver;
            vm.heap.incref(current);
            for other in rest {
                let other_set = as_set(vm, *other)?;
                let next = vm.set_operator(op, inplace, current, other_set);
                vm.heap.decref_all([other_set, current]);
                current = next?;
            }
            if inplace {
                vm.heap.decref(current);
                return Ok(Value::NONE);
            }
            if rest.is_empty() {
                let copy = vm.set_operator(BinOp::Or, false, current, current);
                vm.heap.decref(current);
                return copy;
            }
            Ok(current)
        }
        Builtin::SetIssubset | Builtin::SetIssuperset | Builtin::SetIsdisjoint => {
            args::count(vm, name, rest, 1, 1)?;
            let other = as_set(vm, rest[0])?;
            let result = match b {
                Builtin::SetIssubset => vm.set_is_subset(receiver, other),
                Builtin::SetIssuperset => vm.set_is_subset(other, receiver),
                _ => {
                    let common = vm.set_operator(BinOp::And, false, receiver, other);
                    common.map(|c| {
                        let empty = vm.set_items(c).is_empty();
                        vm.heap.decref(c);
                        empty
                    })
                }
            };
            vm.heap.decref(other);
            Ok(Value::bool(result?))
        }
        _ => unreachable!("internal error: {} is not a dict or set method", b.name()),
    }
}

/// Any iterable as a set (owned; a set argument is shared).
fn as_set(vm: &mut Vm, value: Value) -> PyResult<Value> {
    if matches!(vm.heap.obj(value), Some(Obj::Set(_))) {
        vm.heap.incref(value);
        return Ok(value);
    }
    let items = vm.collect_iterable(value)?;
    let set = vm.new_set(false);
    for item in items {
        let result = vm.set_add(set, item);
        vm.heap.decref(item);
        if let Err(raised) = result {
            vm.heap.decref(set);
            return Err(raised);
        }
    }
    Ok(set)
}
