//! Argument checks for builtins, with CPython's wording.

use std::rc::Rc;

use crate::vm::intern::Symbol;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// The value of keyword `name`, if given.
#[inline(never)]
pub fn kwarg(vm: &Vm, kwargs: &[(Symbol, Value)], name: &str) -> Option<Value> {
    kwargs
        .iter()
        .find(|(k, _)| &**vm.interner.name(*k) == name)
        .map(|(_, v)| *v)
}

/// Rejects keywords other than `allowed`.
#[inline(never)]
pub fn only_kwargs(
    vm: &mut Vm,
    function: &str,
    kwargs: &[(Symbol, Value)],
    allowed: &[&str],
) -> PyResult<()> {
    for (key, _) in kwargs {
        let name = vm.sym_name(*key);
        if !allowed.contains(&&*name) {
            let message = if allowed.is_empty() {
                format!("{function}() takes no keyword arguments")
            } else {
                format!("{function}() got an unexpected keyword argument '{name}'")
            };
            return Err(vm.type_error(&message));
        }
    }
    Ok(())
}

/// The TypeError of method `b` called on a receiver of another type (`None` when there is
/// none): "descriptor 'upper' for 'str' objects doesn't apply to a 'int' object".
#[inline(never)]
pub fn wrong_receiver(
    vm: &mut Vm,
    b: crate::vm::builtins::Builtin,
    receiver: Option<Value>,
) -> crate::vm::Raised {
    let found = receiver.map_or_else(|| Rc::from("NoneType"), |v| vm.type_name(v));
    let message = format!(
        "descriptor '{}' for '{}' objects doesn't apply to a '{found}' object",
        b.name(),
        b.owner()
    );
    vm.type_error(&message)
}

/// Checks the number of positional arguments.
#[inline]
pub fn count(vm: &mut Vm, function: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    let n = args.len();
    if n >= min && n <= max {
        return Ok(());
    }
    Err(wrong_count(vm, function, n, min, max))
}

/// The TypeError of a builtin given `n` positional arguments where it takes `min..=max`. Out
/// of line, as every error here: builtins call these checks in hundreds of places.
#[cold]
#[inline(never)]
fn wrong_count(vm: &mut Vm, function: &str, n: usize, min: usize, max: usize) -> crate::vm::Raised {
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let message = if min == max && max == 1 {
        format!("{function}() takes exactly one argument ({n} given)")
    } else if min == max && max == 0 {
        format!("{function}() takes no arguments ({n} given)")
    } else if min == max {
        format!("{function} expected {min} argument{}, got {n}", plural(min))
    } else if n > max {
        format!(
            "{function} expected at most {max} argument{}, got {n}",
            plural(max)
        )
    } else {
        format!(
            "{function} expected at least {min} argument{}, got {n}",
            plural(min)
        )
    };
    vm.type_error(&message)
}

/// An integer argument.
#[inline(never)]
pub fn int(vm: &mut Vm, value: Value) -> PyResult<i64> {
    if value.is_float() {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    match vm.as_i64(value) {
        Some(i) => Ok(i),
        None if vm.is_int(value) => Err(vm.raise_msg(
            ExcKind::OverflowError,
            "Python int too large to convert to C ssize_t",
        )),
        None => {
            let message = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(value)
            );
            Err(vm.type_error(&message))
        }
    }
}

/// A str argument; `what` describes it in the error ("sep", "argument 1"...).
#[inline(never)]
pub fn string(vm: &mut Vm, function: &str, what: &str, value: Value) -> PyResult<Rc<str>> {
    match vm.as_str(value) {
        Some(text) => Ok(Rc::clone(text)),
        None => {
            let message = format!(
                "{function}() {what} must be str, not {}",
                vm.type_name(value)
            );
            Err(vm.type_error(&message))
        }
    }
}

/// A real-number argument.
#[inline(never)]
pub fn float(vm: &mut Vm, value: Value) -> PyResult<f64> {
    match vm.to_float(value) {
        Some(f) => Ok(f),
        None => {
            let message = format!("must be real number, not {}", vm.type_name(value));
            Err(vm.type_error(&message))
        }
    }
}
