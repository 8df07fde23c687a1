//! Every instruction the loop does not handle inline. Each arm is the CPython instruction's
//! stack effect and reference-count changes; the work is in the neighbouring modules.

use std::rc::Rc;

use crate::vm::code::Code;
use crate::vm::decode::{Accessor, property_call_cost};
use crate::vm::eval::Flow;
use crate::vm::frame::{Block, OnReturn, ThreadState};
use crate::vm::intern::{Symbol, sym};
use crate::vm::object::Obj;
use crate::vm::op::{CallLayout, NullPush, Op};
use crate::vm::ops::attr::{Attr, Method, Store};
use crate::vm::ops::call::Called;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Raised, Vm};

/// Executes instruction `at` as decoded (never a superinstruction). `frame.ip` already points
/// past it; jumps overwrite it.
pub fn exec(vm: &mut Vm, t: &mut ThreadState, code: &Code, at: usize) -> PyResult<Flow> {
    let base = t.frame().base as usize;
    let op = code.plain[at];
    match op {
        Op::Nop | Op::Resume | Op::Precall => {}
        Op::LoadFastLoadAttr(_)
        | Op::LoadFastLoadMethod(_)
        | Op::CopyLoadAttr
        | Op::SwapStoreAttr
        | Op::ForIterStoreFast(_)
        | Op::LoadFastBinary(_)
        | Op::LoadConstBinary(_)
        | Op::PopTopJump
        | Op::LoadConstReturn(_)
        | Op::PrecallCall
        | Op::LoadFastCopyLoadAttr(_)
        | Op::LoadConstCall(_)
        | Op::AugAttr { .. } => {
            unreachable!("internal error: superinstructions are not plain code")
        }
        Op::PopTop => {
            let value = t.pop();
            vm.heap.decref(value);
        }
        Op::PushNull => t.push(Value::NULL),
        Op::Copy(n) => {
            let value = t.peek(n as usize);
            vm.heap.incref(value);
            t.push(value);
        }
        Op::Swap(n) => {
            let len = t.stack.len();
            t.stack.swap(len - 1, len - n as usize);
        }
        Op::RotThree => rotate(t, 3),
        Op::RotFour => rotate(t, 4),
        Op::RotN(n) => rotate(t, n as usize),
        Op::DupTopTwo => {
            let (a, b) = (t.peek(2), t.peek(1));
            vm.heap.incref(a);
            vm.heap.incref(b);
            t.push(a);
            t.push(b);
        }
        Op::LoadConst(i) => {
            let value = code.consts[i as usize];
            vm.heap.incref(value);
            t.push(value);
        }
        Op::LoadFast(i) | Op::LoadFastCheck(i) => load_fast(vm, t, code, base, i)?,
        Op::LoadFastAndClear(i) => {
            let value = std::mem::replace(&mut t.stack[base + i as usize], Value::NULL);
            t.push(value);
        }
        Op::StoreFast(i) => store_fast(vm, t, base, i),
        Op::DeleteFast(i) => {
            let value = std::mem::replace(&mut t.stack[base + i as usize], Value::NULL);
            if value.is_null() {
                return Err(vm.unbound_local(code, i));
            }
            vm.heap.decref(value);
        }
        Op::LoadFastLoadFast(a, b) => {
            load_fast(vm, t, code, base, a)?;
            load_fast(vm, t, code, base, b)?;
        }
        Op::StoreFastLoadFast(a, b) => {
            store_fast(vm, t, base, a);
            load_fast(vm, t, code, base, b)?;
        }
        Op::StoreFastStoreFast(a, b) => {
            store_fast(vm, t, base, a);
            store_fast(vm, t, base, b);
        }
        Op::LoadName(i) => {
            let name = code.names[i as usize];
            let value = vm.load_name(t, name)?;
            t.push(value);
        }
        Op::StoreName(i) => {
            let name = code.names[i as usize];
            let value = t.pop();
            let namespace = t.frame().locals;
            vm.store_in_namespace(namespace, name, value)?;
        }
        Op::DeleteName(i) => {
            let name = code.names[i as usize];
            let namespace = t.frame().locals;
            vm.delete_from_namespace(namespace, name)?;
        }
        Op::LoadGlobal { name, null } => {
            let symbol = code.names[name as usize];
            let value = vm.load_global(t, code, at, symbol)?;
            // Noted as the fast path notes it (a read for lost-update detection).
            if vm.races.enabled {
                let loc = crate::vm::races::Loc::global(t.frame().globals, symbol);
                t.reads.push(loc, value, code.lines[at]);
            }
            if null == NullPush::Before {
                t.push(Value::NULL);
            }
            t.push(value);
            if null == NullPush::After {
                t.push(Value::NULL);
            }
        }
        Op::StoreGlobal(i) => {
            let name = code.names[i as usize];
            let value = t.pop();
            let globals = t.frame().globals;
            // The value replaced, kept alive for the lost-update check as the fast path does.
            let old = match vm.races.enabled {
                true => vm
                    .dict_get_name(globals, &vm.sym_name(name))
                    .unwrap_or(Value::NULL),
                false => Value::NULL,
            };
            vm.heap.incref(old);
            let stored = vm.store_in_namespace(Value::obj(globals), name, value);
            if stored.is_ok() && vm.races.enabled {
                let loc = crate::vm::races::Loc::global(globals, name);
                vm.watch_write(t, loc, old, code, at);
            }
            vm.heap.decref(old);
            stored?;
            vm.fill_global_cache(code, at, globals, &vm.sym_name(name));
        }
        Op::DeleteGlobal(i) => {
            let name = code.names[i as usize];
            let globals = Value::obj(t.frame().globals);
            vm.delete_from_namespace(globals, name)?;
        }
        Op::LoadDeref(i) => {
            let value = vm.cell_get(t.stack[base + i as usize]);
            if value.is_null() {
                return Err(vm.unbound_local(code, i));
            }
            vm.heap.incref(value);
            t.push(value);
        }
        Op::StoreDeref(i) => {
            let value = t.pop();
            vm.cell_set(t.stack[base + i as usize], value);
        }
        Op::LoadClosure(i) => {
            let cell = t.stack[base + i as usize];
            vm.heap.incref(cell);
            t.push(cell);
        }
        Op::MakeCell(i) => {
            let slot = base + i as usize;
            let initial = std::mem::replace(&mut t.stack[slot], Value::NULL);
            t.stack[slot] = Value::obj(vm.heap.alloc(Obj::Cell(initial)));
        }
        Op::CopyFreeVars(n) => {
            let func = t.frame().func;
            let cells = vm.closure_items(func);
            let first = base + code.localsplus.len() - n as usize;
            for (i, cell) in cells.into_iter().enumerate().take(n as usize) {
                vm.heap.incref(cell);
                t.stack[first + i] = cell;
            }
        }
        Op::LoadLocals => {
            let locals = t.frame().locals;
            if locals.is_null() {
                return Err(vm.raise_msg(ExcKind::SystemError, "no locals found"));
            }
            vm.heap.incref(locals);
            t.push(locals);
        }
        Op::LoadFromDictOrDeref(i) => {
            let mapping = t.pop();
            let name = code.localsplus[i as usize];
            let found = match mapping.as_obj() {
                Some(dict) if matches!(vm.heap.get(dict), Obj::Dict(_)) => {
                    vm.dict_get_name(dict, &vm.sym_name(name))
                }
                _ => None,
            };
            vm.heap.decref(mapping);
            let value = match found {
                Some(value) => value,
                None => {
                    let value = vm.cell_get(t.stack[base + i as usize]);
                    if value.is_null() {
                        return Err(vm.unbound_local(code, i));
                    }
                    value
                }
            };
            vm.heap.incref(value);
            t.push(value);
        }
        Op::LoadAttr(i) => {
            let name = code.names[i as usize];
            let obj = t.top();
            match vm.get_attr(obj, name)? {
                Attr::Value(value) => {
                    vm.fill_slot_cache(code, at, obj, name);
                    t.pop();
                    vm.heap.decref(obj);
                    t.push(value);
                }
                Attr::Getter { fget } => {
                    t.pop();
                    vm.heap.incref(fget);
                    vm.clock.0 += property_call_cost(vm.version, Accessor::Getter);
                    let called = vm.call_object(t, fget, vec![obj], Vec::new(), OnReturn::Push)?;
                    return vm.deliver(t, called);
                }
            }
        }
        Op::LoadMethod { name, layout } => {
            let symbol = code.names[name as usize];
            let obj = t.top();
            let method = vm.load_method(obj, symbol)?;
            t.pop();
            match method {
                Method::Unbound(func) => {
                    vm.fill_method_cache(code, at, obj, func);
                    push_pair(t, layout, func, obj);
                }
                Method::Attr(Attr::Value(value)) => {
                    vm.heap.decref(obj);
                    push_pair(t, layout, Value::NULL, value);
                }
                Method::Attr(Attr::Getter { fget }) => {
                    // The property's value is computed by a frame; push the NULL first.
                    if layout == CallLayout::NullFirst {
                        t.push(Value::NULL);
                    }
                    vm.heap.incref(fget);
                    vm.clock.0 += property_call_cost(vm.version, Accessor::Getter);
                    if layout == CallLayout::NullSecond {
                        return Err(vm.raise_msg(
                            ExcKind::NotImplementedError,
                            "calling a property's value directly is not supported yet",
                        ));
                    }
                    let called = vm.call_object(t, fget, vec![obj], Vec::new(), OnReturn::Push)?;
                    return vm.deliver(t, called);
                }
            }
        }
        Op::LoadSuperAttr {
            name,
            method,
            layout,
        } => {
            let symbol = code.names[name as usize];
            let this = t.pop();
            let class = t.pop();
            let global_super = t.pop();
            vm.heap.decref(global_super);
            let Some(class_id) = class
                .as_obj()
                .filter(|id| matches!(vm.heap.get(*id), Obj::Class(_)))
            else {
                vm.heap.decref_all([class, this]);
                return Err(
                    vm.type_error("super(type, obj): obj must be an instance or subtype of type")
                );
            };
            let value = vm.super_attr(class_id, this, symbol);
            vm.heap.decref(class);
            let value = match value {
                Ok(value) => value,
                Err(raised) => {
                    vm.heap.decref(this);
                    return Err(raised);
                }
            };
            if method {
                if let Some(Obj::Method { func, this: bound }) = vm.heap.obj(value)
                    && *bound == this
                {
                    let func = *func;
                    vm.heap.incref(func);
                    vm.heap.decref(value);
                    push_pair(t, layout, func, this);
                } else {
                    vm.heap.decref(this);
                    push_pair(t, layout, Value::NULL, value);
                }
            } else {
                vm.heap.decref(this);
                t.push(value);
            }
        }
        Op::StoreAttr(i) => {
            let name = code.names[i as usize];
            let obj = t.pop();
            let value = t.pop();
            // The class's own `__setattr__` runs as a frame on this thread: it may switch and
            // block (a manager's proxy sends the write to the manager's process).
            if let Some(method) = vm.user_method_of(obj, sym::__setattr__) {
                vm.heap.incref(method);
                let key = vm.name_value(name);
                return call_discarding(vm, t, method, vec![obj, key, value]);
            }
            let result = vm.set_attr(obj, name, value);
            match result {
                Ok(Store::Done) => {
                    vm.fill_slot_cache(code, at, obj, name);
                    vm.heap.decref_all([obj, value]);
                }
                Ok(Store::Setter { fset }) => {
                    vm.heap.incref(fset);
                    vm.clock.0 += property_call_cost(vm.version, Accessor::Setter);
                    return call_discarding(vm, t, fset, vec![obj, value]);
                }
                Err(raised) => {
                    vm.heap.decref_all([obj, value]);
                    return Err(raised);
                }
            }
        }
        Op::DeleteAttr(i) => {
            let name = code.names[i as usize];
            let obj = t.pop();
            let result = vm.del_attr(obj, name);
            vm.heap.decref(obj);
            result?;
        }
        Op::BinarySubscr => {
            let key = t.pop();
            let container = t.pop();
            if let Some(method) = vm.user_method_of(container, sym::__getitem__) {
                return vm.call_dunder(t, method, vec![container, key], OnReturn::Push);
            }
            let result = vm.get_item(container, key);
            vm.heap.decref_all([container, key]);
            t.push(result?);
        }
        Op::StoreSubscr => {
            let key = t.pop();
            let container = t.pop();
            let value = t.pop();
            if let Some(method) = vm.user_method_of(container, sym::__setitem__) {
                return vm.call_dunder(t, method, vec![container, key, value], OnReturn::Discard);
            }
            let result = vm.set_item(container, key, value);
            vm.heap.decref_all([container, key, value]);
            result?;
        }
        Op::DeleteSubscr => {
            let key = t.pop();
            let container = t.pop();
            if let Some(method) = vm.user_method_of(container, sym::__delitem__) {
                return vm.call_dunder(t, method, vec![container, key], OnReturn::Discard);
            }
            let result = vm.del_item(container, key);
            vm.heap.decref_all([container, key]);
            result?;
        }
        Op::BinarySlice => {
            let stop = t.pop();
            let start = t.pop();
            let container = t.pop();
            let slice = vm.new_slice(start, stop, Value::NONE);
            if let Some(method) = vm.user_method_of(container, sym::__getitem__) {
                return vm.call_dunder(t, method, vec![container, slice], OnReturn::Push);
            }
            let result = vm.get_item(container, slice);
            vm.heap.decref_all([container, slice]);
            t.push(result?);
        }
        Op::StoreSlice => {
            let stop = t.pop();
            let start = t.pop();
            let container = t.pop();
            let value = t.pop();
            let slice = vm.new_slice(start, stop, Value::NONE);
            if let Some(method) = vm.user_method_of(container, sym::__setitem__) {
                return vm.call_dunder(t, method, vec![container, slice, value], OnReturn::Discard);
            }
            let result = vm.set_item(container, slice, value);
            vm.heap.decref_all([container, slice, value]);
            result?;
        }
        Op::BuildSlice(n) => {
            let step = if n == 3 { t.pop() } else { Value::NONE };
            let stop = t.pop();
            let start = t.pop();
            let slice = vm.new_slice(start, stop, step);
            t.push(slice);
        }
        Op::BuildTuple(n) => {
            let items = t.pop_n(n as usize);
            let tuple = vm.tuple_value(items);
            t.push(tuple);
        }
        Op::BuildList(n) => {
            let items = t.pop_n(n as usize);
            let list = vm.list_value(items);
            t.push(list);
        }
        Op::BuildSet(n) => {
            let items = t.pop_n(n as usize);
            let set = vm.new_set(false);
            let mut failure = None;
            for item in items {
                if failure.is_some() {
                    vm.heap.decref(item);
                    continue;
                }
                if let Err(raised) = vm.set_add(set, item) {
                    failure = Some(raised);
                }
                vm.heap.decref(item);
            }
            if let Some(raised) = failure {
                vm.heap.decref(set);
                return Err(raised);
            }
            t.push(set);
        }
        Op::BuildMap(n) => {
            let items = t.pop_n(2 * n as usize);
            let dict = vm.new_dict();
            let id = dict.as_obj().expect("internal error: a dict is an object");
            let mut failure = None;
            for pair in items.chunks(2) {
                if failure.is_none() {
                    match vm.dict_set(id, pair[0], pair[1]) {
                        Ok(()) => {}
                        Err(raised) => {
                            failure = Some(raised);
                            vm.heap.decref(pair[1]);
                        }
                    }
                } else {
                    vm.heap.decref(pair[1]);
                }
                vm.heap.decref(pair[0]);
            }
            if let Some(raised) = failure {
                vm.heap.decref(dict);
                return Err(raised);
            }
            t.push(dict);
        }
        Op::BuildConstKeyMap(n) => {
            let keys = t.pop();
            let values = t.pop_n(n as usize);
            let key_items = vm.as_tuple_items(keys).unwrap_or_default();
            let dict = vm.new_dict();
            let id = dict.as_obj().expect("internal error: a dict is an object");
            for (key, value) in key_items.into_iter().zip(values) {
                vm.dict_set(id, key, value)?;
            }
            vm.heap.decref(keys);
            t.push(dict);
        }
        Op::BuildString(n) => {
            let parts = t.pop_n(n as usize);
            let mut text = String::new();
            for part in &parts {
                if let Some(s) = vm.as_str(*part) {
                    text.push_str(s);
                }
            }
            vm.heap.decref_all(parts);
            let value = vm.str_value(&text);
            t.push(value);
        }
        Op::ListAppend(i) => {
            let value = t.pop();
            let list = t.peek(i as usize);
            vm.list_push(list, value);
        }
        Op::ListExtend(i) => {
            let iterable = t.pop();
            let list = t.peek(i as usize);
            let items = vm.collect_iterable(iterable);
            let items = match items {
                Ok(items) => items,
                Err(raised) => {
                    let is_type_error = vm.isinstance(raised.0, vm.types.exc(ExcKind::TypeError));
                    if is_type_error && !vm.has_iter(iterable) {
                        vm.heap.decref(raised.0);
                        let message = format!(
                            "Value after * must be an iterable, not {}",
                            vm.type_name(iterable)
                        );
                        vm.heap.decref(iterable);
                        return Err(vm.type_error(&message));
                    }
                    vm.heap.decref(iterable);
                    return Err(raised);
                }
            };
            vm.heap.decref(iterable);
            for item in items {
                vm.list_push(list, item);
            }
        }
        Op::ListToTuple => {
            let list = t.pop();
            let items = vm.as_list_items(list).unwrap_or_default();
            for item in &items {
                vm.heap.incref(*item);
            }
            vm.heap.decref(list);
            let tuple = vm.tuple_value(items);
            t.push(tuple);
        }
        Op::SetAdd(i) => {
            let value = t.pop();
            let set = t.peek(i as usize);
            let result = vm.set_add(set, value);
            vm.heap.decref(value);
            result?;
        }
        Op::SetUpdate(i) => {
            let iterable = t.pop();
            let set = t.peek(i as usize);
            let items = vm.collect_iterable(iterable);
            vm.heap.decref(iterable);
            for item in items? {
                let result = vm.set_add(set, item);
                vm.heap.decref(item);
                result?;
            }
        }
        Op::MapAdd(i) => {
            let value = t.pop();
            let key = t.pop();
            let dict = t
                .peek(i as usize)
                .as_obj()
                .expect("internal error: MAP_ADD needs a dict");
            let result = vm.dict_set(dict, key, value);
            vm.heap.decref(key);
            result?;
        }
        Op::DictUpdate(i) | Op::DictMerge(i) => {
            let update = t.pop();
            let dict = t
                .peek(i as usize)
                .as_obj()
                .expect("internal error: DICT_UPDATE needs a dict");
            let merge = matches!(op, Op::DictMerge(_));
            let result = vm.dict_update(dict, update, merge, t.peek(i as usize + 2));
            vm.heap.decref(update);
            result?;
        }
        Op::UnpackSequence(n) => {
            let value = t.pop();
            let items = vm.unpack(value, n as usize, None);
            vm.heap.decref(value);
            for item in items?.into_iter().rev() {
                t.push(item);
            }
        }
        Op::UnpackEx(before, after) => {
            let value = t.pop();
            let items = vm.unpack(value, before as usize, Some(after as usize));
            vm.heap.decref(value);
            for item in items?.into_iter().rev() {
                t.push(item);
            }
        }
        Op::Binary(bin) | Op::Inplace(bin) => {
            let right = t.pop();
            let left = t.pop();
            let inplace = matches!(op, Op::Inplace(_));
            if let Some(flow) = vm.binary_by_helper(t, bin, inplace, left, right) {
                return flow;
            }
            let result = vm.binary_op(bin, inplace, left, right);
            vm.heap.decref_all([left, right]);
            t.push(result?);
        }
        Op::UnaryNegative | Op::UnaryPositive | Op::UnaryInvert => {
            let value = t.pop();
            let result = vm.unary_op(op, value);
            vm.heap.decref(value);
            t.push(result?);
        }
        Op::UnaryNot => {
            let value = t.pop();
            let truth = vm.truthy(value);
            vm.heap.decref(value);
            t.push(Value::bool(!truth?));
        }
        Op::ToBool => {
            let value = t.pop();
            let truth = vm.truthy(value);
            vm.heap.decref(value);
            t.push(Value::bool(truth?));
        }
        Op::Compare(cmp) => {
            let right = t.pop();
            let left = t.pop();
            if let Some(flow) = vm.compare_by_helper(t, cmp, left, right) {
                return flow;
            }
            let result = vm.compare(cmp, left, right);
            vm.heap.decref_all([left, right]);
            t.push(result?);
        }
        Op::Is(invert) => {
            let right = t.pop();
            let left = t.pop();
            let same = vm.is_same(left, right);
            vm.heap.decref_all([left, right]);
            t.push(Value::bool(same != invert));
        }
        Op::Contains(invert) => {
            let container = t.pop();
            let item = t.pop();
            if let Some(flow) = vm.contains_by_helper(t, container, item, invert) {
                return flow;
            }
            let found = vm.contains(container, item);
            vm.heap.decref_all([container, item]);
            t.push(Value::bool(found? != invert));
        }
        Op::FormatValue { conversion, spec } => {
            let spec_value = if spec { t.pop() } else { Value::NULL };
            let value = t.pop();
            if let Some(flow) = vm.format_by_helper(t, value, conversion, spec_value) {
                return flow;
            }
            let converted = vm.convert(value, conversion);
            vm.heap.decref(value);
            let converted = converted?;
            let result = vm.format_to_value(converted, spec_value);
            vm.heap.decref_all([converted, spec_value]);
            t.push(result?);
        }
        Op::ConvertValue(conversion) => {
            let value = t.pop();
            if let Some(flow) = vm.format_by_helper(t, value, conversion, Value::NULL) {
                return flow;
            }
            let converted = vm.convert(value, conversion);
            vm.heap.decref(value);
            t.push(converted?);
        }
        Op::FormatSimple => {
            let value = t.pop();
            if let Some(flow) = vm.format_by_helper(t, value, 0, Value::NULL) {
                return flow;
            }
            let result = vm.format_to_value(value, Value::NULL);
            vm.heap.decref(value);
            t.push(result?);
        }
        Op::FormatWithSpec => {
            let spec_value = t.pop();
            let value = t.pop();
            if let Some(flow) = vm.format_by_helper(t, value, 0, spec_value) {
                return flow;
            }
            let result = vm.format_to_value(value, spec_value);
            vm.heap.decref_all([value, spec_value]);
            t.push(result?);
        }
        Op::Call { argc, layout } => {
            let names = std::mem::replace(&mut t.kw_names, Value::NULL);
            return vm.op_call(t, argc as usize, layout, names);
        }
        Op::CallFromC { argc, layout } => {
            let names = std::mem::replace(&mut t.kw_names, Value::NULL);
            let depth = t.frames.len();
            let flow = vm.op_call(t, argc as usize, layout, names);
            vm.charge_c_entering_python(t, depth);
            return flow;
        }
        Op::CallKwTuple(argc) => {
            let names = t.pop();
            let result = vm.op_call(t, argc as usize, CallLayout::Plain, names);
            vm.heap.decref(names);
            return result;
        }
        Op::CallKw(argc) => {
            let names = t.pop();
            let result = vm.op_call(t, argc as usize, CallLayout::NullSecond, names);
            vm.heap.decref(names);
            return result;
        }
        Op::KwNames(i) => t.kw_names = code.consts[i as usize],
        Op::CallFunctionEx { kwargs, layout } => {
            let depth = t.frames.len();
            let flow = vm.op_call_ex(t, kwargs, layout);
            if code.native {
                vm.charge_c_entering_python(t, depth);
            }
            return flow;
        }
        Op::CallIntrinsic1(which) => {
            let value = t.pop();
            let result = match which {
                2 => {
                    let namespace = t.frame().locals;
                    vm.import_star(namespace, value).map(|()| Value::NONE)
                }
                3 => {
                    vm.heap.incref(value);
                    Ok(vm.stop_iteration_to_runtime_error(value))
                }
                5 => vm.unary_op(Op::UnaryPositive, value),
                6 => {
                    let items = vm.as_list_items(value).unwrap_or_default();
                    for item in &items {
                        vm.heap.incref(*item);
                    }
                    Ok(vm.tuple_value(items))
                }
                other => Err(vm.raise_msg(
                    ExcKind::SystemError,
                    &format!("intrinsic function {other} is not modelled"),
                )),
            };
            vm.heap.decref(value);
            t.push(result?);
        }
        Op::MakeFunction { flags, qualname } => {
            let qualname_value = if qualname { t.pop() } else { Value::NULL };
            let code_value = t.pop();
            let func = vm.make_function(code_value, qualname_value, t.frame().globals);
            vm.heap.decref_all([code_value, qualname_value]);
            for flag in [8u8, 4, 2, 1] {
                if flags & flag != 0 {
                    let attr = t.pop();
                    vm.set_function_attribute(func, flag, attr);
                }
            }
            t.push(func);
        }
        Op::SetFunctionAttribute(flag) => {
            let func = t.pop();
            let attr = t.pop();
            vm.set_function_attribute(func, flag, attr);
            t.push(func);
        }
        Op::ReturnValue => {
            let value = t.pop();
            return vm.op_return(t, value);
        }
        Op::ReturnConst(i) => {
            let value = code.consts[i as usize];
            vm.heap.incref(value);
            return vm.op_return(t, value);
        }
        Op::Jump(target) => t.frame_mut().ip = target,
        Op::PopJumpIfFalse(target) | Op::PopJumpIfTrue(target) => {
            let value = t.pop();
            let truth = match value.as_bool() {
                Some(b) => b,
                None => {
                    t.slow_dispatch = true;
                    let truth = vm.truthy(value);
                    vm.heap.decref(value);
                    truth?
                }
            };
            if truth == matches!(op, Op::PopJumpIfTrue(_)) {
                t.frame_mut().ip = target;
            }
        }
        Op::PopJumpIfNone(target) | Op::PopJumpIfNotNone(target) => {
            let value = t.pop();
            vm.heap.decref(value);
            if value.is_none() == matches!(op, Op::PopJumpIfNone(_)) {
                t.frame_mut().ip = target;
            }
        }
        Op::JumpIfFalseOrPop(target) | Op::JumpIfTrueOrPop(target) => {
            let value = t.top();
            let truth = match value.as_bool() {
                Some(b) => b,
                None => {
                    t.slow_dispatch = true;
                    vm.truthy(value)?
                }
            };
            if truth == matches!(op, Op::JumpIfTrueOrPop(_)) {
                t.frame_mut().ip = target;
            } else {
                t.pop();
                vm.heap.decref(value);
            }
        }
        Op::GetIter => {
            let value = t.pop();
            if let Some((method, owner)) = vm.iter_by_method(value) {
                vm.heap.decref(value);
                let called = vm.call_helper(t, "iter_of", vec![method, owner], OnReturn::Push)?;
                return vm.deliver(t, called);
            }
            let iter = vm.get_iter(value);
            vm.heap.decref(value);
            t.push(iter?);
        }
        Op::ForIter(exit) => {
            let iter = t.top();
            if let Some(Obj::Generator(_)) = vm.heap.obj(iter) {
                let mode = crate::vm::generator::GenMode::ForIter { exit };
                if code.native {
                    vm.clock.0 += crate::vm::decode::C_RESUMES_GENERATOR;
                }
                if vm.resume_generator(t, iter, Value::NONE, mode)? {
                    return Ok(Flow::Reload);
                }
                t.pop();
                vm.heap.decref(iter);
                t.frame_mut().ip = exit;
                return Ok(Flow::Next);
            }
            let on_return = OnReturn::ForIterNext { exit };
            let next = match vm.next_call(t, iter, on_return) {
                Ok(Some(called)) => return vm.deliver(t, called),
                Ok(None) => vm.iter_next(iter),
                Err(raised) => Err(raised),
            };
            match next {
                Ok(Some(value)) => t.push(value),
                Ok(None) => {
                    t.pop();
                    vm.heap.decref(iter);
                    t.frame_mut().ip = exit;
                }
                Err(raised) if vm.isinstance(raised.0, vm.types.exc(ExcKind::StopIteration)) => {
                    vm.heap.decref(raised.0);
                    t.pop();
                    vm.heap.decref(iter);
                    t.frame_mut().ip = exit;
                }
                Err(raised) => return Err(raised),
            }
        }
        Op::EndFor(n) => {
            for _ in 0..n {
                let value = t.pop();
                vm.heap.decref(value);
            }
        }
        Op::SetupFinally(handler) => {
            let level = t.stack.len() as u32;
            t.frame_mut().push_block(Block::Finally { handler, level });
        }
        Op::PopBlock => {
            t.frame_mut().pop_block();
        }
        Op::SetupWith(handler) => return vm.op_enter_with(t, Some(handler)),
        Op::BeforeWith => return vm.op_enter_with(t, None),
        Op::PopExcept => {
            if code.version.is_311_plus() {
                let previous = t.pop();
                let old = std::mem::replace(&mut t.handled, previous);
                vm.heap.decref(old);
            } else {
                match t.frame_mut().pop_block() {
                    Some(Block::ExceptHandler { .. }) => {}
                    _ => {
                        return Err(vm.raise_msg(
                            ExcKind::SystemError,
                            "popped block is not an except handler",
                        ));
                    }
                }
                let saved = t.pop_n(3);
                vm.restore_handled(t, saved);
            }
        }
        Op::PushExcInfo => {
            let value = t.pop();
            let previous = std::mem::replace(&mut t.handled, value);
            vm.heap.incref(value);
            t.push(previous);
            t.push(value);
        }
        Op::CheckExcMatch => {
            let target = t.pop();
            let exc = t.top();
            let matched = vm.exception_matches(exc, target);
            vm.heap.decref(target);
            t.push(Value::bool(matched?));
        }
        Op::JumpIfNotExcMatch(target) => {
            let right = t.pop();
            let left = t.pop();
            let matched = vm.exception_matches(left, right);
            vm.heap.decref_all([left, right]);
            if !matched? {
                t.frame_mut().ip = target;
            }
        }
        Op::Reraise(_) => {
            let exc = if code.version.is_311_plus() {
                t.pop()
            } else {
                let exc_type = t.pop();
                let value = t.pop();
                let tb = t.pop();
                vm.heap.decref_all([exc_type, tb]);
                value
            };
            t.reraise = true;
            return Err(Raised(exc));
        }
        Op::RaiseVarargs(n) => return vm.op_raise(t, n),
        Op::WithExceptStart => {
            let (exit, exc) = if code.version.is_311_plus() {
                (t.peek(4), t.peek(1))
            } else {
                (t.peek(7), t.peek(2))
            };
            let exc_type = Value::obj(vm.type_of(exc));
            vm.heap.incref_all([exit, exc_type, exc]);
            let called = vm.call_object(
                t,
                exit,
                vec![exc_type, exc, Value::NONE],
                Vec::new(),
                OnReturn::Push,
            )?;
            return vm.deliver(t, called);
        }
        Op::LoadAssertionError => {
            let class = Value::obj(vm.types.exc(ExcKind::AssertionError));
            t.push(class);
        }
        Op::ImportName(i) => {
            let name = code.names[i as usize];
            let fromlist = t.pop();
            let level = t.pop();
            let module = vm.import_name(name, fromlist);
            vm.heap.decref_all([fromlist, level]);
            t.push(module?);
        }
        Op::ImportFrom(i) => {
            let name = code.names[i as usize];
            let module = t.top();
            let value = vm.import_from(module, name)?;
            t.push(value);
        }
        Op::ImportStar => {
            let module = t.pop();
            let namespace = t.frame().locals;
            let result = vm.import_star(namespace, module);
            vm.heap.decref(module);
            result?;
        }
        Op::LoadBuildClass => {
            let builder = vm.builtin_object(crate::vm::builtins::Builtin::BuildClass);
            t.push(builder);
        }
        Op::GenStart => {
            let sent = t.pop();
            vm.heap.decref(sent);
        }
        Op::ReturnGenerator => return vm.suspend_new_generator(t),
        Op::YieldValue => {
            let value = t.pop();
            return vm.yield_value(t, value);
        }
        Op::GetYieldFromIter => {
            let value = t.top();
            if !matches!(vm.heap.obj(value), Some(Obj::Generator(_))) {
                let iter = vm.get_iter(value)?;
                t.set_peek(1, iter);
                vm.heap.decref(value);
            }
        }
        Op::YieldFrom => {
            let sent = t.pop();
            let receiver = t.top();
            if let Some(Obj::Generator(_)) = vm.heap.obj(receiver) {
                let mode = crate::vm::generator::GenMode::YieldFrom { at: at as u32 };
                if vm.resume_generator(t, receiver, sent, mode)? {
                    return Ok(Flow::Reload);
                }
                t.pop();
                vm.heap.decref(receiver);
                t.push(Value::NONE);
                return Ok(Flow::Next);
            }
            match vm.delegate_send(receiver, sent)? {
                Ok(value) => {
                    // Run YIELD_FROM again when resumed, with the next sent value.
                    t.frame_mut().ip = at as u32;
                    return vm.yield_value(t, value);
                }
                Err(result) => {
                    t.pop();
                    vm.heap.decref(receiver);
                    t.push(result);
                }
            }
        }
        Op::Send(target) => {
            let sent = t.pop();
            let receiver = t.top();
            if let Some(Obj::Generator(_)) = vm.heap.obj(receiver) {
                let mode = crate::vm::generator::GenMode::Send { exit: target };
                if vm.resume_generator(t, receiver, sent, mode)? {
                    return Ok(Flow::Reload);
                }
                if code.version.bytecode() == crate::version::PyVersion::Py311 {
                    t.pop();
                    vm.heap.decref(receiver);
                }
                t.push(Value::NONE);
                t.frame_mut().ip = target;
                return Ok(Flow::Next);
            }
            match vm.delegate_send(receiver, sent)? {
                Ok(value) => t.push(value),
                Err(result) => {
                    if code.version.bytecode() == crate::version::PyVersion::Py311 {
                        t.pop();
                        vm.heap.decref(receiver);
                    }
                    t.push(result);
                    t.frame_mut().ip = target;
                }
            }
        }
        Op::EndSend => {
            let value = t.pop();
            let receiver = t.pop();
            vm.heap.decref(receiver);
            t.push(value);
        }
        Op::CleanupThrow => {
            let exc = t.pop();
            let last_sent = t.pop();
            let sub_iter = t.pop();
            vm.heap.decref_all([last_sent, sub_iter]);
            if vm.isinstance(exc, vm.types.exc(ExcKind::StopIteration)) {
                let args = vm.exc_data(exc).map_or(Value::NONE, |d| d.args);
                let value = vm
                    .as_tuple_items(args)
                    .and_then(|a| a.first().copied())
                    .unwrap_or(Value::NONE);
                vm.heap.incref(value);
                vm.heap.decref(exc);
                t.push(Value::NONE);
                t.push(value);
            } else {
                t.reraise = true;
                return Err(Raised(exc));
            }
        }
        Op::SetupAnnotations => {
            let namespace = t.frame().locals;
            if let Some(dict) = namespace.as_obj()
                && vm.dict_get_name(dict, "__annotations__").is_none()
            {
                let annotations = vm.new_dict();
                vm.dict_set_name(dict, "__annotations__", annotations);
            }
        }
    }
    Ok(Flow::Next)
}

