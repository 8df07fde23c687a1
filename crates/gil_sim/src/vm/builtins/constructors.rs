//! Calling the builtin classes: `int("3")`, `list(x)`, `range(5)`, `super()`, `ValueError(m)`...

use std::rc::Rc;

use crate::bigint::BigInt;
use crate::vm::builtins::args;
use crate::vm::frame::ThreadState;
use crate::vm::intern::Symbol;
use crate::vm::object::{Instance, IterObj, Obj, TypeTag};
use crate::vm::types::ExcKind;
use crate::vm::value::{ObjId, Value};
use crate::vm::{PyResult, Shapes, Vm};

/// Builds an instance of the builtin class `class` (borrowed arguments, owned result).
pub fn construct(
    vm: &mut Vm,
    t: &mut ThreadState,
    class: ObjId,
    tag: TypeTag,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Value> {
    let name = Rc::clone(&vm.class(class).name);
    let name = &*name;
    if !matches!(
        tag,
        TypeTag::Int | TypeTag::Dict | TypeTag::Property | TypeTag::Iterator
    ) {
        args::only_kwargs(vm, name, kw, &[])?;
    }
    match tag {
        TypeTag::Object => {
            args::count(vm, name, a, 0, 0).map_err(|r| {
                vm.heap.decref(r.0);
                vm.type_error("object() takes no arguments")
            })?;
            vm.heap.incref(Value::obj(class));
            Ok(Value::obj(vm.heap.alloc(Obj::Instance(Box::new(
                Instance {
                    class,
                    shape: Shapes::EMPTY,
                    slots: Vec::new(),
                    exc: None,
                },
            )))))
        }
        TypeTag::Int => make_int(vm, a, kw),
        TypeTag::Float => {
            args::count(vm, name, a, 0, 1)?;
            match a.first() {
                None => Ok(Value::float(0.0)),
                Some(v) => make_float(vm, *v),
            }
        }
        TypeTag::Bool => {
            args::count(vm, name, a, 0, 1)?;
            match a.first() {
                None => Ok(Value::FALSE),
                Some(v) => Ok(Value::bool(vm.truthy(*v)?)),
            }
        }
        TypeTag::Str => {
            args::count(vm, name, a, 0, 3)?;
            match a.first() {
                None => Ok(vm.str_value("")),
                Some(v) if a.len() == 1 => {
                    if vm.as_str(*v).is_some() {
                        vm.heap.incref(*v);
                        return Ok(*v);
                    }
                    let text = vm.str_text(*v)?;
                    Ok(vm.str_value(&text))
                }
                Some(v) => match vm.heap.obj(*v) {
                    Some(Obj::Bytes(bytes)) => {
                        let text = String::from_utf8_lossy(bytes).into_owned();
                        Ok(vm.str_value(&text))
                    }
                    _ => {
                        let what = if vm.version.bytecode() <= crate::version::PyVersion::Py39 {
                            "argument 2"
                        } else {
                            "argument 'encoding'"
                        };
                        let message =
                            format!("str() {what} must be str, not {}", vm.type_name(a[1]));
                        Err(vm.type_error(&message))
                    }
                },
            }
        }
        TypeTag::Bytes => {
            args::count(vm, name, a, 0, 3)?;
            let bytes: Vec<u8> = match a.first() {
                None => Vec::new(),
                Some(v) => match (vm.as_str(*v), vm.as_i64(*v)) {
                    (Some(s), _) if a.len() > 1 => s.as_bytes().to_vec(),
                    (Some(_), _) => {
                        return Err(vm.type_error("string argument without an encoding"));
                    }
                    (None, Some(n)) if n > crate::vm::MAX_STR_BYTES as i64 => {
                        return Err(vm.raise_msg(
                            ExcKind::MemoryError,
                            "bytes too large for this simulator",
                        ));
                    }
                    (None, Some(n)) => vec![0; n.max(0) as usize],
                    _ => {
                        let items = vm.collect_iterable(*v)?;
                        let mut out = Vec::with_capacity(items.len());
                        let mut problem = None;
                        for item in &items {
                            match vm.as_i64(*item) {
                                Some(n) if (0..256).contains(&n) => out.push(n as u8),
                                Some(_) => {
                                    problem = Some((
                                        ExcKind::ValueError,
                                        "bytes must be in range(0, 256)".to_string(),
                                    ));
                                    break;
                                }
                                None => {
                                    let message = format!(
                                        "'{}' object cannot be interpreted as an integer",
                                        vm.type_name(*item)
                                    );
                                    problem = Some((ExcKind::TypeError, message));
                                    break;
                                }
                            }
                        }
                        vm.heap.decref_all(items);
                        if let Some((kind, message)) = problem {
                            return Err(vm.raise_msg(kind, &message));
                        }
                        out
                    }
                },
            };
            Ok(vm.bytes_value(&bytes))
        }
        TypeTag::List => {
            args::count(vm, name, a, 0, 1)?;
            let items = match a.first() {
                Some(v) => vm.collect_iterable(*v)?,
                None => Vec::new(),
            };
            Ok(vm.list_value(items))
        }
        TypeTag::Tuple => {
            args::count(vm, name, a, 0, 1)?;
            match a.first() {
                Some(v) if matches!(vm.heap.obj(*v), Some(Obj::Tuple(_))) => {
                    vm.heap.incref(*v);
                    Ok(*v)
                }
                Some(v) => {
                    let items = vm.collect_iterable(*v)?;
                    Ok(vm.tuple_value(items))
                }
                None => Ok(vm.tuple_value(Vec::new())),
            }
        }
        TypeTag::Dict => {
            args::count(vm, name, a, 0, 1)?;
            let dict = vm.new_dict();
            let mut full = vec![dict];
            full.extend_from_slice(a);
            let result = crate::vm::builtins::dicts::call(
                vm,
                crate::vm::builtins::Builtin::DictUpdate,
                &full,
                kw,
            );
            match result {
                Ok(_) => Ok(dict),
                Err(raised) => {
                    vm.heap.decref(dict);
                    let message = vm.exception_message(raised.0);
                    if message.ends_with("object is not iterable") {
                        vm.heap.decref(raised.0);
                        let message = format!("'{}' object is not iterable", vm.type_name(a[0]));
                        return Err(vm.type_error(&message));
                    }
                    Err(raised)
                }
            }
        }
        TypeTag::Set | TypeTag::FrozenSet => {
            args::count(vm, name, a, 0, 1)?;
            let set = vm.new_set(tag == TypeTag::FrozenSet);
            if let Some(v) = a.first() {
                let items = vm.collect_iterable(*v)?;
                for item in items {
                    let result = vm.set_add(set, item);
                    vm.heap.decref(item);
                    if let Err(raised) = result {
                        vm.heap.decref(set);
                        return Err(raised);
                    }
                }
            }
            Ok(set)
        }
        TypeTag::Range => {
            args::count(vm, name, a, 1, 3)?;
            let mut ints = Vec::with_capacity(3);
            for v in a {
                ints.push(args::int(vm, *v)?);
            }
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] => (*start, *stop, *step),
                _ => unreachable!("internal error: counted range arguments"),
            };
            if step == 0 {
                return Err(vm.raise_msg(ExcKind::ValueError, "range() arg 3 must not be zero"));
            }
            Ok(Value::obj(vm.heap.alloc(Obj::Range { start, stop, step })))
        }
        TypeTag::Slice => {
            args::count(vm, name, a, 1, 3)?;
            for v in a {
                vm.heap.incref(*v);
            }
            let (start, stop, step) = match a {
                [stop] => (Value::NONE, *stop, Value::NONE),
                [start, stop] => (*start, *stop, Value::NONE),
                _ => (a[0], a[1], a[2]),
            };
            Ok(vm.new_slice(start, stop, step))
        }
        TypeTag::Type => {
            if a.len() == 1 {
                let class = Value::obj(vm.type_of(a[0]));
                vm.heap.incref(class);
                return Ok(class);
            }
            Err(vm.raise_msg(
                ExcKind::NotImplementedError,
                "type(name, bases, dict) is not supported yet; use a class statement",
            ))
        }
        TypeTag::Property => {
            args::only_kwargs(vm, name, kw, &["fget", "fset", "fdel", "doc"])?;
            args::count(vm, name, a, 0, 4)?;
            let pick = |vm: &Vm, i: usize, key: &str| -> Value {
                a.get(i)
                    .copied()
                    .or_else(|| args::kwarg(vm, kw, key))
                    .unwrap_or(Value::NONE)
            };
            let (fget, fset, fdel) = (
                pick(vm, 0, "fget"),
                pick(vm, 1, "fset"),
                pick(vm, 2, "fdel"),
            );
            vm.heap.incref_all([fget, fset, fdel]);
            Ok(Value::obj(vm.heap.alloc(Obj::Property {
                fget,
                fset,
                fdel,
            })))
        }
        TypeTag::StaticMethod | TypeTag::ClassMethod => {
            args::count(vm, name, a, 1, 1)?;
            vm.heap.incref(a[0]);
            let obj = if tag == TypeTag::StaticMethod {
                Obj::StaticMethod(a[0])
            } else {
                Obj::ClassMethod(a[0])
            };
            Ok(Value::obj(vm.heap.alloc(obj)))
        }
        TypeTag::Super => make_super(vm, t, a),
        TypeTag::Iterator => make_iterator(vm, class, a, kw),
        TypeTag::Exception => {
            if !kw.is_empty() {
                let message = format!("{name}() takes no keyword arguments");
                return Err(vm.type_error(&message));
            }
            for v in a {
                vm.heap.incref(*v);
            }
            Ok(vm.new_exception_of(class, a.to_vec()))
        }
        _ if class == vm.types.complex => Err(vm.raise_msg(
            ExcKind::NotImplementedError,
            "complex numbers are not modelled in GIL Lab",
        )),
        _ => {
            let message = format!("cannot create '{name}' instances");
            Err(vm.type_error(&message))
        }
    }
}

