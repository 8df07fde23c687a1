//! The special methods a program's classes define (`__add__`, `__lt__`, `__str__`,
//! `__getitem__`, `__iter__`...), when an instruction or a builtin needs them: the methods run
//! as frames on the thread's own stack, through the helpers of `library/_native.py` where
//! CPython's C code has more to do than one call (NotImplemented and the reflected method,
//! the text of a list of instances), so that they switch threads and block as in CPython.

use crate::vm::builtins::{Builtin, args};
use crate::vm::eval::Flow;
use crate::vm::frame::{OnReturn, ThreadState};
use crate::vm::intern::{Symbol, sym};
use crate::vm::object::{Obj, TypeTag};
use crate::vm::op::{BinOp, CmpOp};
use crate::vm::ops::call::Called;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// How deep `needs_python_text` looks into containers.
const NESTING: usize = 8;

impl Vm {
    /// The method `name` that `value`'s class (a class of the program's) defines, borrowed.
    pub fn user_method_of(&self, value: Value, name: Symbol) -> Option<Value> {
        match self.heap.obj(value) {
            Some(Obj::Instance(instance)) => self.lookup_user(instance.class, name),
            Some(Obj::Dict(d)) => self.lookup_user(d.sub.as_ref()?.class, name),
            _ => None,
        }
    }

    /// `left op right` when a method of a program's class takes part: the `binary` helper
    /// runs it (operands owned). None, with the operands untouched, when none does.
    pub fn binary_by_helper(
        &mut self,
        t: &mut ThreadState,
        op: BinOp,
        inplace: bool,
        left: Value,
        right: Value,
    ) -> Option<PyResult<Flow>> {
        let (forward, reflected, in_place) = crate::vm::ops::arith::dunder_names(op);
        let applies = (inplace && self.user_method_of(left, in_place).is_some())
            || self.user_method_of(left, forward).is_some()
            || self.user_method_of(right, reflected).is_some();
        if !applies {
            return None;
        }
        let in_place = if inplace {
            self.name_value(in_place)
        } else {
            Value::NONE
        };
        let args = vec![
            left,
            right,
            in_place,
            self.name_value(forward),
            self.name_value(reflected),
            Value::small_int(i64::from(op.nb())),
            Value::bool(inplace),
        ];
        Some(self.helper_flow(t, "binary", args))
    }

    /// `left op right` for a comparison that a program's class defines (operands owned).
    pub fn compare_by_helper(
        &mut self,
        t: &mut ThreadState,
        op: CmpOp,
        left: Value,
        right: Value,
    ) -> Option<PyResult<Flow>> {
        let forward = crate::vm::ops::compare::method_name(op);
        let reflected = crate::vm::ops::compare::method_name(op.swapped());
        if self.user_method_of(left, forward).is_none()
            && self.user_method_of(right, reflected).is_none()
        {
            return None;
        }
        let args = vec![
            left,
            right,
            self.name_value(forward),
            self.name_value(reflected),
            Value::small_int(i64::from(op.index())),
        ];
        Some(self.helper_flow(t, "compare", args))
    }

    /// `item in container` (or `not in`) through the container's `__contains__` (owned).
    pub fn contains_by_helper(
        &mut self,
        t: &mut ThreadState,
        container: Value,
        item: Value,
        invert: bool,
    ) -> Option<PyResult<Flow>> {
        if let Some(method) = self.user_method_of(container, sym::__contains__) {
            self.heap.incref(method);
            let args = vec![container, item, method, Value::bool(invert)];
            return Some(self.helper_flow(t, "contains", args));
        }
        // A list or tuple of instances (or a search for one) compares with `__eq__`.
        let items = match self.heap.obj(container) {
            Some(Obj::List(items)) => items.clone(),
            Some(Obj::Tuple(items)) => items.to_vec(),
            _ => return None,
        };
        if self.compares_natively(&items) && self.compares_natively(&[item]) {
            return None;
        }
        let args = vec![container, item, Value::bool(invert)];
        Some(self.helper_flow(t, "sequence_contains", args))
    }

    /// Calls a special method (`__getitem__`, `__setitem__`, `__delitem__`) for an
    /// instruction, as a frame whose value goes per `on_return` (arguments owned, `method`
    /// borrowed).
    pub fn call_dunder(
        &mut self,
        t: &mut ThreadState,
        method: Value,
        args: Vec<Value>,
        on_return: OnReturn,
    ) -> PyResult<Flow> {
        self.heap.incref(method);
        let called = self.call_object(t, method, args, Vec::new(), on_return)?;
        self.deliver(t, called)
    }

