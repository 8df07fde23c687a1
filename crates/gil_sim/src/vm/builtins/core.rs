//! The functions of the `builtins` module.

use std::rc::Rc;

use crate::bigint::BigInt;
use crate::version::PyVersion;
use crate::vm::builtins::Builtin;
use crate::vm::builtins::args;
use crate::vm::frame::ThreadState;
use crate::vm::intern::Symbol;
use crate::vm::object::{IterObj, Obj};
use crate::vm::ops::call::Called;
use crate::vm::ops::format::address;
use crate::vm::output::Stream;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// Calls a function of the `builtins` module.
pub fn call(
    vm: &mut Vm,
    t: &mut ThreadState,
    b: Builtin,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Called> {
    let name = b.name();
    if !matches!(
        b,
        Builtin::Print
            | Builtin::Min
            | Builtin::Max
            | Builtin::Sorted
            | Builtin::Sum
            | Builtin::Round
            | Builtin::BuildClass
            | Builtin::Pow
            | Builtin::Import
    ) {
        args::only_kwargs(vm, name, kw, &[])?;
    }
    let value = match b {
        Builtin::Print => return print(vm, a, kw),
        Builtin::Len => {
            args::count(vm, name, a, 1, 1)?;
            let n = vm.len_of(a[0])?;
            vm.int_value(n as i64)
        }
        Builtin::Repr => {
            args::count(vm, name, a, 1, 1)?;
            let text = vm.repr(a[0])?;
            vm.str_value(&text)
        }
        Builtin::Abs => {
            args::count(vm, name, a, 1, 1)?;
            abs(vm, a[0])?
        }
        Builtin::Divmod => {
            args::count(vm, name, a, 2, 2)?;
            let q = vm.binary_op(crate::vm::op::BinOp::FloorDiv, false, a[0], a[1]);
            let q = q.map_err(|e| fix_divmod_message(vm, e))?;
            let r = match vm.binary_op(crate::vm::op::BinOp::Mod, false, a[0], a[1]) {
                Ok(r) => r,
                Err(e) => {
                    vm.heap.decref(q);
                    return Err(fix_divmod_message(vm, e));
                }
            };
            vm.tuple_value(vec![q, r])
        }
        Builtin::Pow => {
            args::only_kwargs(vm, name, kw, &["base", "exp", "mod"])?;
            args::count(vm, name, a, 2, 3)?;
            if a.len() == 3 && !a[2].is_none() {
                let (Some(x), Some(y), Some(m)) =
                    (vm.as_big(a[0]), vm.as_big(a[1]), vm.as_big(a[2]))
                else {
                    return Err(vm.type_error(
                        "pow() 3rd argument not allowed unless all arguments are integers",
                    ));
                };
                if m.is_zero() {
                    return Err(vm.raise_msg(ExcKind::ValueError, "pow() 3rd argument cannot be 0"));
                }
                let value = if y.is_negative() {
                    let Some(inverse) = mod_inverse(&x, &m) else {
                        return Err(vm.raise_msg(
                            ExcKind::ValueError,
                            "base is not invertible for the given modulus",
                        ));
                    };
                    mod_pow(&inverse, &y.neg(), &m)
                } else {
                    mod_pow(&x, &y, &m)
                };
                vm.big_value(value)
            } else {
                vm.binary_op(crate::vm::op::BinOp::Pow, false, a[0], a[1])?
            }
        }
        Builtin::Round => round(vm, a, kw)?,
        Builtin::Min | Builtin::Max => min_max(vm, b, a, kw)?,
        Builtin::Sum => sum(vm, a, kw)?,
        Builtin::Sorted => {
            args::only_kwargs(vm, name, kw, &["key", "reverse"])?;
            args::count(vm, name, a, 1, 1)?;
            let items = vm.collect_iterable(a[0])?;
            let list = vm.list_value(items);
            let key = args::kwarg(vm, kw, "key").unwrap_or(Value::NONE);
            let reverse = match args::kwarg(vm, kw, "reverse") {
                Some(r) => vm.truthy(r)?,
                None => false,
            };
            if let Err(raised) = sort_list(vm, list, key, reverse) {
                vm.heap.decref(list);
                return Err(raised);
            }
            list
        }
        Builtin::Isinstance | Builtin::Issubclass => {
            args::count(vm, name, a, 2, 2)?;
            let result = class_check(vm, b, a[0], a[1])?;
            Value::bool(result)
        }
        Builtin::Hasattr => {
            args::count(vm, name, a, 2, 2)?;
            let attr = args::string(vm, name, "attribute name", a[1])?;
            let symbol = vm.sym(&attr);
            match vm.get_attr_sync(a[0], symbol) {
                Ok(value) => {
                    vm.heap.decref(value);
                    Value::TRUE
                }
                Err(raised) => {
                    if vm.isinstance(raised.0, vm.types.exc(ExcKind::AttributeError)) {
                        vm.heap.decref(raised.0);
                        Value::FALSE
                    } else {
                        return Err(raised);
                    }
                }
            }
        }
        Builtin::Getattr => {
            args::count(vm, name, a, 2, 3)?;
            let attr = args::string(vm, name, "attribute name", a[1])?;
            let symbol = vm.sym(&attr);
            match vm.get_attr_sync(a[0], symbol) {
                Ok(value) => value,
                Err(raised) if a.len() == 3 => {
                    if vm.isinstance(raised.0, vm.types.exc(ExcKind::AttributeError)) {
                        vm.heap.decref(raised.0);
                        vm.heap.incref(a[2]);
                        a[2]
                    } else {
                        return Err(raised);
                    }
                }
                Err(raised) => return Err(raised),
            }
        }
        Builtin::Setattr => {
            args::count(vm, name, a, 3, 3)?;
            let attr = args::string(vm, name, "attribute name", a[1])?;
            let symbol = vm.sym(&attr);
            match vm.set_attr(a[0], symbol, a[2])? {
                crate::vm::ops::attr::Store::Done => {}
                crate::vm::ops::attr::Store::Setter { fset } => {
                    let result = vm.call_sync(fset, vec![a[0], a[2]])?;
                    vm.heap.decref(result);
                }
            }
            Value::NONE
        }
        Builtin::Delattr => {
            args::count(vm, name, a, 2, 2)?;
            let attr = args::string(vm, name, "attribute name", a[1])?;
            let symbol = vm.sym(&attr);
            vm.del_attr(a[0], symbol)?;
            Value::NONE
        }
        Builtin::Callable => {
            args::count(vm, name, a, 1, 1)?;
            Value::bool(is_callable(vm, a[0]))
        }
        Builtin::Id => {
            args::count(vm, name, a, 1, 1)?;
            let id = match a[0].as_obj() {
                Some(id) => address(id) as i64,
                None => 0x7f00_0000_0000 + (a[0].bits() % 0x1_0000_0000) as i64 * 16,
            };
            vm.int_value(id)
        }
        Builtin::Hash => {
            args::count(vm, name, a, 1, 1)?;
            let key = vm.hash_key(a[0])?;
            match key {
                crate::vm::dict::HashKey::UserHash(h) => vm.int_value(h),
                _ => vm.int_value(key.hash() as i64 >> 16),
            }
        }
        Builtin::Iter => {
            args::count(vm, name, a, 1, 1)?;
            vm.get_iter(a[0])?
        }
        Builtin::Next => {
            args::count(vm, name, a, 1, 2)?;
            if !matches!(
                vm.heap.obj(a[0]),
                Some(Obj::Iter(_) | Obj::Instance(_) | Obj::Native(_) | Obj::Generator(_))
            ) {
                let message = format!("'{}' object is not an iterator", vm.type_name(a[0]));
                return Err(vm.type_error(&message));
            }
            if a.len() == 1 && matches!(vm.heap.obj(a[0]), Some(Obj::Generator(_))) {
                // The generator runs on this thread, where it can switch and block.
                vm.heap.incref(a[0]);
                return Ok(Called::Generator {
                    generator: a[0],
                    sent: Value::NONE,
                });
            }
            match vm.iter_next(a[0])? {
                Some(value) => value,
                None if a.len() == 2 => {
                    vm.heap.incref(a[1]);
                    a[1]
                }
                None => return Err(vm.raise_args(ExcKind::StopIteration, Vec::new())),
            }
        }
        Builtin::Any | Builtin::All => {
            args::count(vm, name, a, 1, 1)?;
            let iter = vm.get_iter(a[0])?;
            let want = b == Builtin::Any;
            let mut result = !want;
            loop {
                let next = vm.iter_next(iter);
                let item = match next {
                    Ok(Some(item)) => item,
                    Ok(None) => break,
                    Err(raised) => {
                        vm.heap.decref(iter);
                        return Err(raised);
                    }
                };
                let truth = vm.truthy(item);
                vm.heap.decref(item);
                if truth.inspect_err(|_| vm.heap.decref(iter))? == want {
                    result = want;
                    break;
                }
            }
            vm.heap.decref(iter);
            Value::bool(result)
        }
        Builtin::Chr => {
            args::count(vm, name, a, 1, 1)?;
            let code = args::int(vm, a[0])?;
            match u32::try_from(code).ok().and_then(char::from_u32) {
                Some(ch) => vm.str_value(&ch.to_string()),
                None => {
                    return Err(
                        vm.raise_msg(ExcKind::ValueError, "chr() arg not in range(0x110000)")
                    );
                }
            }
        }
        Builtin::Ord => {
            args::count(vm, name, a, 1, 1)?;
            let Some(text) = vm.as_str(a[0]).map(Rc::clone) else {
                let message = format!(
                    "ord() expected string of length 1, but {} found",
                    vm.type_name(a[0])
                );
                return Err(vm.type_error(&message));
            };
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(ch), None) => Value::small_int(i64::from(ch as u32)),
                _ => {
                    let message = format!(
                        "ord() expected a character, but string of length {} found",
                        text.chars().count()
                    );
                    return Err(vm.type_error(&message));
                }
            }
        }
        Builtin::Hex | Builtin::Bin | Builtin::Oct => {
            args::count(vm, name, a, 1, 1)?;
            let Some(n) = vm.as_big(a[0]).filter(|_| !a[0].is_float()) else {
                let message = format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(a[0])
                );
                return Err(vm.type_error(&message));
            };
            let spec = match b {
                Builtin::Hex => "#x",
                Builtin::Bin => "#b",
                _ => "#o",
            };
            let parsed = crate::vm::ops::spec::parse(spec).unwrap_or_default();
            let text = crate::vm::ops::spec::format_int(&n, &parsed).unwrap_or_default();
            vm.str_value(&text)
        }
        Builtin::Format => {
            args::count(vm, name, a, 1, 2)?;
            let spec = match a.get(1) {
                Some(s) => args::string(vm, name, "argument 2", *s)?,
                None => Rc::from(""),
            };
            let text = vm.format_value(a[0], &spec)?;
            vm.str_value(&text)
        }
        Builtin::Map => {
            if a.len() < 2 {
                return Err(vm.type_error("map() must have at least two arguments."));
            }
            let mut iters = Vec::with_capacity(a.len() - 1);
            for iterable in &a[1..] {
                match vm.get_iter(*iterable) {
                    Ok(iter) => iters.push(iter),
                    Err(raised) => {
                        vm.heap.decref_all(iters);
                        return Err(raised);
                    }
                }
            }
            vm.heap.incref(a[0]);
            Value::obj(vm.heap.alloc(Obj::Iter(IterObj::Map { func: a[0], iters })))
        }
        Builtin::Filter => {
            args::count(vm, name, a, 2, 2)?;
            let iter = vm.get_iter(a[1])?;
            vm.heap.incref(a[0]);
            Value::obj(
                vm.heap
                    .alloc(Obj::Iter(IterObj::Filter { func: a[0], iter })),
            )
        }
        Builtin::Globals => {
            let globals = Value::obj(t.frame().globals);
            vm.heap.incref(globals);
            globals
        }
        Builtin::Locals | Builtin::Vars if a.is_empty() => locals(vm, t),
        Builtin::Vars | Builtin::Locals => {
            args::count(vm, name, a, 1, 1)?;
            let dict = crate::vm::intern::sym::__dict__;
            vm.get_attr_sync(a[0], dict)?
        }
        Builtin::Dir => dir(vm, t, a)?,
        Builtin::Input => {
            return Err(vm.raise_msg(
                ExcKind::EOFError,
                "EOF when reading a line (programs here have no keyboard input)",
            ));
        }
        Builtin::Open => {
            return Err(vm.raise_msg(ExcKind::SystemError, "open() is called through io.open"));
        }
        Builtin::Exit => {
            let args: Vec<Value> = a.to_vec();
            for arg in &args {
                vm.heap.incref(*arg);
            }
            return Err(vm.raise_args(ExcKind::SystemExit, args));
        }
        Builtin::BuildClass => return vm.start_class(t, a, kw),
        Builtin::Import => {
            args::count(vm, name, a, 1, 5)?;
            let module = args::string(vm, name, "argument 1", a[0])?;
            let symbol = vm.sym(&module);
            vm.import_name(symbol, Value::NONE)?
        }
        _ => unreachable!("internal error: {} is not a builtins function", b.name()),
    };
    Ok(Called::Value(value))
}