fn rotate(t: &mut ThreadState, n: usize) {
    let len = t.stack.len();
    t.stack[len - n..].rotate_right(1);
}

#[inline]
fn load_fast(vm: &mut Vm, t: &mut ThreadState, code: &Code, base: usize, i: u16) -> PyResult<()> {
    let value = t.stack[base + i as usize];
    if value.is_null() {
        return Err(vm.unbound_local(code, i));
    }
    vm.heap.incref(value);
    t.push(value);
    Ok(())
}

#[inline]
fn store_fast(vm: &mut Vm, t: &mut ThreadState, base: usize, i: u16) {
    let value = t.pop();
    let old = std::mem::replace(&mut t.stack[base + i as usize], value);
    vm.heap.decref(old);
}

/// Pushes a method pair in the version's order: `[func, self]`/`[NULL, attr]` or the reverse.
fn push_pair(t: &mut ThreadState, layout: CallLayout, first: Value, second: Value) {
    match layout {
        CallLayout::NullSecond if first.is_null() => {
            t.push(second);
            t.push(Value::NULL);
        }
        _ => {
            t.push(first);
            t.push(second);
        }
    }
}

impl Vm {
    /// `LOAD_NAME`: the frame's namespace, then globals, then builtins.
    fn load_name(&mut self, t: &ThreadState, name: Symbol) -> PyResult<Value> {
        let frame = t.frame();
        let text = self.sym_name(name);
        if let Some(dict) = frame.locals.as_obj()
            && let Some(value) = self.dict_get_name(dict, &text)
        {
            self.heap.incref(value);
            return Ok(value);
        }
        if let Some(value) = self.dict_get_name(frame.globals, &text) {
            self.heap.incref(value);
            return Ok(value);
        }
        if let Some(value) = self.dict_get_name(self.builtins, &text) {
            self.heap.incref(value);
            return Ok(value);
        }
        Err(self.name_error(name))
    }