    /// `iter(value)` through its class's `__iter__` (borrowed): the method runs as a frame and
    /// its result is checked to be an iterator.
    pub fn iter_by_method(&mut self, value: Value) -> Option<(Value, Value)> {
        let method = self.user_method_of(value, sym::__iter__)?;
        self.heap.incref_all([method, value]);
        Some((method, value))
    }

    /// True if the text of `value` (`str`, `repr`, `format`, `print`) runs Python code: it is,
    /// or holds in a list, tuple, dict or set, an instance whose class defines `__str__`,
    /// `__repr__` or `__format__`.
    pub fn needs_python_text(&self, value: Value) -> bool {
        self.text_needs_python(value, NESTING)
    }

    fn text_needs_python(&self, value: Value, depth: usize) -> bool {
        let Some(obj) = self.heap.obj(value) else {
            return false;
        };
        if depth == 0 {
            return false;
        }
        let any = |items: &[Value]| items.iter().any(|v| self.text_needs_python(*v, depth - 1));
        match obj {
            Obj::Instance(instance) => [sym::__str__, sym::__repr__, sym::__format__]
                .iter()
                .any(|name| self.lookup_user(instance.class, *name).is_some()),
            Obj::List(items) => any(items),
            Obj::Tuple(items) => any(items),
            Obj::Dict(dict) => {
                if let Some(sub) = &dict.sub
                    && [sym::__str__, sym::__repr__, sym::__format__]
                        .iter()
                        .any(|name| self.lookup_user(sub.class, *name).is_some())
                {
                    return true;
                }
                let pairs: Vec<Value> = dict.iter().flat_map(|(k, v)| [k, v]).collect();
                any(&pairs)
            }
            Obj::Set(set) => {
                let items: Vec<Value> = set.table.iter().collect();
                any(&items)
            }
            _ => false,
        }
    }

    /// Calls helper `name` for an instruction: its frame pushes the result.
    fn helper_flow(&mut self, t: &mut ThreadState, name: &str, args: Vec<Value>) -> PyResult<Flow> {
        let called = self.call_helper(t, name, args, OnReturn::Push)?;
        self.deliver(t, called)
    }

    /// A text conversion (`FORMAT_VALUE`, `CONVERT_VALUE`, `FORMAT_SIMPLE`,
    /// `FORMAT_WITH_SPEC`) of a value whose text runs Python code: the `convert_format`
    /// helper does it (`conversion` 0 for none, 1 `!s`, 2 `!r`, 3 `!a`; `value` and `spec`
    /// owned, `spec` NULL for none). None, with both untouched, when it stays native.
    pub fn format_by_helper(
        &mut self,
        t: &mut ThreadState,
        value: Value,
        conversion: u8,
        spec: Value,
    ) -> Option<PyResult<Flow>> {
        if !self.needs_python_text(value) {
            return None;
        }
        let spec = if spec.is_null() { Value::NONE } else { spec };
        let args = vec![value, Value::small_int(i64::from(conversion)), spec];
        Some(self.helper_flow(t, "convert_format", args))
    }
}