/// `print(*args, sep=' ', end='\n', file=None, flush=False)`: each piece is its own write.
fn print(vm: &mut Vm, a: &[Value], kw: &[(Symbol, Value)]) -> PyResult<Called> {
    args::only_kwargs(vm, "print", kw, &["sep", "end", "file", "flush"])?;
    let text_arg = |vm: &mut Vm, key: &str, default: &str| -> PyResult<Rc<str>> {
        match args::kwarg(vm, kw, key) {
            None => Ok(Rc::from(default)),
            Some(v) if v.is_none() => Ok(Rc::from(default)),
            Some(v) => match vm.as_str(v) {
                Some(s) => Ok(Rc::clone(s)),
                None => {
                    let message =
                        format!("{key} must be None or a string, not {}", vm.type_name(v));
                    Err(vm.type_error(&message))
                }
            },
        }
    };
    let sep = text_arg(vm, "sep", " ")?;
    let end = text_arg(vm, "end", "\n")?;
    let file = args::kwarg(vm, kw, "file").unwrap_or(Value::NONE);
    let stream = if file.is_none() {
        Some(Stream::Stdout)
    } else {
        crate::vm::builtins::native::stream_of(vm, file)
    };
    for (i, arg) in a.iter().enumerate() {
        if i > 0 {
            write_to(vm, stream, file, &sep)?;
        }
        let text = vm.str_text(*arg)?;
        write_to(vm, stream, file, &text)?;
    }
    write_to(vm, stream, file, &end)?;
    Ok(Called::Value(Value::NONE))
}