    /// `NameError: name 'x' is not defined`.
    #[cold]
    #[inline(never)]
    pub fn name_error(&mut self, name: Symbol) -> Raised {
        let text = self.sym_name(name);
        let message = if crate::vm::cpython_names::is_builtin(&text) {
            crate::vm::cpython_names::not_modelled(&format!("the builtin '{text}'"))
        } else {
            format!("name '{text}' is not defined")
        };
        self.raise_msg(ExcKind::NameError, &message)
    }

    /// `LOAD_GLOBAL`: globals, then builtins.
    pub fn load_global(
        &mut self,
        t: &ThreadState,
        code: &Code,
        at: usize,
        name: Symbol,
    ) -> PyResult<Value> {
        let globals = t.frame().globals;
        let value = self.lookup_global(code, at, globals, name);
        match value {
            Some(value) => {
                self.fill_global_cache(code, at, globals, &self.sym_name(name));
                self.heap.incref(value);
                Ok(value)
            }
            None => Err(self.name_error(name)),
        }
    }

    /// The value of a global name (borrowed): the module's dict, then builtins.
    pub fn lookup_global(
        &self,
        code: &Code,
        at: usize,
        globals: crate::vm::value::ObjId,
        name: Symbol,
    ) -> Option<Value> {
        let _ = (code, at);
        let text = self.interner.name(name);
        self.dict_get_name(globals, text)
            .or_else(|| self.dict_get_name(self.builtins, text))
    }

