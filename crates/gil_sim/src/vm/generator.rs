//! Generators: a suspended frame with its locals and operand stack, resumed on the running
//! thread (so a long generator can lose the GIL like any frame) by `FOR_ITER`, or run to its
//! next `yield` synchronously when native code asks (`next()`, `list(generator)`, `yield from`).

use std::rc::Rc;

use crate::version::PyVersion;
use crate::vm::eval::{Exit, Flow};
use crate::vm::frame::{Frame, OnReturn, ThreadState};
use crate::vm::object::Obj;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Raised, Vm};

/// Where a generator is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenState {
    /// Made but never run.
    Created,
    /// Stopped at a `yield`.
    Suspended,
    /// Its frame is on a thread's frame stack.
    Running,
    /// Returned, raised or closed.
    Closed,
}

/// Who resumed a generator, which decides where its next value goes. Every mode but `Sync`
/// runs the generator's frame on the resuming thread's own frame stack, so its code switches
/// threads and blocks like any other Python code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenMode {
    /// `FOR_ITER` in the caller's frame: push the value, or on return pop the iterator and
    /// continue at `exit`.
    ForIter { exit: u32 },
    /// `next(gen)` or `gen.send(v)` called from Python code: a yielded value is the call's
    /// result; a return raises `StopIteration` (with the value) at the call.
    Call,
    /// `SEND` (3.11+: `yield from`, `await`): a yielded value goes on the delegating frame's
    /// stack for its `YIELD_VALUE`; a return value is pushed there and it goes on at `exit`.
    Send { exit: u32 },
    /// `YIELD_FROM` (up to 3.10): the delegating generator yields a yielded value on, and
    /// runs `YIELD_FROM` (at `at`) again when resumed; a return value is pushed and it goes on.
    YieldFrom { at: u32 },
    /// Native code waiting for the value ([`Vm::gen_send_sync`]).
    Sync,
}

/// A generator object.
#[derive(Clone, Debug)]
pub struct GenObj {
    pub state: GenState,
    /// The frame while suspended (its `base` and `return_sp` are meaningless then).
    pub frame: Option<Frame>,
    /// The frame's locals and operand stack while suspended.
    pub values: Vec<Value>,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
}

impl GenObj {
    /// Calls `visit` with every value the generator holds.
    pub fn for_each_child(&self, visit: &mut dyn FnMut(Value)) {
        self.values.iter().for_each(|v| visit(*v));
        if let Some(frame) = &self.frame {
            visit(frame.func);
            visit(frame.locals);
        }
    }
}

impl Vm {
    /// Turns the innermost frame (a generator function just called) into a generator object
    /// and delivers it to the caller: 3.11+'s `RETURN_GENERATOR`, and the call itself up to
    /// 3.10.
    pub fn suspend_new_generator(&mut self, t: &mut ThreadState) -> PyResult<Flow> {
        let mut frame = t.frames.pop().expect("internal error: no generator frame");
        let values = t.stack.split_off(frame.base as usize);
        t.stack.truncate(frame.return_sp as usize);
        let on_return = std::mem::replace(&mut frame.on_return, OnReturn::Push);
        let code = self.code(frame.code);
        let name = Rc::clone(&code.source.name);
        let qualname = Rc::clone(&code.qualname);
        let generator = GenObj {
            state: GenState::Created,
            frame: Some(frame),
            values,
            name,
            qualname,
        };
        let value = Value::obj(self.heap.alloc(Obj::Generator(Box::new(generator))));
        self.finish_frame(t, on_return, value)
    }

    /// Puts a suspended generator's frame back on `t` and sends `sent` (owned) into it.
    /// `Ok(false)` if the generator is already finished.
    pub fn resume_generator(
        &mut self,
        t: &mut ThreadState,
        generator: Value,
        sent: Value,
        mode: GenMode,
    ) -> PyResult<bool> {
        let id = generator
            .as_obj()
            .expect("internal error: a generator is an object");
        let Obj::Generator(g) = self.heap.get_mut(id) else {
            self.heap.decref(sent);
            return Err(self.type_error("expected a generator"));
        };
        match g.state {
            GenState::Running => {
                self.heap.decref(sent);
                return Err(self.raise_msg(ExcKind::ValueError, "generator already executing"));
            }
            GenState::Closed => {
                self.heap.decref(sent);
                return Ok(false);
            }
            GenState::Created | GenState::Suspended => {}
        }
        let first = g.state == GenState::Created;
        let Some(mut frame) = g.frame.take() else {
            self.heap.decref(sent);
            return Ok(false);
        };
        let values = std::mem::take(&mut g.values);
        g.state = GenState::Running;
        let base = t.stack.len();
        t.stack.extend(values);
        frame.base = base as u32;
        frame.return_sp = base as u32;
        self.heap.incref(generator);
        frame.on_return = OnReturn::Generator { generator, mode };
        t.frames.push(frame);
        // A just-started 3.9 generator has nothing waiting for the sent value.
        if first && self.version.bytecode() == PyVersion::Py39 {
            if !sent.is_none() {
                self.heap.decref(sent);
                return Err(
                    self.type_error("can't send non-None value to a just-started generator")
                );
            }
        } else {
            t.push(sent);
        }
        Ok(true)
    }