/// Writes to a standard stream, or calls `file.write(text)` for other objects.
fn write_to(vm: &mut Vm, stream: Option<Stream>, file: Value, text: &str) -> PyResult<()> {
    match stream {
        Some(stream) => {
            vm.write_output(stream, text);
            Ok(())
        }
        None => {
            let write = vm.sym("write");
            let method = vm.get_attr_sync(file, write)?;
            let piece = vm.str_value(text);
            let result = vm.call_sync(method, vec![piece]);
            vm.heap.decref_all([method, piece]);
            vm.heap.decref(result?);
            Ok(())
        }
    }
}

fn fix_divmod_message(vm: &mut Vm, raised: crate::vm::Raised) -> crate::vm::Raised {
    let message = vm.exception_message(raised.0);
    if message == "float floor division by zero" {
        vm.heap.decref(raised.0);
        return vm.raise_msg(ExcKind::ZeroDivisionError, "float divmod()");
    }
    if message == "integer modulo by zero" {
        vm.heap.decref(raised.0);
        return vm.raise_msg(
            ExcKind::ZeroDivisionError,
            "integer division or modulo by zero",
        );
    }
    raised
}

fn abs(vm: &mut Vm, value: Value) -> PyResult<Value> {
    if let Some(f) = value.as_float() {
        return Ok(Value::float(f.abs()));
    }
    if let Some(b) = vm.as_big(value) {
        return Ok(vm.big_value(b.abs()));
    }
    if let Some(Obj::Instance(i)) = vm.heap.obj(value) {
        let class = i.class;
        let abs_name = vm.sym("__abs__");
        if let Some(method) = vm.lookup_user(class, abs_name) {
            return vm.call_sync(method, vec![value]);
        }
    }
    let message = format!("bad operand type for abs(): '{}'", vm.type_name(value));
    Err(vm.type_error(&message))
}