    /// Stores an owned value under a name in a namespace dict.
    fn store_in_namespace(&mut self, namespace: Value, name: Symbol, value: Value) -> PyResult<()> {
        let Some(dict) = namespace.as_obj() else {
            self.heap.decref(value);
            return Err(self.raise_msg(ExcKind::SystemError, "no locals found when storing"));
        };
        let key = self.name_value(name);
        let result = self.dict_set(dict, key, value);
        self.heap.decref(key);
        result
    }

    fn delete_from_namespace(&mut self, namespace: Value, name: Symbol) -> PyResult<()> {
        let Some(dict) = namespace.as_obj() else {
            return Err(self.name_error(name));
        };
        let key = crate::vm::dict::HashKey::Str(self.sym_name(name));
        match self.dict_mut(dict).remove(&key) {
            Some((k, v)) => {
                self.heap.decref_all([k, v]);
                Ok(())
            }
            None => Err(self.name_error(name)),
        }
    }

    /// The content of a cell (borrowed; NULL when empty).
    pub fn cell_get(&self, cell: Value) -> Value {
        match self.heap.obj(cell) {
            Some(Obj::Cell(value)) => *value,
            _ => Value::NULL,
        }
    }

    /// Replaces a cell's content with an owned value.
    pub fn cell_set(&mut self, cell: Value, value: Value) {
        let Some(id) = cell.as_obj() else {
            self.heap.decref(value);
            return;
        };
        let old = match self.heap.get_mut(id) {
            Obj::Cell(slot) => std::mem::replace(slot, value),
            _ => value,
        };
        self.heap.decref(old);
    }

