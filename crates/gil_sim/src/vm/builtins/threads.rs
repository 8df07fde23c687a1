//! `_thread`, the primitive layer under the modelled `threading` module (which is Python, in
//! `vm/library`): starting threads, joining them, and lock objects. Anything that has to wait
//! becomes a [`Request`] for the scheduler; taking a free lock or releasing one nobody waits
//! for finishes here.

use crate::vm::builtins::{Builtin, Request, args, native_value};
use crate::vm::frame::ThreadState;
use crate::vm::intern::{Symbol, sym};
use crate::vm::object::{NativeObj, Obj, ShapeId};
use crate::vm::ops::call::Called;
use crate::vm::sync::{LockId, LockKind, ThreadIndex, TryAcquire};
use crate::vm::types::ExcKind;
use crate::vm::value::{ObjId, Value};
use crate::vm::{PyResult, Shapes, VTime, Vm};

/// `threading.get_ident()` of the main thread; later threads count down from it by a typical
/// thread stack size, as glibc's thread idents do.
const MAIN_IDENT: u64 = 140_234_577_418_048;
const IDENT_STEP: u64 = 8_392_704;

/// The ident of thread `index`.
pub fn ident_of(index: ThreadIndex) -> u64 {
    MAIN_IDENT - IDENT_STEP * u64::from(index.0)
}

/// The thread with this ident, if it is one of ours.
pub fn index_of(ident: i64) -> Option<ThreadIndex> {
    let ident = u64::try_from(ident).ok()?;
    let offset = MAIN_IDENT.checked_sub(ident)?;
    (offset % IDENT_STEP == 0).then_some(ThreadIndex((offset / IDENT_STEP) as u32))
}

/// The lock a value is, if it is one.
pub fn lock_of(vm: &Vm, value: Value) -> Option<(LockId, LockKind)> {
    match vm.heap.obj(value) {
        Some(Obj::Native(NativeObj::Lock(id))) => Some((*id, vm.locks.get(*id).kind)),
        _ => None,
    }
}

/// Where the running thread takes a lock, in the program's terms.
pub fn taken_at(vm: &Vm, t: &ThreadState) -> crate::vm::sync::TakenAt {
    let place = vm.program_place(t);
    crate::vm::sync::TakenAt {
        line: place.line,
        by_program: place.call.is_none(),
    }
}

/// Asks the scheduler to start a thread calling `func(*args, **kwargs)` (borrowed).
fn start_thread(vm: &mut Vm, func: Value, args: Value, kwargs: Option<Value>) -> PyResult<Called> {
    let Some(items) = vm.as_tuple_items(args) else {
        return Err(vm.type_error("2nd arg must be a tuple"));
    };
    let mut named = Vec::new();
    if let Some(extra) = kwargs {
        let Some(Obj::Dict(dict)) = vm.heap.obj(extra) else {
            return Err(vm.type_error("optional 3rd arg must be a dictionary"));
        };
        let pairs: Vec<(Value, Value)> = dict.iter().collect();
        for (key, value) in pairs {
            let Some(text) = vm.as_str(key).cloned() else {
                return Err(vm.type_error("keywords must be strings"));
            };
            vm.heap.incref(value);
            named.push((vm.sym(&text), value));
        }
    }
    vm.heap.incref(func);
    vm.heap.incref_all(items.iter().copied());
    Ok(Called::Request(Request::StartThread {
        func,
        args: items,
        kwargs: named,
    }))
}

/// An atexit callback raised `exc`: CPython reports it on stderr, in each version's words,
/// and goes on with the next callback (3.9 stays silent about `SystemExit`).
fn atexit_failed(vm: &mut Vm, func: Value, exc: Value) -> PyResult<()> {
    let version = vm.version.bytecode();
    let header = if version == crate::PyVersion::Py39 {
        if vm.isinstance(exc, vm.types.exc(ExcKind::SystemExit)) {
            return Ok(());
        }
        "Error in atexit._run_exitfuncs:\n".to_string()
    } else {
        let shown = vm.repr(func)?;
        if version >= crate::PyVersion::Py313 {
            format!("Exception ignored in atexit callback {shown}:\n")
        } else {
            format!("Exception ignored in atexit callback: {shown}\n")
        }
    };
    let text = vm.format_exception(exc);
    vm.write_output(crate::vm::output::Stream::Stderr, &(header + &text));
    Ok(())
}