/// The inverse of `a` modulo `m` (extended Euclid), if it exists.
fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let floor_mod = |x: &BigInt| x.divmod(m).map(|(_, r)| r);
    let (mut old_r, mut r) = (floor_mod(a)?, m.abs());
    let (mut old_s, mut s) = (BigInt::from_i64(1), BigInt::zero());
    while !r.is_zero() {
        let (q, rem) = old_r.divmod(&r)?;
        old_r = std::mem::replace(&mut r, rem);
        let next = old_s.sub(&q.mul(&s));
        old_s = std::mem::replace(&mut s, next);
    }
    if old_r != BigInt::from_i64(1) {
        return None;
    }
    floor_mod(&old_s)
}

fn mod_pow(base: &BigInt, exponent: &BigInt, modulus: &BigInt) -> BigInt {
    let mut result = BigInt::from_i64(1);
    let mut base = base
        .divmod(modulus)
        .map(|(_, r)| r)
        .unwrap_or_else(BigInt::zero);
    let mut e = exponent.clone();
    let two = BigInt::from_i64(2);
    while !e.is_zero() {
        let (q, r) = e.divmod(&two).unwrap_or((BigInt::zero(), BigInt::zero()));
        if !r.is_zero() {
            result = result
                .mul(&base)
                .divmod(modulus)
                .map(|(_, r)| r)
                .unwrap_or_else(BigInt::zero);
        }
        base = base
            .mul(&base)
            .divmod(modulus)
            .map(|(_, r)| r)
            .unwrap_or_else(BigInt::zero);
        e = q;
    }
    result
}