    /// `FORMAT_VALUE`'s conversion: 1 `!s`, 2 `!r`, 3 `!a` (owned result).
    fn convert(&mut self, value: Value, conversion: u8) -> PyResult<Value> {
        let text = match conversion {
            1 => self.str_text(value)?,
            2 => self.repr(value)?,
            3 => ascii_escape(&self.repr(value)?),
            _ => {
                self.heap.incref(value);
                return Ok(value);
            }
        };
        Ok(self.str_value(&text))
    }

    /// `format(value, spec)` as a new str value; an exact str with no spec is reused.
    fn format_to_value(&mut self, value: Value, spec: Value) -> PyResult<Value> {
        let spec_text = if spec.is_null() {
            Rc::from("")
        } else {
            self.as_str(spec)
                .map(Rc::clone)
                .unwrap_or_else(|| Rc::from(""))
        };
        if spec_text.is_empty() && self.as_str(value).is_some() {
            self.heap.incref(value);
            return Ok(value);
        }
        let text = self.format_value(value, &spec_text)?;
        Ok(self.str_value(&text))
    }

    /// `SETUP_WITH` (3.9/3.10, with the handler) and `BEFORE_WITH` (3.11+).
    fn op_enter_with(&mut self, t: &mut ThreadState, handler: Option<u32>) -> PyResult<Flow> {
        let manager = t.pop();
        let class = self.type_of(manager);
        let enter = self.special_method(manager, class, crate::vm::intern::sym::__enter__);
        let exit = self.special_method(manager, class, crate::vm::intern::sym::__exit__);
        let (Some(enter), Some(exit)) = (enter, exit) else {
            let message = if self.version.is_311_plus() {
                format!(
                    "'{}' object does not support the context manager protocol",
                    self.type_name(manager)
                )
            } else {
                "__enter__".to_string()
            };
            self.heap.decref(manager);
            let kind = if self.version.is_311_plus() {
                ExcKind::TypeError
            } else {
                ExcKind::AttributeError
            };
            return Err(self.raise_msg(kind, &message));
        };
        let exit_bound = self.bind(exit, manager, class);
        t.push(exit_bound);
        if let Some(handler) = handler {
            let level = t.stack.len() as u32;
            t.frame_mut().push_block(Block::Finally { handler, level });
        }
        self.heap.incref(enter);
        let called = self.call_object(t, enter, vec![manager], Vec::new(), OnReturn::Push)?;
        self.deliver(t, called)
    }