    /// `YIELD_VALUE`: suspends the generator frame and hands `value` (owned) to whoever
    /// resumed it.
    pub fn yield_value(&mut self, t: &mut ThreadState, value: Value) -> PyResult<Flow> {
        let mut frame = t
            .frames
            .pop()
            .expect("internal error: yield without a frame");
        let values = t.stack.split_off(frame.base as usize);
        let OnReturn::Generator { generator, mode } =
            std::mem::replace(&mut frame.on_return, OnReturn::Push)
        else {
            self.heap.decref_all(values);
            self.heap.decref(value);
            return Err(self.raise_msg(ExcKind::SystemError, "yield outside a generator frame"));
        };
        if let Some(Obj::Generator(g)) = generator.as_obj().map(|id| self.heap.get_mut(id)) {
            g.state = GenState::Suspended;
            g.frame = Some(frame);
            g.values = values;
        }
        self.heap.decref(generator);
        match mode {
            GenMode::ForIter { .. } | GenMode::Call | GenMode::Send { .. } => {
                t.push(value);
                Ok(Flow::Reload)
            }
            GenMode::YieldFrom { at } => {
                t.frame_mut().ip = at;
                self.yield_value(t, value)
            }
            GenMode::Sync => Ok(Flow::Exit(Exit::SyncReturn(value))),
        }
    }

    /// A generator frame returned `value` (owned): the generator is finished.
    pub fn generator_returned(
        &mut self,
        t: &mut ThreadState,
        generator: Value,
        mode: GenMode,
        value: Value,
    ) -> PyResult<Flow> {
        self.close_generator_object(generator);
        self.heap.decref(generator);
        match mode {
            GenMode::ForIter { exit } => {
                self.heap.decref(value);
                let iter = t.pop();
                self.heap.decref(iter);
                t.frame_mut().ip = exit;
                Ok(Flow::Reload)
            }
            GenMode::Call => {
                let args = if value.is_none() {
                    Vec::new()
                } else {
                    vec![value]
                };
                Err(self.raise_args(ExcKind::StopIteration, args))
            }
            GenMode::Send { exit } => {
                if self.version.bytecode() == PyVersion::Py311 {
                    let receiver = t.pop();
                    self.heap.decref(receiver);
                }
                t.push(value);
                t.frame_mut().ip = exit;
                Ok(Flow::Reload)
            }
            GenMode::YieldFrom { .. } => {
                let receiver = t.pop();
                self.heap.decref(receiver);
                t.push(value);
                Ok(Flow::Reload)
            }
            GenMode::Sync => {
                self.finished_value = Some(value);
                Ok(Flow::Exit(Exit::SyncReturn(Value::NONE)))
            }
        }
    }

    /// Resumes `generator` (owned) for a call made from Python code (`next(gen)`,
    /// `gen.send(v)`), sending `sent` (owned): its frame runs on `t`. A finished generator
    /// raises `StopIteration` at once.
    pub fn resume_for_call(
        &mut self,
        t: &mut ThreadState,
        generator: Value,
        sent: Value,
    ) -> PyResult<Flow> {
        let resumed = self.resume_generator(t, generator, sent, GenMode::Call);
        self.heap.decref(generator);
        if resumed? {
            Ok(Flow::Reload)
        } else {
            Err(self.raise_args(ExcKind::StopIteration, Vec::new()))
        }
    }

    /// Marks a generator finished.
    pub fn close_generator_object(&mut self, generator: Value) {
        if let Some(Obj::Generator(g)) = generator.as_obj().map(|id| self.heap.get_mut(id)) {
            g.state = GenState::Closed;
        }
    }

    /// Up to 3.11 the interpreter turns a `StopIteration` leaving a generator into
    /// `RuntimeError` (PEP 479); 3.12+ compiles a handler that does it.
    pub fn stop_iteration_to_runtime_error(&mut self, exc: Value) -> Value {
        if !self.isinstance(exc, self.types.exc(ExcKind::StopIteration)) {
            return exc;
        }
        let replacement = self
            .raise_msg(ExcKind::RuntimeError, "generator raised StopIteration")
            .0;
        if let Some(data) = self.exc_data_mut(replacement) {
            data.cause = exc;
            data.context = exc;
            data.suppress_context = true;
        }
        self.heap.incref(exc);
        replacement
    }

    /// `generator.send(sent)` for native code: runs the generator to its next `yield` on a scratch
    /// thread state. `Ok(Some(v))` for a yielded value, `Ok(None)` when it returned (its
    /// return value is left in `finished_value`).
    pub fn gen_send_sync(&mut self, generator: Value, sent: Value) -> PyResult<Option<Value>> {
        let mut scratch = ThreadState::new();
        if !self.resume_generator(&mut scratch, generator, sent, GenMode::Sync)? {
            return Ok(None);
        }
        self.finish_sync_generator(&mut scratch)
    }