/// `round(x[, ndigits])`.
fn round(vm: &mut Vm, a: &[Value], kw: &[(Symbol, Value)]) -> PyResult<Value> {
    args::only_kwargs(vm, "round", kw, &["number", "ndigits"])?;
    args::count(vm, "round", a, 1, 2)?;
    let ndigits = a.get(1).copied().or_else(|| args::kwarg(vm, kw, "ndigits"));
    let ndigits = match ndigits {
        Some(n) if !n.is_none() => Some(args::int(vm, n)?),
        _ => None,
    };
    let x = a[0];
    if let Some(f) = x.as_float() {
        return match ndigits {
            None => {
                if !f.is_finite() {
                    let message = if f.is_nan() {
                        "cannot convert float NaN to integer"
                    } else {
                        "cannot convert float infinity to integer"
                    };
                    let kind = if f.is_nan() {
                        ExcKind::ValueError
                    } else {
                        ExcKind::OverflowError
                    };
                    return Err(vm.raise_msg(kind, message));
                }
                let r = f.round_ties_even();
                Ok(vm.big_value(BigInt::from_i128(r as i128)))
            }
            Some(n) => Ok(Value::float(round_float(f, n))),
        };
    }
    if let Some(big) = vm.as_big(x) {
        let Some(n) = ndigits.filter(|n| *n < 0) else {
            return Ok(vm.big_value(big));
        };
        // A value under half of 10**-n rounds to 0: a number of b bits has at most b/3 + 1
        // digits. (CPython computes 10**-n first, which for n = -10**9 takes it minutes.)
        if n.unsigned_abs() > big.bit_length() / 3 + 2 {
            return Ok(Value::small_int(0));
        }
        let p = BigInt::from_i64(10).pow(n.unsigned_abs());
        let (q, r) = big.divmod(&p).unwrap_or((BigInt::zero(), BigInt::zero()));
        let twice = r.add(&r);
        let q = match twice.cmp(&p) {
            std::cmp::Ordering::Greater => q.add(&BigInt::from_i64(1)),
            std::cmp::Ordering::Equal => {
                let (_, parity) = q
                    .divmod(&BigInt::from_i64(2))
                    .unwrap_or((BigInt::zero(), BigInt::zero()));
                if parity.is_zero() {
                    q
                } else {
                    q.add(&BigInt::from_i64(1))
                }
            }
            std::cmp::Ordering::Less => q,
        };
        return Ok(vm.big_value(q.mul(&p)));
    }
    let message = format!("type {} doesn't define __round__ method", vm.type_name(x));
    Err(vm.type_error(&message))
}

/// `round(f, n)`: correctly rounded through the decimal text, as CPython does.
fn round_float(f: f64, n: i64) -> f64 {
    if !f.is_finite() {
        return f;
    }
    if n >= 0 {
        let digits = n.min(330) as usize;
        return format!("{f:.digits$}").parse().unwrap_or(f);
    }
    let p = 10f64.powi((-n).min(330) as i32);
    let r = (f / p).round_ties_even() * p;
    if r.is_finite() { r } else { 0.0 }
}

/// `min`/`max` over one iterable or several arguments, with `key` and `default`. Items are
/// taken one at a time as CPython takes them: an iterable of any length, each item released
/// once a better one comes.
fn min_max(vm: &mut Vm, b: Builtin, a: &[Value], kw: &[(Symbol, Value)]) -> PyResult<Value> {
    let name = b.name();
    args::only_kwargs(vm, name, kw, &["key", "default"])?;
    if a.is_empty() {
        let message = format!("{name} expected at least 1 argument, got 0");
        return Err(vm.type_error(&message));
    }
    let key = args::kwarg(vm, kw, "key").unwrap_or(Value::NONE);
    let default = args::kwarg(vm, kw, "default");
    let iter = if a.len() == 1 {
        vm.get_iter(a[0])?
    } else {
        if default.is_some() {
            let message =
                format!("Cannot specify a default for {name}() with multiple positional arguments");
            return Err(vm.type_error(&message));
        }
        vm.heap.incref_all(a.iter().copied());
        let args = vm.tuple_value(a.to_vec());
        let iter = vm.get_iter(args);
        vm.heap.decref(args);
        iter?
    };
    let max = b == Builtin::Max;
    // A range is answered at once (several arguments make a tuple iterator, never a range's).
    let at_once = if key.is_none() {
        super::range_reduce::min_max(vm, iter, max)
    } else {
        None
    };
    let best = match at_once {
        Some(best) => Ok(Some(best)),
        None => best_of(vm, max, key, iter),
    };
    vm.heap.decref(iter);
    if let Some(best) = best? {
        return Ok(best);
    }
    if let Some(default) = default {
        vm.heap.incref(default);
        return Ok(default);
    }
    let message = if vm.version.bytecode() >= PyVersion::Py312 {
        format!("{name}() iterable argument is empty")
    } else {
        format!("{name}() arg is an empty sequence")
    };
    Err(vm.raise_msg(ExcKind::ValueError, &message))
}