    /// A special method looked up on the type (borrowed), as CPython's `_PyObject_LookupSpecial`.
    pub fn special_method(
        &mut self,
        obj: Value,
        class: crate::vm::value::ObjId,
        name: Symbol,
    ) -> Option<Value> {
        if let Some(value) = self.lookup_class(class, name) {
            return Some(value);
        }
        let tag = self.builtin_base(class);
        let _ = obj;
        self.method_of(tag, name).map(|b| self.builtin_object(b))
    }

    /// `RAISE_VARARGS n`.
    fn op_raise(&mut self, t: &mut ThreadState, n: u8) -> PyResult<Flow> {
        match n {
            0 => {
                let handled = t.handled;
                if handled.is_none() || handled.is_null() {
                    return Err(
                        self.raise_msg(ExcKind::RuntimeError, "No active exception to reraise")
                    );
                }
                self.heap.incref(handled);
                t.reraise = true;
                Err(Raised(handled))
            }
            1 => {
                let exc = t.pop();
                let exc = self.make_exception(exc)?;
                Err(Raised(exc))
            }
            _ => {
                let cause = t.pop();
                let exc = t.pop();
                let exc = match self.make_exception(exc) {
                    Ok(exc) => exc,
                    Err(raised) => {
                        self.heap.decref(cause);
                        return Err(raised);
                    }
                };
                let cause = if cause.is_none() {
                    Value::NONE
                } else {
                    match self.make_exception(cause) {
                        Ok(cause) => cause,
                        Err(raised) => {
                            self.heap.decref(exc);
                            let message = "exception causes must derive from BaseException";
                            self.heap.decref(raised.0);
                            return Err(self.type_error(message));
                        }
                    }
                };
                if let Some(data) = self.exc_data_mut(exc) {
                    let old = std::mem::replace(&mut data.cause, cause);
                    data.suppress_context = true;
                    self.heap.decref(old);
                } else {
                    self.heap.decref(cause);
                }
                Err(Raised(exc))
            }
        }
    }