/// `int(x=0, base=10)`.
fn make_int(vm: &mut Vm, a: &[Value], kw: &[(Symbol, Value)]) -> PyResult<Value> {
    args::only_kwargs(vm, "int", kw, &["base"])?;
    args::count(vm, "int", a, 0, 2)?;
    let base_value = a.get(1).copied().or_else(|| args::kwarg(vm, kw, "base"));
    let Some(x) = a.first().copied() else {
        return Ok(Value::small_int(0));
    };
    if let Some(base_value) = base_value {
        let base = args::int(vm, base_value)?;
        let Some(text) = vm.as_str(x).map(Rc::clone) else {
            return Err(vm.type_error("int() can't convert non-string with explicit base"));
        };
        return parse_int(vm, &text, base as u32);
    }
    if let Some(text) = vm.as_str(x).map(Rc::clone) {
        return parse_int(vm, &text, 10);
    }
    if let Some(f) = x.as_float() {
        if f.is_nan() {
            return Err(vm.raise_msg(ExcKind::ValueError, "cannot convert float NaN to integer"));
        }
        if f.is_infinite() {
            return Err(vm.raise_msg(
                ExcKind::OverflowError,
                "cannot convert float infinity to integer",
            ));
        }
        return Ok(vm.big_value(float_to_big(f.trunc())));
    }
    if let Some(big) = vm.as_big(x) {
        return Ok(vm.big_value(big));
    }
    if let Some(Obj::Instance(i)) = vm.heap.obj(x) {
        let class = i.class;
        let int_name = vm.sym("__int__");
        if let Some(method) = vm.lookup_user(class, int_name) {
            return vm.call_sync(method, vec![x]);
        }
    }
    let message = format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        vm.type_name(x)
    );
    let message = if vm.version.bytecode() <= crate::version::PyVersion::Py39 {
        message.replace("a real number", "a number")
    } else {
        message
    };
    Err(vm.type_error(&message))
}

