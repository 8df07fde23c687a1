//! Native objects of the modelled modules: `sys.stdout`/`sys.stderr`, loggers, `typing`
//! aliases, and names of modules whose behaviour belongs to the thread model.

use std::rc::Rc;

use crate::vm::builtins::Builtin;
use crate::vm::frame::ThreadState;
use crate::vm::intern::Symbol;
use crate::vm::object::{NativeObj, Obj, TracebackEntry};
use crate::vm::ops::call::Called;
use crate::vm::output::Stream;
use crate::vm::types::ExcKind;
use crate::vm::value::{ObjId, Value};
use crate::vm::{PyResult, Vm};

/// The class of a native object.
pub fn native_type(vm: &Vm, native: &NativeObj) -> ObjId {
    let t = &vm.types;
    match native {
        NativeObj::Stream(_) => t.text_io,
        NativeObj::Logger(_) => t.logger,
        NativeObj::Traceback(_) => t.traceback,
        NativeObj::TypingAlias(_) => t.typing_alias,
        NativeObj::Unmodelled(_) => t.builtin_function,
        NativeObj::Queue(_) | NativeObj::Pickled(_) => t.mp_queue,
        NativeObj::Lock(id) => match vm.locks.get(*id).kind {
            crate::vm::sync::LockKind::Plain => t.lock,
            crate::vm::sync::LockKind::Reentrant => t.rlock,
        },
    }
}

/// `repr` of a native object.
pub fn native_repr(vm: &mut Vm, value: Value, native: &NativeObj, at: u64) -> PyResult<String> {
    let _ = value;
    Ok(match native {
        NativeObj::Stream(Stream::Stdout) => {
            "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>".to_string()
        }
        NativeObj::Stream(Stream::Stderr) => {
            "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>".to_string()
        }
        NativeObj::Logger(name) => {
            let level = vm
                .logging
                .logger_levels
                .iter()
                .find(|(n, _)| n == name)
                .map_or(vm.logging.level, |(_, l)| *l);
            let level = crate::vm::builtins::logging::level_name(level);
            if &**name == "root" {
                format!("<RootLogger root ({level})>")
            } else {
                format!("<Logger {name} ({level})>")
            }
        }
        NativeObj::TypingAlias(text) => text.to_string(),
        NativeObj::Unmodelled(name) => format!("<modelled later: {name}>"),
        NativeObj::Queue(_) => format!("<multiprocessing.queues.Queue object at {at:#x}>"),
        NativeObj::Pickled(_) => format!("<pickled data at {at:#x}>"),
        NativeObj::Traceback(_) => format!("<traceback object at {at:#x}>"),
        NativeObj::Lock(id) => {
            let lock = vm.locks.get(*id);
            let state = if lock.holder.is_some() {
                "locked"
            } else {
                "unlocked"
            };
            match lock.kind {
                crate::vm::sync::LockKind::Plain => {
                    format!("<{state} _thread.lock object at {at:#x}>")
                }
                crate::vm::sync::LockKind::Reentrant => {
                    let owner = lock
                        .holder
                        .map_or(0, crate::vm::builtins::threads::ident_of);
                    format!(
                        "<{state} _thread.RLock object owner={owner} count={} at {at:#x}>",
                        lock.count
                    )
                }
            }
        }
    })
}

/// Attributes of native objects: their methods, bound.
pub fn native_attr(vm: &mut Vm, obj: Value, name: Symbol) -> PyResult<Option<Value>> {
    let Some(Obj::Native(native)) = vm.heap.obj(obj) else {
        return Ok(None);
    };
    let text = vm.sym_name(name);
    let method = match (native, &*text) {
        (NativeObj::Stream(_), "write") => Builtin::StreamWrite,
        (NativeObj::Stream(_), "flush") => Builtin::StreamFlush,
        (NativeObj::Logger(_), "debug") => Builtin::LoggerDebug,
        (NativeObj::Logger(_), "info") => Builtin::LoggerInfo,
        (NativeObj::Logger(_), "warning") => Builtin::LoggerWarning,
        (NativeObj::Logger(_), "error") => Builtin::LoggerError,
        (NativeObj::Logger(_), "critical") => Builtin::LoggerCritical,
        (NativeObj::Logger(_), "exception") => Builtin::LoggerException,
        (NativeObj::Logger(_), "setLevel") => Builtin::LoggerSetLevel,
        (NativeObj::Logger(logger), "name") => {
            let logger = Rc::clone(logger);
            return Ok(Some(vm.str_from_rc(logger)));
        }
        (NativeObj::Logger(logger), "level") => {
            let set = vm.logging.logger_levels.iter().find(|(n, _)| n == logger);
            let level = match set {
                Some((_, level)) => *level,
                None if &**logger == "root" => vm.logging.level,
                None => 0,
            };
            return Ok(Some(vm.int_value(level)));
        }
        (NativeObj::Traceback(entries), field) => {
            let entries = Rc::clone(entries);
            return Ok(traceback_attr(vm, &entries, field));
        }
        _ => return Ok(None),
    };
    vm.heap.incref(obj);
    Ok(Some(Value::obj(
        vm.heap.alloc(Obj::BuiltinMethod { method, this: obj }),
    )))
}