/// The first item of `iter` whose key is greater (`max`) or less than every earlier one's,
/// owned; `None` when `iter` is empty.
fn best_of(vm: &mut Vm, max: bool, key: Value, iter: Value) -> PyResult<Option<Value>> {
    let mut walked = 0;
    let Some(mut best) = next_item(vm, iter, &mut walked)? else {
        return Ok(None);
    };
    let mut best_key = match key_of(vm, key, best) {
        Ok(k) => k,
        Err(raised) => {
            vm.heap.decref(best);
            return Err(raised);
        }
    };
    let op = if max {
        crate::vm::op::CmpOp::Gt
    } else {
        crate::vm::op::CmpOp::Lt
    };
    loop {
        let item = match next_item(vm, iter, &mut walked) {
            Ok(Some(item)) => item,
            Ok(None) => break,
            Err(raised) => {
                vm.heap.decref_all([best, best_key]);
                return Err(raised);
            }
        };
        let better = key_of(vm, key, item).and_then(|k| {
            let truth = vm.compare(op, k, best_key).and_then(|v| {
                let truth = vm.truthy(v);
                vm.heap.decref(v);
                truth
            });
            match truth {
                Ok(truth) => Ok((truth, k)),
                Err(raised) => {
                    vm.heap.decref(k);
                    Err(raised)
                }
            }
        });
        match better {
            Ok((true, k)) => {
                vm.heap.decref_all([best, best_key]);
                best = item;
                best_key = k;
            }
            Ok((false, k)) => vm.heap.decref_all([item, k]),
            Err(raised) => {
                vm.heap.decref_all([item, best, best_key]);
                return Err(raised);
            }
        }
    }
    vm.heap.decref(best_key);
    Ok(Some(best))
}

/// The next item of `iter` for a builtin walking it, counted in `walked`: past
/// [`MAX_ITEMS`](crate::vm::memory::MAX_ITEMS) items that no Python code produced (a
/// generator's code is under the run's instruction budget), `MemoryError`.
fn next_item(vm: &mut Vm, iter: Value, walked: &mut usize) -> PyResult<Option<Value>> {
    let item = vm.iter_next(iter)?;
    if let Some(value) = item {
        *walked += 1;
        if *walked > crate::vm::memory::MAX_ITEMS
            && !matches!(vm.heap.obj(iter), Some(Obj::Generator(_)))
        {
            vm.heap.decref(value);
            return Err(vm.raise_msg(ExcKind::MemoryError, "too many items for this simulator"));
        }
    }
    Ok(item)
}

/// `key(item)` or the item itself (owned).
fn key_of(vm: &mut Vm, key: Value, item: Value) -> PyResult<Value> {
    if key.is_none() {
        vm.heap.incref(item);
        Ok(item)
    } else {
        vm.call_sync(key, vec![item])
    }
}

/// `sum`: the iterable's items one at a time, as CPython adds them (an iterable of any
/// length; each item released once added).
fn sum(vm: &mut Vm, a: &[Value], kw: &[(Symbol, Value)]) -> PyResult<Value> {
    args::only_kwargs(vm, "sum", kw, &["start"])?;
    args::count(vm, "sum", a, 1, 2)?;
    let start = a
        .get(1)
        .copied()
        .or_else(|| args::kwarg(vm, kw, "start"))
        .unwrap_or(Value::small_int(0));
    let iter = vm.get_iter(a[0])?;
    let refused = match vm.heap.obj(start) {
        Some(Obj::Str(_)) => Some("sum() can't sum strings [use ''.join(seq) instead]"),
        Some(Obj::Bytes(_)) => Some("sum() can't sum bytes [use b''.join(seq) instead]"),
        _ => None,
    };
    if let Some(message) = refused {
        vm.heap.decref(iter);
        return Err(vm.type_error(message));
    }
    let result = match super::range_reduce::sum(vm, iter, start) {
        Some(total) => Ok(total),
        None => {
            vm.heap.incref(start);
            sum_items(vm, start, iter)
        }
    };
    vm.heap.decref(iter);
    result
}

/// CPython's `sum` loop over `iter` from `start` (owned): exact floats accumulate as a C
/// double (with Neumaier's compensation from 3.12, which makes `sum([0.1, 0.2, 0.3])` print
/// 0.6), everything else through `+`.
fn sum_items(vm: &mut Vm, start: Value, iter: Value) -> PyResult<Value> {
    let compensated = vm.version.bytecode() >= PyVersion::Py312;
    let mut total = start;
    let mut walked = 0;
    let mut next = next_item(vm, iter, &mut walked);
    loop {
        let mut item = match next {
            Ok(Some(item)) => item,
            Ok(None) => return Ok(total),
            Err(raised) => {
                vm.heap.decref(total);
                return Err(raised);
            }
        };
        if let Some(mut f) = total.as_float() {
            // A float total is inline: nothing to release on the way out.
            let mut c = 0.0f64;
            let rest = loop {
                if let Some(x) = item.as_float() {
                    let t = f + x;
                    if compensated {
                        if f.abs() >= x.abs() {
                            c += (f - t) + x;
                        } else {
                            c += (x - t) + f;
                        }
                    }
                    f = t;
                } else if let Some(n) = vm.as_i64(item) {
                    f += n as f64;
                    vm.heap.decref(item);
                } else {
                    break Some(item);
                }
                match next_item(vm, iter, &mut walked)? {
                    Some(following) => item = following,
                    None => break None,
                }
            };
            if c != 0.0 && c.is_finite() {
                f += c;
            }
            total = Value::float(f);
            match rest {
                Some(rest) => item = rest,
                None => return Ok(total),
            }
        }
        // CPython adds ints that fit a C long without making objects; so do inline ints here.
        let inline = match (total.as_small_int(), item.as_small_int()) {
            (Some(a), Some(b)) => a.checked_add(b).filter(|sum| Value::int_fits(*sum)),
            _ => None,
        };
        total = match inline {
            Some(sum) => Value::small_int(sum),
            None => {
                let added = vm.binary_op(crate::vm::op::BinOp::Add, false, total, item);
                vm.heap.decref_all([total, item]);
                added?
            }
        };
        next = next_item(vm, iter, &mut walked);
    }
}