/// A float with an integral value as a big integer.
fn float_to_big(f: f64) -> BigInt {
    if f.abs() < 1e37 {
        return BigInt::from_i128(f as i128);
    }
    BigInt::parse(&format!("{f:.0}"), 10).unwrap_or_else(BigInt::zero)
}

/// `int(text, base)` with Python's literal rules (whitespace, sign, underscores, prefixes).
fn parse_int(vm: &mut Vm, text: &str, base: u32) -> PyResult<Value> {
    let invalid = |vm: &mut Vm| {
        let message = format!(
            "invalid literal for int() with base {base}: {}",
            crate::pytext::repr_str(text)
        );
        vm.raise_msg(ExcKind::ValueError, &message)
    };
    if base != 0 && !(2..=36).contains(&base) {
        return Err(vm.raise_msg(
            ExcKind::ValueError,
            "int() base must be >= 2 and <= 36, or 0",
        ));
    }
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = match (base, lower.get(..2)) {
        (0 | 16, Some("0x")) => (16, &digits[2..]),
        (0 | 8, Some("0o")) => (8, &digits[2..]),
        (0 | 2, Some("0b")) => (2, &digits[2..]),
        (0, _) => (10, digits),
        (b, _) => (b, digits),
    };
    let body = body
        .strip_prefix('_')
        .filter(|_| radix != 10 || base == 0)
        .unwrap_or(body);
    let well_formed = !body.is_empty()
        && !body.starts_with('_')
        && !body.ends_with('_')
        && !body.contains("__")
        && body.chars().all(|c| c == '_' || c.is_digit(radix));
    if !well_formed {
        return Err(invalid(vm));
    }
    let Some(mut value) = BigInt::parse(body, radix) else {
        return Err(invalid(vm));
    };
    if negative {
        value = value.neg();
    }
    Ok(vm.big_value(value))
}