/// `tb_lineno`, `tb_lasti` and `tb_next` of a traceback (`entries` outermost first).
fn traceback_attr(vm: &mut Vm, entries: &Rc<[TracebackEntry]>, field: &str) -> Option<Value> {
    let first = entries.first()?;
    match field {
        "tb_lineno" => {
            let line = vm.code(first.code).lines.get(first.instr as usize).copied();
            Some(Value::small_int(i64::from(line.unwrap_or(0))))
        }
        "tb_lasti" => Some(Value::small_int(i64::from(first.instr) * 2)),
        "tb_next" => Some(traceback_value(vm, &entries[1..])),
        _ => None,
    }
}

/// The `__traceback__` for `entries` (outermost first): None when there are none.
pub fn traceback_value(vm: &mut Vm, entries: &[TracebackEntry]) -> Value {
    if entries.is_empty() {
        return Value::NONE;
    }
    crate::vm::builtins::native_value(vm, NativeObj::Traceback(Rc::from(entries)))
}

/// `iter()` of a native object.
pub fn native_iter(vm: &mut Vm, value: Value) -> PyResult<Value> {
    let message = format!("'{}' object is not iterable", vm.type_name(value));
    Err(vm.type_error(&message))
}

/// `next()` of a native object.
pub fn native_next(vm: &mut Vm, value: Value) -> PyResult<Option<Value>> {
    let message = format!("'{}' object is not an iterator", vm.type_name(value));
    Err(vm.type_error(&message))
}

/// `alias[args]` for typing names (`List[int]`).
pub fn native_getitem(vm: &mut Vm, container: Value, key: Value) -> PyResult<Value> {
    let Some(Obj::Native(NativeObj::TypingAlias(name))) = vm.heap.obj(container) else {
        let message = format!("'{}' object is not subscriptable", vm.type_name(container));
        return Err(vm.type_error(&message));
    };
    let name = Rc::clone(name);
    let parts = match vm.as_tuple_items(key) {
        Some(items) => items,
        None => vec![key],
    };
    let mut shown = Vec::with_capacity(parts.len());
    for part in parts {
        shown.push(type_repr(vm, part)?);
    }
    let text = format!("{name}[{}]", shown.join(", "));
    Ok(crate::vm::builtins::native_value(
        vm,
        NativeObj::TypingAlias(Rc::from(text)),
    ))
}

/// How `typing` shows a type argument: `int`, `__main__.C`, `typing.List[int]`, `None`.
fn type_repr(vm: &mut Vm, value: Value) -> PyResult<String> {
    if value.is_none() {
        return Ok("NoneType".to_string());
    }
    match vm.heap.obj(value) {
        Some(Obj::Class(c)) if &*c.module == "builtins" => Ok(c.qualname.to_string()),
        Some(Obj::Class(c)) => Ok(format!("{}.{}", c.module, c.qualname)),
        _ => vm.repr(value),
    }
}

/// The standard stream a value stands for, if it is one.
pub fn stream_of(vm: &Vm, value: Value) -> Option<Stream> {
    match vm.heap.obj(value) {
        Some(Obj::Native(NativeObj::Stream(stream))) => Some(*stream),
        _ => None,
    }
}

/// True if calling the native object is meaningful.
pub fn is_callable(vm: &Vm, value: Value) -> bool {
    matches!(
        vm.heap.obj(value),
        Some(Obj::Native(NativeObj::Unmodelled(_)))
    )
}

/// Calls a native object.
pub fn call(
    vm: &mut Vm,
    _t: &mut ThreadState,
    value: Value,
    _args: &[Value],
    _kwargs: &[(Symbol, Value)],
) -> PyResult<Called> {
    match vm.heap.obj(value) {
        Some(Obj::Native(NativeObj::Unmodelled(name))) => {
            let message = format!("{name} is not modelled yet");
            Err(vm.raise_msg(ExcKind::NotImplementedError, &message))
        }
        _ => {
            let message = format!("'{}' object is not callable", vm.type_name(value));
            Err(vm.type_error(&message))
        }
    }
}
