//! `_mp`, the primitive layer under the modelled `multiprocessing` module (Python, in
//! `vm/library`): starting and joining processes, queues between them, pickling, and what a
//! spawned child does first. Anything that involves another process is a [`Request`] for the
//! scheduler.

use std::rc::Rc;

use crate::vm::builtins::{Builtin, Request, args, native_value};
use crate::vm::frame::ThreadState;
use crate::vm::intern::Symbol;
use crate::vm::object::{NativeObj, Obj};
use crate::vm::ops::call::Called;
use crate::vm::output::Stream;
use crate::vm::pickle::MainOrigin;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, VTime, Vm};

fn timeout_of(vm: &mut Vm, value: Option<Value>) -> PyResult<Option<VTime>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => Ok(Some(VTime::from_secs_f64(args::float(vm, v)?.max(0.0)))),
    }
}

fn queue_of(vm: &mut Vm, value: Value) -> PyResult<u32> {
    match vm.heap.obj(value) {
        Some(Obj::Native(NativeObj::Queue(id))) => Ok(*id),
        _ => Err(vm.type_error("expected a multiprocessing queue")),
    }
}

/// Calls an `_mp` function.
pub fn call(
    vm: &mut Vm,
    t: &mut ThreadState,
    b: Builtin,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Called> {
    let _ = t;
    let name = b.name();
    args::only_kwargs(vm, name, kw, &[])?;
    let value = match b {
        Builtin::MpStart => {
            args::count(vm, name, a, 2, 2)?;
            let daemon = vm.truthy(a[1])?;
            let pickled = if &*vm.start_method == "fork" {
                None
            } else {
                Some(vm.pickle(a[0])?)
            };
            vm.heap.incref(a[0]);
            return Ok(Called::Request(Request::StartProcess {
                process: a[0],
                daemon,
                pickled,
            }));
        }
        Builtin::MpJoin => {
            args::count(vm, name, a, 2, 2)?;
            let pid = args::int(vm, a[0])?.clamp(0, i64::from(u32::MAX)) as u32;
            let timeout = timeout_of(vm, Some(a[1]))?;
            return Ok(Called::Request(Request::ProcessJoin { pid, timeout }));
        }
        Builtin::MpExitcode => {
            args::count(vm, name, a, 1, 1)?;
            let pid = args::int(vm, a[0])?;
            let code = vm
                .children
                .iter()
                .find(|(p, _)| i64::from(*p) == pid)
                .and_then(|(_, code)| *code);
            match code {
                Some(code) => vm.int_value(i64::from(code)),
                None => Value::NONE,
            }
        }
        Builtin::MpSetExitcode => {
            args::count(vm, name, a, 1, 1)?;
            vm.exitcode = Some(args::int(vm, a[0])?.clamp(-255, 255) as i32);
            Value::NONE
        }
        Builtin::MpQueue => {
            args::count(vm, name, a, 0, 0)?;
            vm.queues_made += 1;
            let id = (vm.pid << 12) | (vm.queues_made & 0xfff);
            native_value(vm, NativeObj::Queue(id))
        }
        Builtin::MpPut => {
            args::count(vm, name, a, 2, 2)?;
            let queue = queue_of(vm, a[0])?;
            let item = vm.pickle(a[1])?;
            return Ok(Called::Request(Request::QueuePut { queue, item }));
        }
        Builtin::MpGet => {
            args::count(vm, name, a, 3, 3)?;
            let queue = queue_of(vm, a[0])?;
            let timeout = if vm.truthy(a[1])? {
                timeout_of(vm, Some(a[2]))?
            } else {
                Some(VTime(0))
            };
            return Ok(Called::Request(Request::QueueGet { queue, timeout }));
        }
        Builtin::MpLoads => {
            args::count(vm, name, a, 1, 1)?;
            let data = match vm.heap.obj(a[0]) {
                Some(Obj::Native(NativeObj::Pickled(data))) => Rc::clone(data),
                _ => return Err(vm.type_error("expected pickled data")),
            };
            vm.unpickle(&data)?
        }
        Builtin::MpLoadProcess => {
            args::count(vm, name, a, 0, 0)?;
            let Some(data) = vm.spawn_data.take() else {
                return Err(vm.raise_msg(ExcKind::RuntimeError, "no process to load"));
            };
            vm.unpickle(&data)?
        }
        Builtin::MpPrepare => {
            args::count(vm, name, a, 0, 0)?;
            if let MainOrigin::ReImported(_) = vm.main_origin {
                vm.rerun_main_as_mp_main()?;
            }
            Value::NONE
        }
        Builtin::MpReport => {
            args::count(vm, name, a, 2, 2)?;
            let header = vm.str_string(a[0]);
            let text = vm.format_exception(a[1]);
            vm.write_output(Stream::Stderr, &format!("{header}\n{text}"));
            Value::NONE
        }
        Builtin::MpGetStartMethod => {
            args::count(vm, name, a, 0, 0)?;
            vm.str_from_rc(Rc::clone(&vm.start_method))
        }
        Builtin::MpSetStartMethod => {
            args::count(vm, name, a, 1, 1)?;
            let method = args::string(vm, name, "method", a[0])?;
            if !matches!(&*method, "fork" | "spawn" | "forkserver") {
                let message = format!("cannot find context for '{method}'");
                return Err(vm.raise_msg(ExcKind::ValueError, &message));
            }
            vm.start_method = method;
            Value::NONE
        }
        Builtin::MpNewId => {
            args::count(vm, name, a, 0, 0)?;
            vm.queues_made += 1;
            vm.int_value((i64::from(vm.pid) << 24) | i64::from(vm.queues_made))
        }
        Builtin::MpMemGet => {
            args::count(vm, name, a, 2, 2)?;
            let key = (args::int(vm, a[0])?, args::int(vm, a[1])?);
            return Ok(Called::Request(Request::MemGet { key }));
        }
        Builtin::MpMemSet => {
            args::count(vm, name, a, 3, 3)?;
            let key = (args::int(vm, a[0])?, args::int(vm, a[1])?);
            let value = vm.pickle(a[2])?;
            return Ok(Called::Request(Request::MemSet { key, value }));
        }
        Builtin::MpMemAdd => {
            args::count(vm, name, a, 3, 3)?;
            let key = (args::int(vm, a[0])?, args::int(vm, a[1])?);
            let delta = args::int(vm, a[2])?;
            return Ok(Called::Request(Request::MemAdd { key, delta }));
        }
        Builtin::MpQsize => {
            args::count(vm, name, a, 1, 1)?;
            let queue = queue_of(vm, a[0])?;
            return Ok(Called::Request(Request::QueueSize { queue }));
        }
        Builtin::MpKill => {
            args::count(vm, name, a, 2, 2)?;
            let pid = args::int(vm, a[0])?.clamp(0, i64::from(u32::MAX)) as u32;
            let signal = args::int(vm, a[1])?.clamp(1, 64) as i32;
            return Ok(Called::Request(Request::ProcessKill { pid, signal }));
        }
        Builtin::MpDumps => {
            args::count(vm, name, a, 1, 1)?;
            let data = vm.pickle(a[0])?;
            native_value(vm, NativeObj::Pickled(Rc::new(data)))
        }
        Builtin::MpFormatExc => {
            args::count(vm, name, a, 1, 1)?;
            let text = vm.format_exception(a[0]);
            vm.str_value(&text)
        }
        _ => return Err(vm.raise_msg(ExcKind::SystemError, "unknown _mp builtin")),
    };
    Ok(Called::Value(value))
}

impl Vm {
    /// A spawned child re-imports the program as `__mp_main__` (the `if __name__ ==
    /// "__main__":` part does not run), so functions pickled by name can be found.
    fn rerun_main_as_mp_main(&mut self) -> PyResult<()> {
        let source = Rc::clone(&self.source);
        let compiled = crate::compile(&source, self.version);
        let Some(code) = compiled.code else {
            return Err(self.raise_msg(ExcKind::RuntimeError, "the main module does not compile"));
        };
        let main = self.main_globals;
        let name = self.str_value("__mp_main__");
        self.dict_set_name(main, "__name__", name);
        let code_id = self.load_code(&code);
        self.run_module_code(code_id, main)
    }
}