/// `float(x)`.
fn make_float(vm: &mut Vm, x: Value) -> PyResult<Value> {
    if x.is_float() {
        return Ok(x);
    }
    if let Some(text) = vm.as_str(x).map(Rc::clone) {
        return match parse_float(&text) {
            Some(f) => Ok(Value::float(f)),
            None => {
                let message = format!(
                    "could not convert string to float: {}",
                    crate::pytext::repr_str(&text)
                );
                Err(vm.raise_msg(ExcKind::ValueError, &message))
            }
        };
    }
    if let Some(big) = vm.as_big(x) {
        return match big.to_f64() {
            Some(f) => Ok(Value::float(f)),
            None => Err(vm.raise_msg(ExcKind::OverflowError, "int too large to convert to float")),
        };
    }
    let message = if vm.version.bytecode() <= crate::version::PyVersion::Py39 {
        format!(
            "float() argument must be a string or a number, not '{}'",
            vm.type_name(x)
        )
    } else {
        format!(
            "float() argument must be a string or a real number, not '{}'",
            vm.type_name(x)
        )
    };
    Err(vm.type_error(&message))
}

/// Python's `float(str)` syntax.
fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let negative = lower.starts_with('-');
    let special = match unsigned {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Some(if negative { -v } else { v });
    }
    if t.contains("__")
        || t.starts_with('_')
        || t.ends_with('_')
        || t.contains("_.")
        || t.contains("._")
    {
        return None;
    }
    let cleaned: String = t.chars().filter(|c| *c != '_').collect();
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
    {
        return None;
    }
    cleaned.parse().ok()
}