/// Sorts a list in place by `<` on the keys: a stable merge sort that stops at the first
/// comparison error (the list is left as it was).
pub fn sort_list(vm: &mut Vm, list: Value, key: Value, reverse: bool) -> PyResult<()> {
    let items = vm.as_list_items(list).unwrap_or_default();
    let mut keys = Vec::with_capacity(items.len());
    for item in &items {
        match key_of(vm, key, *item) {
            Ok(k) => keys.push(k),
            Err(raised) => {
                vm.heap.decref_all(keys);
                return Err(raised);
            }
        }
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    let result = merge_sort(vm, &mut order, &keys, reverse);
    vm.heap.decref_all(keys);
    result?;
    let sorted: Vec<Value> = order.iter().map(|i| items[*i]).collect();
    if let Some(Obj::List(current)) = list.as_obj().map(|id| vm.heap.get_mut(id)) {
        *current = sorted;
    }
    Ok(())
}

/// What one comparison of a sort costs CPython when it runs no Python code: sorting a million
/// random ints took 11.4 ns per n·log₂n on CPython 3.11 here (floats 10.6, strs 17.9).
const SORT_COMPARE_PS: u64 = 11_000;

/// What a sort costs CPython per item besides its comparisons (the list and its keys):
/// `sorted(range(n))`, n - 1 comparisons, took 28.7 ns an item.
const SORT_ITEM_PS: u64 = 15_000;

/// Sorts `order` (indices into `keys`) stably by the keys, descending with `reverse`: a
/// natural merge sort, which like CPython's timsort finds the runs already in order (a
/// strictly descending one is reversed) and merges them, so sorted input costs n - 1
/// comparisons and random input about n·log₂n. Each comparison that runs no Python code is
/// charged CPython's time for it.
pub(crate) fn merge_sort(
    vm: &mut Vm,
    order: &mut [usize],
    keys: &[Value],
    reverse: bool,
) -> PyResult<()> {
    let charge = vm.compares_natively(keys);
    vm.clock.0 += SORT_ITEM_PS * keys.len() as u64;
    // True when the key at `a` must come strictly before the key at `b`.
    let before = |vm: &mut Vm, a: usize, b: usize| -> PyResult<bool> {
        let (x, y) = if reverse {
            (keys[b], keys[a])
        } else {
            (keys[a], keys[b])
        };
        if charge {
            vm.clock.0 += SORT_COMPARE_PS;
        }
        let less = vm.compare(crate::vm::op::CmpOp::Lt, x, y)?;
        let truth = vm.truthy(less);
        vm.heap.decref(less);
        truth
    };
    let n = order.len();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        if end < n && before(vm, order[end], order[start])? {
            while end + 1 < n && before(vm, order[end + 1], order[end])? {
                end += 1;
            }
            end += 1;
            order[start..end].reverse();
        } else {
            while end < n && !before(vm, order[end], order[end - 1])? {
                end += 1;
            }
        }
        runs.push((start, end));
        start = end;
    }
    let mut buffer = vec![0usize; n];
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len().div_ceil(2));
        for pair in runs.chunks(2) {
            let [(left, middle), (_, end)] = pair else {
                merged.push(pair[0]);
                continue;
            };
            let (mut i, mut j, mut k) = (*left, *middle, *left);
            while i < *middle && j < *end {
                // The right one goes first only if strictly before (stability).
                if before(vm, order[j], order[i])? {
                    buffer[k] = order[j];
                    j += 1;
                } else {
                    buffer[k] = order[i];
                    i += 1;
                }
                k += 1;
            }
            buffer[k..k + (middle - i)].copy_from_slice(&order[i..*middle]);
            let k = k + (middle - i);
            buffer[k..k + (end - j)].copy_from_slice(&order[j..*end]);
            order[*left..*end].copy_from_slice(&buffer[*left..*end]);
            merged.push((*left, *end));
        }
        runs = merged;
    }
    Ok(())
}