    /// `generator.throw(exc)`: raises `exc` (owned) where the generator is suspended.
    pub fn gen_throw_sync(&mut self, generator: Value, exc: Value) -> PyResult<Option<Value>> {
        let state = match self.heap.obj(generator) {
            Some(Obj::Generator(g)) => g.state,
            _ => GenState::Closed,
        };
        if state == GenState::Created || state == GenState::Closed {
            self.close_generator_object(generator);
            return Err(Raised(exc));
        }
        let mut scratch = ThreadState::new();
        self.resume_generator(&mut scratch, generator, Value::NONE, GenMode::Sync)?;
        // The exception appears at the `yield` the generator is suspended on.
        let none = scratch.pop();
        self.heap.decref(none);
        let frame = scratch.frame_mut();
        frame.ip = frame.ip.saturating_sub(1);
        if self.version.is_311_plus() {
            let code = Rc::clone(self.code(scratch.frame().code));
            let frame = scratch.frame_mut();
            if frame.ip > 0 && matches!(code.plain[frame.ip as usize], crate::vm::op::Op::Resume) {
                frame.ip -= 1;
            }
        }
        if let Some(exit) = self.unwind(&mut scratch, exc) {
            return match exit {
                Exit::Uncaught(exc) => Err(Raised(exc)),
                _ => Ok(None),
            };
        }
        self.finish_sync_generator(&mut scratch)
    }

    fn finish_sync_generator(&mut self, scratch: &mut ThreadState) -> PyResult<Option<Value>> {
        match self.run_nested(scratch) {
            Exit::SyncReturn(value) => {
                if self.finished_value.is_some() {
                    Ok(None)
                } else {
                    Ok(Some(value))
                }
            }
            Exit::Uncaught(exc) => Err(Raised(exc)),
            Exit::Limit(reason) => {
                self.stop = Some(reason);
                Err(self.raise_msg(ExcKind::RuntimeError, reason))
            }
            Exit::Finished(value) => {
                self.heap.decref(value);
                Ok(None)
            }
            Exit::Switch | Exit::Request(_) => Err(self.raise_msg(
                ExcKind::RuntimeError,
                "a generator resumed from inside a builtin cannot block or wait in this simulator",
            )),
        }
    }

    /// `next(generator)` for native code: the next value, or `None` when exhausted.
    pub fn gen_next(&mut self, generator: Value) -> PyResult<Option<Value>> {
        let result = self.gen_send_sync(generator, Value::NONE);
        if let Some(value) = self.finished_value.take() {
            self.heap.decref(value);
        }
        result
    }

    /// `generator.close()`.
    pub fn gen_close(&mut self, generator: Value) -> PyResult<()> {
        let state = match self.heap.obj(generator) {
            Some(Obj::Generator(g)) => g.state,
            _ => GenState::Closed,
        };
        if state != GenState::Suspended {
            self.close_generator_object(generator);
            return Ok(());
        }
        let exit = self.raise_args(ExcKind::GeneratorExit, Vec::new()).0;
        match self.gen_throw_sync(generator, exit) {
            Ok(Some(value)) => {
                self.heap.decref(value);
                Err(self.raise_msg(ExcKind::RuntimeError, "generator ignored GeneratorExit"))
            }
            Ok(None) => {
                if let Some(value) = self.finished_value.take() {
                    self.heap.decref(value);
                }
                Ok(())
            }
            Err(raised) => {
                let ok = self.isinstance(raised.0, self.types.exc(ExcKind::GeneratorExit))
                    || self.isinstance(raised.0, self.types.exc(ExcKind::StopIteration));
                if ok {
                    self.heap.decref(raised.0);
                    Ok(())
                } else {
                    Err(raised)
                }
            }
        }
    }

    /// `send` to any sub-iterator of `yield from`: generators get the value, other
    /// iterators are advanced with `next` (only `None` may be sent to them).
    /// `Ok(Ok(v))`: it produced `v`; `Ok(Err(r))`: it finished with return value `r`.
    pub fn delegate_send(
        &mut self,
        receiver: Value,
        sent: Value,
    ) -> PyResult<Result<Value, Value>> {
        if let Some(Obj::Generator(_)) = self.heap.obj(receiver) {
            return match self.gen_send_sync(receiver, sent)? {
                Some(value) => Ok(Ok(value)),
                None => Ok(Err(self.finished_value.take().unwrap_or(Value::NONE))),
            };
        }
        if !sent.is_none() {
            self.heap.decref(sent);
            let message = format!(
                "'{}' object has no attribute 'send'",
                self.type_name(receiver)
            );
            return Err(self.raise_msg(ExcKind::AttributeError, &message));
        }
        match self.iter_next(receiver)? {
            Some(value) => Ok(Ok(value)),
            None => Ok(Err(Value::NONE)),
        }
    }
}