/// `super()` (from the calling frame's first argument and `__class__` cell) or
/// `super(cls, obj)`.
fn make_super(vm: &mut Vm, t: &ThreadState, a: &[Value]) -> PyResult<Value> {
    let (class, this) = match a {
        [class, this] => (*class, *this),
        [] => {
            let Some(frame) = t.frames.last() else {
                return Err(vm.raise_msg(ExcKind::RuntimeError, "super(): no current frame"));
            };
            let code = Rc::clone(vm.code(frame.code));
            let base = frame.base as usize;
            if code.arg_count == 0 || code.localsplus.is_empty() {
                return Err(vm.raise_msg(ExcKind::RuntimeError, "super(): no arguments"));
            }
            let mut this = t.stack[base];
            if matches!(vm.heap.obj(this), Some(Obj::Cell(_))) {
                this = vm.cell_get(this);
            }
            let class_slot = code
                .localsplus
                .iter()
                .position(|n| *n == crate::vm::intern::sym::__class__);
            let class = match class_slot {
                Some(slot) => vm.cell_get(t.stack[base + slot]),
                None => Value::NULL,
            };
            if class.is_null() {
                return Err(
                    vm.raise_msg(ExcKind::RuntimeError, "super(): __class__ cell not found")
                );
            }
            if this.is_null() {
                return Err(vm.raise_msg(ExcKind::RuntimeError, "super(): arg[0] deleted"));
            }
            (class, this)
        }
        _ => return Err(vm.type_error("super() takes 0 or 2 arguments")),
    };
    let Some(class_id) = class
        .as_obj()
        .filter(|id| matches!(vm.heap.get(*id), Obj::Class(_)))
    else {
        let message = format!(
            "super() argument 1 must be a type, not {}",
            vm.type_name(class)
        );
        return Err(vm.type_error(&message));
    };
    vm.heap.incref(class);
    vm.heap.incref(this);
    Ok(Value::obj(vm.heap.alloc(Obj::Super {
        class: class_id,
        this,
    })))
}

/// `enumerate`, `zip` and `reversed`.
fn make_iterator(
    vm: &mut Vm,
    class: ObjId,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Value> {
    let t = &vm.types;
    if class == t.enumerate {
        args::only_kwargs(vm, "enumerate", kw, &["start"])?;
        args::count(vm, "enumerate", a, 1, 2)?;
        let start = match a.get(1).copied().or_else(|| args::kwarg(vm, kw, "start")) {
            Some(v) => args::int(vm, v)?,
            None => 0,
        };
        let inner = vm.get_iter(a[0])?;
        return Ok(Value::obj(vm.heap.alloc(Obj::Iter(IterObj::Enumerate {
            inner,
            count: start,
        }))));
    }
    args::only_kwargs(vm, "zip", kw, &["strict"])?;
    if class == vm.types.zip {
        let mut iters = Vec::with_capacity(a.len());
        for v in a {
            match vm.get_iter(*v) {
                Ok(iter) => iters.push(iter),
                Err(raised) => {
                    vm.heap.decref_all(iters);
                    return Err(raised);
                }
            }
        }
        return Ok(Value::obj(vm.heap.alloc(Obj::Iter(IterObj::Zip { iters }))));
    }
    if class == vm.types.reversed {
        args::count(vm, "reversed", a, 1, 1)?;
        let seq = a[0];
        let len = match vm.heap.obj(seq) {
            Some(Obj::List(_) | Obj::Tuple(_) | Obj::Str(_) | Obj::Range { .. }) => {
                vm.len_of(seq)?
            }
            Some(Obj::Dict(_)) => {
                let keys = vm.dict_view_items(seq, crate::vm::object::DictView::Keys);
                let list = vm.list_value(keys);
                let len = vm.len_of(list)?;
                return Ok(Value::obj(vm.heap.alloc(Obj::Iter(IterObj::Reversed {
                    seq: list,
                    index: len,
                }))));
            }
            _ => {
                let message = format!("'{}' object is not reversible", vm.type_name(seq));
                return Err(vm.type_error(&message));
            }
        };
        vm.heap.incref(seq);
        return Ok(Value::obj(
            vm.heap
                .alloc(Obj::Iter(IterObj::Reversed { seq, index: len })),
        ));
    }
    let message = format!("cannot create '{}' instances", vm.class(class).name);
    Err(vm.type_error(&message))
}