/// `isinstance`/`issubclass` with a class or a tuple of classes.
fn class_check(vm: &mut Vm, b: Builtin, value: Value, target: Value) -> PyResult<bool> {
    if let Some(items) = vm.as_tuple_items(target) {
        for item in items {
            if class_check(vm, b, value, item)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let Some(class) = target
        .as_obj()
        .filter(|id| matches!(vm.heap.get(*id), Obj::Class(_)))
    else {
        let message = if vm.version.bytecode() >= PyVersion::Py310 {
            format!(
                "{}() arg 2 must be a type, a tuple of types, or a union",
                b.name()
            )
        } else {
            format!("{}() arg 2 must be a type or tuple of types", b.name())
        };
        return Err(vm.type_error(&message));
    };
    if b == Builtin::Isinstance {
        return Ok(vm.isinstance(value, class));
    }
    match value
        .as_obj()
        .filter(|id| matches!(vm.heap.get(*id), Obj::Class(_)))
    {
        Some(sub) => Ok(vm.is_subclass(sub, class)),
        None => Err(vm.type_error("issubclass() arg 1 must be a class")),
    }
}

pub fn is_callable(vm: &Vm, value: Value) -> bool {
    match vm.heap.obj(value) {
        Some(
            Obj::Function(_)
            | Obj::Method { .. }
            | Obj::Builtin(_)
            | Obj::BuiltinMethod { .. }
            | Obj::Class(_),
        ) => true,
        Some(Obj::Instance(i)) => vm
            .lookup_user(i.class, crate::vm::intern::sym::__call__)
            .is_some(),
        Some(Obj::Native(_)) => crate::vm::builtins::native::is_callable(vm, value),
        _ => false,
    }
}

/// `locals()` in a function: a dict snapshot of the bound fast locals.
fn locals(vm: &mut Vm, t: &ThreadState) -> Value {
    let frame = t.frame();
    if !frame.locals.is_null() {
        vm.heap.incref(frame.locals);
        return frame.locals;
    }
    let code = std::rc::Rc::clone(vm.code(frame.code));
    let base = frame.base as usize;
    let dict = vm.new_dict();
    let id = dict.as_obj().expect("internal error: a dict is an object");
    for (i, name) in code.localsplus.iter().enumerate() {
        let mut value = t.stack[base + i];
        if i as u32 >= code.nlocals {
            value = vm.cell_get(value);
        }
        if value.is_null() {
            continue;
        }
        vm.heap.incref(value);
        let text = vm.sym_name(*name);
        vm.dict_set_name(id, &text, value);
    }
    dict
}

/// `dir()` / `dir(obj)`: sorted attribute names.
fn dir(vm: &mut Vm, t: &ThreadState, a: &[Value]) -> PyResult<Value> {
    args::count(vm, "dir", a, 0, 1)?;
    let mut names: Vec<Rc<str>> = Vec::new();
    match a.first() {
        None => {
            let namespace = locals(vm, t);
            let keys: Vec<Value> = match vm.heap.obj(namespace) {
                Some(Obj::Dict(d)) => d.iter().map(|(k, _)| k).collect(),
                _ => Vec::new(),
            };
            names.extend(keys.iter().filter_map(|k| vm.as_str(*k).map(Rc::clone)));
            vm.heap.decref(namespace);
        }
        Some(obj) => match vm.heap.obj(*obj) {
            Some(Obj::Module(m)) => {
                let dict = m.dict;
                let keys: Vec<Value> = vm.dict(dict).iter().map(|(k, _)| k).collect();
                names.extend(keys.iter().filter_map(|k| vm.as_str(*k).map(Rc::clone)));
            }
            Some(Obj::Instance(instance)) => {
                let (class, shape) = (instance.class, instance.shape);
                for key in vm.shapes.keys(shape).iter() {
                    names.push(vm.sym_name(*key));
                }
                for c in vm.class(class).mro.clone() {
                    for (key, _) in vm.class(c).attrs.entries.clone() {
                        names.push(vm.sym_name(key));
                    }
                }
            }
            Some(Obj::Class(class)) => {
                for c in class.mro.clone() {
                    for (key, _) in vm.class(c).attrs.entries.clone() {
                        names.push(vm.sym_name(key));
                    }
                }
            }
            _ => {
                let class = vm.type_of(*obj);
                let tag = vm.builtin_base(class);
                for b in Builtin::ALL {
                    if Builtin::method(tag, b.name()) == Some(*b) {
                        names.push(Rc::from(b.name()));
                    }
                }
            }
        },
    }
    crate::small_sort::sort(&mut names);
    names.dedup();
    let items: Vec<Value> = names.into_iter().map(|n| vm.str_from_rc(n)).collect();
    Ok(vm.list_value(items))
}