/// Runs one of the `_sim` functions the dunder helpers use (borrowed arguments).
pub fn support(vm: &mut Vm, b: Builtin, a: &[Value]) -> PyResult<Value> {
    let name = b.name();
    match b {
        Builtin::SimUserMethod => {
            args::count(vm, name, a, 2, 2)?;
            let method = args::string(vm, name, "name", a[1])?;
            let method = vm.sym(&method);
            let found = vm.user_method_of(a[0], method).unwrap_or(Value::NONE);
            vm.heap.incref(found);
            Ok(found)
        }
        Builtin::SimBinaryNative => {
            args::count(vm, name, a, 4, 4)?;
            let (op, _) = BinOp::from_nb(args::int(vm, a[2])? as u32);
            let inplace = vm.truthy(a[3])?;
            vm.binary_op_builtin(op, inplace, a[0], a[1])
        }
        Builtin::SimCompareNative => {
            args::count(vm, name, a, 3, 3)?;
            let op = CmpOp::from_index(args::int(vm, a[2])? as u32);
            vm.compare_builtin(op, a[0], a[1])
        }
        Builtin::SimTextMethod => {
            args::count(vm, name, a, 2, 2)?;
            let want_repr = vm.truthy(a[1])?;
            let found = if want_repr {
                vm.user_method_of(a[0], sym::__repr__)
            } else {
                vm.user_method_of(a[0], sym::__str__)
                    .or_else(|| vm.user_method_of(a[0], sym::__repr__))
            };
            let found = found.unwrap_or(Value::NONE);
            vm.heap.incref(found);
            Ok(found)
        }
        Builtin::SimCheckedText => {
            args::count(vm, name, a, 2, 2)?;
            if vm.as_str(a[0]).is_some() {
                vm.heap.incref(a[0]);
                return Ok(a[0]);
            }
            let method = match vm.heap.obj(a[1]) {
                Some(Obj::Function(f)) => f.name.to_string(),
                _ => "__str__".to_string(),
            };
            let message = format!("{method} returned non-string (type {})", vm.type_name(a[0]));
            Err(vm.type_error(&message))
        }
        Builtin::SimTextShape => {
            args::count(vm, name, a, 1, 1)?;
            let shape = if !vm.needs_python_text(a[0]) {
                0
            } else {
                match vm.heap.obj(a[0]) {
                    Some(Obj::List(_)) => 1,
                    Some(Obj::Tuple(_)) => 2,
                    Some(Obj::Dict(_)) => 3,
                    Some(Obj::Set(s)) if !s.frozen => 4,
                    Some(Obj::Set(_)) => 5,
                    _ => 0,
                }
            };
            Ok(Value::small_int(shape))
        }
        Builtin::SimNativeText => {
            args::count(vm, name, a, 2, 2)?;
            let text = if vm.truthy(a[1])? {
                vm.repr(a[0])?
            } else {
                vm.str_text(a[0])?
            };
            Ok(vm.str_value(&text))
        }
        Builtin::SimReprEnter => {
            args::count(vm, name, a, 1, 1)?;
            let Some(id) = a[0].as_obj() else {
                return Ok(Value::FALSE);
            };
            if vm.repr_guard.contains(&id) {
                return Ok(Value::TRUE);
            }
            vm.repr_guard.push(id);
            Ok(Value::FALSE)
        }
        Builtin::SimReprLeave => {
            args::count(vm, name, a, 1, 1)?;
            if let Some(id) = a[0].as_obj()
                && let Some(at) = vm.repr_guard.iter().rposition(|g| *g == id)
            {
                vm.repr_guard.remove(at);
            }
            Ok(Value::NONE)
        }
        Builtin::SimCheckedFormat => {
            args::count(vm, name, a, 1, 1)?;
            if vm.as_str(a[0]).is_some() {
                vm.heap.incref(a[0]);
                return Ok(a[0]);
            }
            let message = format!("__format__ must return a str, not {}", vm.type_name(a[0]));
            Err(vm.type_error(&message))
        }
        Builtin::SimNativeFormat => {
            args::count(vm, name, a, 2, 2)?;
            let spec = args::string(vm, name, "spec", a[1])?;
            let text = vm.format_value(a[0], &spec)?;
            Ok(vm.str_value(&text))
        }
        Builtin::SimAsciiOf => {
            args::count(vm, name, a, 1, 1)?;
            let text = vm.as_str(a[0]).map(|s| s.to_string()).unwrap_or_default();
            Ok(vm.str_value(&crate::vm::ops::slow::ascii_escape(&text)))
        }
        Builtin::SimCheckedIterator => {
            args::count(vm, name, a, 1, 1)?;
            let iterator = matches!(
                vm.heap.obj(a[0]),
                Some(Obj::Iter(_) | Obj::Generator(_) | Obj::Native(_))
            ) || vm.user_method_of(a[0], sym::__next__).is_some();
            if !iterator {
                let message = format!(
                    "iter() returned non-iterator of type '{}'",
                    vm.type_name(a[0])
                );
                return Err(vm.type_error(&message));
            }
            vm.heap.incref(a[0]);
            Ok(a[0])
        }
        Builtin::SimCheckedLen => {
            args::count(vm, name, a, 1, 1)?;
            match vm.as_i64(a[0]) {
                Some(n) if n >= 0 => Ok(Value::small_int(n)),
                Some(_) => Err(vm.raise_msg(ExcKind::ValueError, "__len__() should return >= 0")),
                None => {
                    let message = format!(
                        "'{}' object cannot be interpreted as an integer",
                        vm.type_name(a[0])
                    );
                    Err(vm.type_error(&message))
                }
            }
        }
        _ => unreachable!("internal error: {name} is not a helper's support"),
    }
}