    /// An exception instance from `raise X` (an instance, or a class to instantiate).
    /// Consumes `value`.
    fn make_exception(&mut self, value: Value) -> PyResult<Value> {
        if self.exc_data(value).is_some() {
            return Ok(value);
        }
        if self.is_exception_class(value) {
            let result = self.call_sync(value, Vec::new());
            self.heap.decref(value);
            let instance = result?;
            if self.exc_data(instance).is_none() {
                self.heap.decref(instance);
                return Err(self.type_error("exceptions must derive from BaseException"));
            }
            return Ok(instance);
        }
        self.heap.decref(value);
        Err(self.type_error("exceptions must derive from BaseException"))
    }

    /// Restores the exception being handled from the three values a 3.9/3.10 handler saved.
    pub fn restore_handled(&mut self, t: &mut ThreadState, saved: Vec<Value>) {
        // Saved as [tb, value, type]; the value is the previous exception or NULL.
        let previous = saved.get(1).copied().unwrap_or(Value::NULL);
        let previous = if previous.is_null() {
            Value::NONE
        } else {
            previous
        };
        let old = std::mem::replace(&mut t.handled, previous);
        self.heap.decref(old);
        if let Some(tb) = saved.first() {
            self.heap.decref(*tb);
        }
        if let Some(kind) = saved.get(2) {
            self.heap.decref(*kind);
        }
    }
}

/// `ascii(x)`: the repr with non-ASCII characters escaped.
pub fn ascii_escape(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        let code = ch as u32;
        if code < 0x80 {
            out.push(ch);
        } else if code < 0x100 {
            out.push_str(&format!("\\x{code:02x}"));
        } else if code < 0x10000 {
            out.push_str(&format!("\\u{code:04x}"));
        } else {
            out.push_str(&format!("\\U{code:08x}"));
        }
    }
    out
}

/// Calls `func` with `args` (all owned) for its effect: a Python function runs as a frame on
/// the thread (it may switch and block), and its result is dropped.
fn call_discarding(
    vm: &mut Vm,
    t: &mut ThreadState,
    func: Value,
    args: Vec<Value>,
) -> PyResult<Flow> {
    let called = vm.call_object(t, func, args, Vec::new(), OnReturn::Discard)?;
    if let Called::Value(result) = called {
        vm.heap.decref(result);
    }
    Ok(match called {
        Called::Frame => Flow::Reload,
        _ => Flow::Next,
    })
}