/// Calls a `_thread` function or a lock method (`a[0]` is the lock).
pub fn call(
    vm: &mut Vm,
    t: &mut ThreadState,
    b: Builtin,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Called> {
    let name = b.name();
    let value = match b {
        Builtin::ThreadStartNewThread => {
            args::only_kwargs(vm, name, kw, &[])?;
            args::count(vm, name, a, 2, 3)?;
            return start_thread(vm, a[0], a[1], a.get(2).copied());
        }
        Builtin::SimEntropy => {
            args::count(vm, name, a, 0, 0)?;
            let mut acc = crate::bigint::BigInt::zero();
            let shift = crate::bigint::BigInt::from_i64(1 << 32);
            for _ in 0..624 {
                let word = vm.entropy_word();
                acc = acc
                    .mul(&shift)
                    .add(&crate::bigint::BigInt::from_i64(i64::from(word)));
            }
            vm.big_value(acc)
        }
        Builtin::SimAtexitFailed => {
            args::count(vm, name, a, 2, 2)?;
            atexit_failed(vm, a[0], a[1])?;
            Value::NONE
        }
        Builtin::ThreadAllocateLock | Builtin::ThreadRLock => {
            args::only_kwargs(vm, name, kw, &[])?;
            args::count(vm, name, a, 0, 0)?;
            let kind = if b == Builtin::ThreadRLock {
                LockKind::Reentrant
            } else {
                LockKind::Plain
            };
            let id = vm.locks.create(kind);
            native_value(vm, NativeObj::Lock(id))
        }
        Builtin::ThreadGetIdent | Builtin::ThreadGetNativeId => {
            args::count(vm, name, a, 0, 0)?;
            let ident = if b == Builtin::ThreadGetIdent {
                ident_of(ThreadIndex(vm.thread_index))
            } else {
                u64::from(vm.pid) + u64::from(vm.thread_index)
            };
            vm.int_value(ident as i64)
        }
        Builtin::ThreadJoin => {
            args::count(vm, name, a, 2, 2)?;
            let ident = args::int(vm, a[0])?;
            let Some(thread) = index_of(ident) else {
                return Err(vm.raise_msg(ExcKind::RuntimeError, "no such thread"));
            };
            let timeout = if a[1].is_none() {
                None
            } else {
                Some(VTime::from_secs_f64(args::float(vm, a[1])?))
            };
            return Ok(Called::Request(Request::Join { thread, timeout }));
        }
        Builtin::ThreadSetName => {
            args::count(vm, name, a, 1, 1)?;
            let text = args::string(vm, name, "name", a[0])?;
            vm.set_thread_name(ThreadIndex(vm.thread_index), text);
            Value::NONE
        }
        Builtin::ThreadExcepthook => {
            args::count(vm, name, a, 2, 2)?;
            let thread_name = vm.str_string(a[0]);
            let text = vm.format_exception(a[1]);
            vm.write_output(
                crate::vm::output::Stream::Stderr,
                &format!("Exception in thread {thread_name}:\n{text}"),
            );
            Value::NONE
        }
        Builtin::SimCaller => {
            args::count(vm, name, a, 1, 1)?;
            let level = args::int(vm, a[0])?;
            caller(vm, t, level)
        }
        Builtin::SimPrintException => {
            args::count(vm, name, a, 1, 1)?;
            let text = vm.format_exception(a[0]);
            vm.write_output(crate::vm::output::Stream::Stderr, &text);
            Value::NONE
        }
        Builtin::SimFormatTb => {
            args::count(vm, name, a, 1, 1)?;
            let entries = match vm.heap.obj(a[0]) {
                Some(Obj::Native(NativeObj::Traceback(entries))) => entries.to_vec(),
                _ => Vec::new(),
            };
            let lines: Vec<Value> = entries
                .iter()
                .filter(|entry| !vm.code(entry.code).native)
                .map(|entry| vm.format_frame_line(*entry))
                .collect::<Vec<String>>()
                .iter()
                .map(|text| vm.str_value(text))
                .collect();
            vm.list_value(lines)
        }
        Builtin::SimFormatException => {
            args::count(vm, name, a, 1, 1)?;
            let text = vm.format_exception(a[0]);
            vm.str_value(&text)
        }
        Builtin::SimSourceLine => {
            args::count(vm, name, a, 2, 2)?;
            let file = args::string(vm, name, "filename", a[0])?;
            let line = args::int(vm, a[1])?;
            let text = source_of(vm, &file)
                .and_then(|source| source_line(&source, line).map(str::to_string))
                .unwrap_or_default();
            vm.str_value(&text)
        }
        Builtin::SimThreadLocalClass => {
            args::count(vm, name, a, 1, 1)?;
            vm.thread_locals.base = a[0].as_obj();
            Value::NONE
        }
        Builtin::SimThreadLocalFresh => {
            args::count(vm, name, a, 1, 1)?;
            vm.thread_local_fresh(a[0])
        }
        Builtin::SimThreadLocalRelease => {
            args::count(vm, name, a, 0, 0)?;
            vm.release_thread_locals();
            Value::NONE
        }
        Builtin::SimNetworkIo => {
            args::count(vm, name, a, 1, 1)?;
            return Ok(Called::Request(Request::NetworkIo));
        }
        Builtin::LockAcquire | Builtin::LockEnter => {
            let (lock, _) = receiver(vm, a)?;
            let (blocking, timeout) = if b == Builtin::LockEnter {
                args::count(vm, name, a, 1, 1)?;
                (true, None)
            } else {
                acquire_args(vm, &a[1..], kw)?
            };
            let at = taken_at(vm, t);
            match vm.locks.try_acquire(lock, ThreadIndex(vm.thread_index), at) {
                TryAcquire::Taken => Value::TRUE,
                TryAcquire::Busy if !blocking => Value::FALSE,
                TryAcquire::Busy if timeout == Some(VTime(0)) => Value::FALSE,
                TryAcquire::Busy => {
                    return Ok(Called::Request(Request::Acquire {
                        lock,
                        timeout,
                        restore: 1,
                    }));
                }
            }
        }
        Builtin::LockRelease | Builtin::LockExit => {
            let (lock, kind) = receiver(vm, a)?;
            if b == Builtin::LockRelease {
                args::count(vm, name, a, 1, 1)?;
            }
            let me = ThreadIndex(vm.thread_index);
            let state = vm.locks.get_mut(lock);
            match kind {
                LockKind::Plain if state.holder.is_none() => {
                    return Err(vm.raise_msg(ExcKind::RuntimeError, "release unlocked lock"));
                }
                LockKind::Reentrant if state.holder != Some(me) => {
                    return Err(
                        vm.raise_msg(ExcKind::RuntimeError, "cannot release un-acquired lock")
                    );
                }
                _ => {}
            }
            state.count -= 1;
            if state.count > 0 {
                Value::NONE
            } else {
                state.holder = None;
                if state.waiters > 0 {
                    return Ok(Called::Request(Request::Released {
                        lock,
                        result: Value::NONE,
                    }));
                }
                Value::NONE
            }
        }
        Builtin::LockLocked => {
            let (lock, _) = receiver(vm, a)?;
            Value::bool(vm.locks.get(lock).holder.is_some())
        }
        Builtin::LockIsOwned => {
            let (lock, _) = receiver(vm, a)?;
            Value::bool(vm.locks.get(lock).holder == Some(ThreadIndex(vm.thread_index)))
        }
        Builtin::LockReleaseSave => {
            let (lock, _) = receiver(vm, a)?;
            let state = vm.locks.get_mut(lock);
            if state.holder.is_none() {
                return Err(vm.raise_msg(ExcKind::RuntimeError, "cannot release un-acquired lock"));
            }
            let count = state.count;
            state.count = 0;
            state.holder = None;
            let result = Value::small_int(i64::from(count));
            if state.waiters > 0 {
                return Ok(Called::Request(Request::Released { lock, result }));
            }
            result
        }
        Builtin::LockAcquireRestore => {
            let (lock, _) = receiver(vm, a)?;
            args::count(vm, name, a, 2, 2)?;
            let count = args::int(vm, a[1])?.clamp(1, i64::from(u32::MAX)) as u32;
            let at = taken_at(vm, t);
            match vm.locks.try_acquire(lock, ThreadIndex(vm.thread_index), at) {
                TryAcquire::Taken => {
                    vm.locks.get_mut(lock).count = count;
                    Value::NONE
                }
                TryAcquire::Busy => {
                    return Ok(Called::Request(Request::Acquire {
                        lock,
                        timeout: None,
                        restore: count,
                    }));
                }
            }
        }
        _ => return Err(vm.raise_msg(ExcKind::SystemError, "unknown _thread builtin")),
    };
    Ok(Called::Value(value))
}

/// The lock a method was called on.
fn receiver(vm: &mut Vm, a: &[Value]) -> PyResult<(LockId, LockKind)> {
    match a.first().and_then(|v| lock_of(vm, *v)) {
        Some(found) => Ok(found),
        None => Err(vm.type_error("descriptor requires a '_thread.lock' object")),
    }
}

/// `acquire(blocking=True, timeout=-1)` with CPython's checks.
fn acquire_args(
    vm: &mut Vm,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<(bool, Option<VTime>)> {
    args::only_kwargs(vm, "acquire", kw, &["blocking", "timeout"])?;
    if a.len() > 2 {
        return Err(vm.type_error(&format!(
            "acquire() takes at most 2 arguments ({} given)",
            a.len()
        )));
    }
    let blocking = match a.first().copied().or(args::kwarg(vm, kw, "blocking")) {
        Some(value) => vm.truthy(value)?,
        None => true,
    };
    let timeout = match a.get(1).copied().or(args::kwarg(vm, kw, "timeout")) {
        Some(value) => args::float(vm, value)?,
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return Err(vm.raise_msg(
            ExcKind::ValueError,
            "can't specify a timeout for a non-blocking call",
        ));
    }
    if timeout < 0.0 && timeout != -1.0 {
        let message = if vm.version.bytecode() >= crate::version::PyVersion::Py313 {
            "timeout value must be a non-negative number"
        } else {
            "timeout value must be positive"
        };
        return Err(vm.raise_msg(ExcKind::ValueError, message));
    }
    let timeout = (timeout >= 0.0).then(|| VTime::from_secs_f64(timeout));
    Ok((blocking, timeout))
}

/// `_sim.caller(level)`: the file name, line, globals and source line of the frame `level`
/// Python frames up from the native code that asks (1 is the frame calling it), as
/// `warnings.warn`'s `stacklevel` counts; None past the outermost frame.
fn caller(vm: &mut Vm, t: &ThreadState, level: i64) -> Value {
    let mut left = level.max(1);
    for frame in t.frames.iter().rev() {
        let code = &vm.codes[frame.code.0 as usize];
        if code.native {
            continue;
        }
        let (file, source) = vm.file_and_source(code);
        left -= 1;
        if left > 0 {
            continue;
        }
        let line = vm.frame_line(frame);
        let globals = Value::obj(frame.globals);
        let text = source_line(&source, i64::from(line))
            .unwrap_or("")
            .to_string();
        let file = vm.str_from_rc(file);
        let line = vm.int_value(i64::from(line));
        vm.heap.incref(globals);
        let text = vm.str_value(&text);
        return vm.tuple_value(vec![file, line, globals, text]);
    }
    Value::NONE
}

/// Line `line` (from 1) of `source`.
fn source_line(source: &str, line: i64) -> Option<&str> {
    let index = usize::try_from(line.checked_sub(1)?).ok()?;
    source.lines().nth(index)
}

/// The source of the program or library file that tracebacks name `file`.
fn source_of(vm: &Vm, file: &str) -> Option<std::rc::Rc<str>> {
    if file == &*vm.file_name {
        return Some(std::rc::Rc::clone(&vm.source));
    }
    let (name, _) = crate::vm::library::FILES
        .iter()
        .find(|(_, shown)| *shown == file)?;
    crate::vm::library::source(name).map(|(_, _, text)| std::rc::Rc::from(text))
}

/// `threading.local` objects: each holds the attributes of the thread that ran last, as an
/// instance holds its attributes; the other threads' attributes wait here until their thread
/// runs again (CPython keeps one dict per thread and local).
#[derive(Clone, Debug, Default)]
pub struct ThreadLocals {
    /// The `_thread._local` class, once `threading` has registered it.
    pub base: Option<ObjId>,
    /// The thread whose attributes the local objects hold.
    owner: u32,
    entries: Vec<LocalEntry>,
}

impl ThreadLocals {
    /// The thread whose attributes the local objects hold.
    pub fn owner(&self) -> u32 {
        self.owner
    }
}

#[derive(Clone, Debug)]
struct LocalEntry {
    /// The local object; the entry holds a reference, so it lives as long as the process.
    obj: ObjId,
    /// The constructor's arguments (a tuple and a dict, owned), for `__init__` in each thread.
    args: Value,
    kwargs: Value,
    /// The attributes of threads not running: thread, shape and slot values (owned).
    saved: Vec<(u32, ShapeId, Vec<Value>)>,
    /// Threads whose attributes have been set up (the creator's by the constructor).
    seen: Vec<u32>,
}

impl Vm {
    /// Gives every local object the running thread's attributes (none yet for a thread that
    /// has not used it), keeping the previous thread's.
    pub fn switch_thread_locals(&mut self) {
        let (from, to) = (self.thread_locals.owner, self.thread_index);
        self.thread_locals.owner = to;
        for entry in &mut self.thread_locals.entries {
            let Obj::Instance(instance) = self.heap.get_mut(entry.obj) else {
                continue;
            };
            let shape = std::mem::replace(&mut instance.shape, Shapes::EMPTY);
            let slots = std::mem::take(&mut instance.slots);
            if let Some(pos) = entry.saved.iter().position(|(t, _, _)| *t == to) {
                let (_, shape, slots) = entry.saved.swap_remove(pos);
                instance.shape = shape;
                instance.slots = slots;
            }
            entry.saved.push((from, shape, slots));
        }
    }

    /// `_sim.thread_local_release()`: the running thread is ending, so its attributes of
    /// every local object go, as CPython deletes a thread's local dicts when it ends.
    fn release_thread_locals(&mut self) {
        let mut released = Vec::new();
        for entry in &mut self.thread_locals.entries {
            if let Obj::Instance(instance) = self.heap.get_mut(entry.obj) {
                instance.shape = Shapes::EMPTY;
                released.append(&mut instance.slots);
            }
        }
        self.heap.decref_all(released);
    }

    /// An instance of `class` was made with these arguments (borrowed): when `class` is a
    /// `threading.local`, remember the object and the arguments its `__init__` gets in each
    /// thread. Arguments without an `__init__` to take them are an error, as in C.
    pub fn register_thread_local(
        &mut self,
        class: ObjId,
        instance: Value,
        args: &[Value],
        kwargs: &[(Symbol, Value)],
    ) -> PyResult<()> {
        let Some(base) = self.thread_locals.base else {
            return Ok(());
        };
        let Some(obj) = instance.as_obj() else {
            return Ok(());
        };
        if !self.class(class).mro.contains(&base) {
            return Ok(());
        }
        if (!args.is_empty() || !kwargs.is_empty())
            && self.lookup_user(class, sym::__init__).is_none()
        {
            return Err(self.type_error("Initialization arguments are not supported"));
        }
        self.heap.incref(instance);
        self.heap.incref_all(args.iter().copied());
        let args = self.tuple_value(args.to_vec());
        let kwargs = self.names_dict(kwargs.to_vec());
        self.thread_locals.entries.push(LocalEntry {
            obj,
            args,
            kwargs,
            saved: Vec::new(),
            seen: vec![self.thread_index],
        });
        Ok(())
    }

    /// `_sim.thread_local_fresh(obj)`: the first time a thread asks about a local object it
    /// has not set up, and its class defines `__init__`, the constructor's `(args, kwargs)`
    /// to run that `__init__` with; else None.
    fn thread_local_fresh(&mut self, obj: Value) -> Value {
        let me = self.thread_index;
        let class = self.type_of(obj);
        let has_init = self.lookup_user(class, sym::__init__).is_some();
        let Some(entry) = self
            .thread_locals
            .entries
            .iter_mut()
            .find(|e| Some(e.obj) == obj.as_obj())
        else {
            return Value::NONE;
        };
        if entry.seen.contains(&me) {
            return Value::NONE;
        }
        entry.seen.push(me);
        if !has_init {
            return Value::NONE;
        }
        let (args, kwargs) = (entry.args, entry.kwargs);
        self.heap.incref_all([args, kwargs]);
        self.tuple_value(vec![args, kwargs])
    }
}