/// `str(x)`, `repr(x)`, `format(x, spec)`, `iter(x)`, `len(x)` and `print(...)` when they
/// run Python code: the helpers do them. None when they stay native.
pub fn delegate(
    vm: &mut Vm,
    t: &mut ThreadState,
    b: Builtin,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Option<Called>> {
    let push = OnReturn::Push;
    match b {
        Builtin::Repr if a.len() == 1 && kw.is_empty() && vm.needs_python_text(a[0]) => {
            vm.heap.incref(a[0]);
            vm.call_helper(t, "text_of", vec![a[0], Value::TRUE], push)
                .map(Some)
        }
        Builtin::Format
            if (1..=2).contains(&a.len()) && kw.is_empty() && vm.needs_python_text(a[0]) =>
        {
            let spec = a.get(1).copied().unwrap_or(Value::NULL);
            if !spec.is_null() && vm.as_str(spec).is_none() {
                return Ok(None);
            }
            let spec = if spec.is_null() {
                vm.str_value("")
            } else {
                vm.heap.incref(spec);
                spec
            };
            vm.heap.incref(a[0]);
            vm.call_helper(t, "format_of", vec![a[0], spec], push)
                .map(Some)
        }
        // iter(callable, sentinel): call until the sentinel comes back.
        Builtin::Iter if a.len() == 2 && kw.is_empty() => {
            if !crate::vm::builtins::core::is_callable(vm, a[0]) {
                return Err(vm.type_error("iter(v, w): v must be callable"));
            }
            vm.heap.incref_all([a[0], a[1]]);
            vm.call_helper(t, "callable_iter", vec![a[0], a[1]], push)
                .map(Some)
        }
        Builtin::Iter if a.len() == 1 && kw.is_empty() => match vm.iter_by_method(a[0]) {
            Some((method, value)) => vm
                .call_helper(t, "iter_of", vec![method, value], push)
                .map(Some),
            None => Ok(None),
        },
        Builtin::Len if a.len() == 1 && kw.is_empty() => {
            let Some(method) = vm.user_method_of(a[0], sym::__len__) else {
                return Ok(None);
            };
            vm.heap.incref_all([method, a[0]]);
            vm.call_helper(t, "len_of", vec![method, a[0]], push)
                .map(Some)
        }
        Builtin::Print => print(vm, t, a, kw),
        Builtin::ListIndex
        | Builtin::TupleIndex
        | Builtin::ListCount
        | Builtin::TupleCount
        | Builtin::ListRemove
            if kw.is_empty() && a.len() >= 2 =>
        {
            sequence_method(vm, t, b, a)
        }
        // open() is io.open, written in Python: the io module is imported on the first call.
        Builtin::Open => {
            let io = vm.sym("io");
            let module = vm.import_name(io, Value::NONE)?;
            let open = vm.sym("open");
            let function = vm.get_attr_sync(module, open);
            vm.heap.decref(module);
            let function = function?;
            vm.heap.incref_all(a.iter().copied());
            vm.heap.incref_all(kw.iter().map(|(_, v)| *v));
            vm.call_object(t, function, a.to_vec(), kw.to_vec(), push)
                .map(Some)
        }
        Builtin::Getattr | Builtin::Hasattr if kw.is_empty() && (2..=3).contains(&a.len()) => {
            let Some(attr) = vm.as_str(a[1]).cloned() else {
                return Ok(None);
            };
            let symbol = vm.sym(&attr);
            let fget = match vm.get_attr(a[0], symbol) {
                Ok(crate::vm::ops::attr::Attr::Getter { fget }) => fget,
                Ok(crate::vm::ops::attr::Attr::Value(value)) => {
                    vm.heap.decref(value);
                    return Ok(None);
                }
                Err(raised) => {
                    vm.heap.decref(raised.0);
                    return Ok(None);
                }
            };
            vm.heap.incref_all([fget, a[0]]);
            match (b, a.get(2)) {
                (Builtin::Getattr, None) => vm.call_object(t, fget, vec![a[0]], Vec::new(), push),
                (Builtin::Getattr, Some(default)) => {
                    vm.heap.incref(*default);
                    vm.call_helper(t, "getattr_default", vec![fget, a[0], *default], push)
                }
                _ => vm.call_helper(t, "hasattr_getter", vec![fget, a[0]], push),
            }
            .map(Some)
        }
        _ => Ok(None),
    }
}

/// `list.index`, `.count`, `.remove` and `tuple.index`, `.count` when comparing the items
/// runs a program's `__eq__`: the helpers walk the sequence.
fn sequence_method(
    vm: &mut Vm,
    t: &mut ThreadState,
    b: Builtin,
    a: &[Value],
) -> PyResult<Option<Called>> {
    let items = match vm.heap.obj(a[0]) {
        Some(Obj::List(items)) => items.clone(),
        Some(Obj::Tuple(items)) => items.to_vec(),
        _ => return Ok(None),
    };
    if vm.compares_natively(&items) && vm.compares_natively(&a[1..2]) {
        return Ok(None);
    }
    let push = OnReturn::Push;
    vm.heap.incref_all([a[0], a[1]]);
    match b {
        Builtin::ListCount | Builtin::TupleCount if a.len() == 2 => {
            vm.call_helper(t, "sequence_count", vec![a[0], a[1]], push)
        }
        Builtin::ListRemove if a.len() == 2 => {
            vm.call_helper(t, "list_remove", vec![a[0], a[1]], push)
        }
        Builtin::ListIndex | Builtin::TupleIndex if a.len() <= 4 => {
            let len = items.len() as i64;
            let bound = |vm: &mut Vm, at: Option<&Value>, default: i64| -> PyResult<i64> {
                let Some(v) = at else {
                    return Ok(default);
                };
                let n = args::int(vm, *v)?;
                Ok(if n < 0 { (n + len).max(0) } else { n.min(len) })
            };
            let bounds =
                bound(vm, a.get(2), 0).and_then(|start| Ok((start, bound(vm, a.get(3), len)?)));
            let (start, stop) = match bounds {
                Ok(bounds) => bounds,
                Err(raised) => {
                    vm.heap.decref_all([a[0], a[1]]);
                    return Err(raised);
                }
            };
            let args = vec![
                a[0],
                a[1],
                Value::small_int(start),
                Value::small_int(stop),
                Value::bool(b == Builtin::ListIndex),
            ];
            vm.call_helper(t, "sequence_index", args, push)
        }
        _ => {
            vm.heap.decref_all([a[0], a[1]]);
            return Ok(None);
        }
    }
    .map(Some)
}

/// `print(...)` of values whose text runs Python code, or to a file that is not a standard
/// stream: the `print` helper writes each piece as CPython does.
fn print(
    vm: &mut Vm,
    t: &mut ThreadState,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Option<Called>> {
    if kw
        .iter()
        .any(|(k, _)| ![sym::sep, sym::end, sym::file, sym::flush].contains(k))
    {
        return Ok(None);
    }
    let file = args::kwarg(vm, kw, "file").unwrap_or(Value::NONE);
    let standard = file.is_none() || crate::vm::builtins::native::stream_of(vm, file).is_some();
    if standard && !a.iter().any(|v| vm.needs_python_text(*v)) {
        return Ok(None);
    }
    let mut texts = Vec::new();
    for (key, default) in [("sep", " "), ("end", "\n")] {
        match args::kwarg(vm, kw, key) {
            None => texts.push(vm.str_value(default)),
            Some(v) if v.is_none() => texts.push(vm.str_value(default)),
            Some(v) if vm.as_str(v).is_some() => {
                vm.heap.incref(v);
                texts.push(v);
            }
            Some(_) => {
                vm.heap.decref_all(texts);
                return Ok(None);
            }
        }
    }
    let file = if file.is_none() {
        crate::vm::builtins::native_value(
            vm,
            crate::vm::object::NativeObj::Stream(crate::vm::output::Stream::Stdout),
        )
    } else {
        vm.heap.incref(file);
        file
    };
    vm.heap.incref_all(a.iter().copied());
    let values = vm.tuple_value(a.to_vec());
    let args = vec![values, texts[0], texts[1], file];
    vm.call_helper(t, "print", args, OnReturn::Push).map(Some)
}

/// `str(x)` when its text runs Python code.
pub fn delegate_str(
    vm: &mut Vm,
    t: &mut ThreadState,
    tag: TypeTag,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Option<Called>> {
    if tag != TypeTag::Str || a.len() != 1 || !kw.is_empty() || !vm.needs_python_text(a[0]) {
        return Ok(None);
    }
    vm.heap.incref(a[0]);
    vm.call_helper(t, "text_of", vec![a[0], Value::FALSE], OnReturn::Push)
        .map(Some)
}
