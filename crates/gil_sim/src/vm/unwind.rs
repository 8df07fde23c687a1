//! Leaving a frame: a return delivers its value where the frame's [`OnReturn`] says, and an
//! exception unwinds to the nearest handler (3.11+'s exception tables, the block stack up to
//! 3.10), popping frames that have none.

use std::rc::Rc;

use crate::vm::eval::{Exit, Flow};
use crate::vm::frame::{Block, ClassBody, OnReturn, ThreadState};
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

impl Vm {
    /// Returns from the innermost frame with `value` (owned).
    pub fn op_return(&mut self, t: &mut ThreadState, value: Value) -> PyResult<Flow> {
        let frame = t
            .frames
            .pop()
            .expect("internal error: returning without a frame");
        self.release_frame_values(t, frame.base as usize, frame.return_sp as usize);
        self.heap.decref(frame.func);
        self.heap.decref(frame.locals);
        self.finish_frame(t, frame.on_return, value)
    }

    /// Releases a finished frame's locals and operand stack and cuts the stack back to where
    /// its call started.
    #[inline]
    pub(crate) fn release_frame_values(
        &mut self,
        t: &mut ThreadState,
        base: usize,
        return_sp: usize,
    ) {
        for value in &t.stack[base..] {
            self.heap.decref(*value);
        }
        t.stack.truncate(return_sp.min(base));
    }

    /// Delivers a returning frame's value according to its [`OnReturn`].
    pub fn finish_frame(
        &mut self,
        t: &mut ThreadState,
        on_return: OnReturn,
        value: Value,
    ) -> PyResult<Flow> {
        match on_return {
            OnReturn::Push | OnReturn::ForIterNext { .. } => {
                t.push(value);
                Ok(Flow::Reload)
            }
            OnReturn::Discard => {
                self.heap.decref(value);
                Ok(Flow::Reload)
            }
            OnReturn::Init { instance } => {
                if !value.is_none() {
                    let message = format!(
                        "__init__() should return None, not '{}'",
                        self.type_name(value)
                    );
                    self.heap.decref(value);
                    self.heap.decref(instance);
                    return Err(self.type_error(&message));
                }
                t.push(instance);
                Ok(Flow::Reload)
            }
            OnReturn::ClassBody(body) => {
                let ClassBody {
                    namespace,
                    name,
                    bases,
                    keywords,
                } = *body;
                let class = self.build_class(namespace, name, bases, keywords, value);
                self.heap
                    .decref_all([namespace, name, bases, keywords, value]);
                let class = class?;
                t.push(class);
                Ok(Flow::Reload)
            }
            OnReturn::Generator { generator, mode } => {
                self.generator_returned(t, generator, mode, value)
            }
            OnReturn::ThreadExit => {
                if t.frames.is_empty() {
                    Ok(Flow::Exit(Exit::Finished(value)))
                } else {
                    t.push(value);
                    Ok(Flow::Reload)
                }
            }
            OnReturn::Sync => Ok(Flow::Exit(Exit::SyncReturn(value))),
        }
    }

    /// Finds a handler for `exc` in the innermost frames, popping frames that have none.
    /// Returns `Some(exit)` when the exception leaves the thread or a synchronous call.
    pub fn unwind(&mut self, t: &mut ThreadState, exc: Value) -> Option<Exit> {
        let mut exc = exc;
        let reraise = std::mem::take(&mut t.reraise);
        if !reraise {
            self.chain_context(t, exc);
        }
        let mut first = true;
        loop {
            let Some(frame) = t.frames.last() else {
                return Some(Exit::Uncaught(exc));
            };
            let code_id = frame.code;
            let at = frame.ip;
            if !(first && reraise) {
                self.add_traceback(exc, code_id, at);
            }
            first = false;
            let code = Rc::clone(&self.codes[code_id.0 as usize]);
            if code.version.is_311_plus() {
                if let Some(entry) = code.handler_for(at).copied() {
                    let level =
                        t.frame().base as usize + code.localsplus.len() + entry.depth as usize;
                    let dropped: Vec<Value> = t.stack.drain(level.min(t.stack.len())..).collect();
                    self.heap.decref_all(dropped);
                    if entry.push_lasti {
                        t.push(Value::small_int(i64::from(at)));
                    }
                    t.push(exc);
                    t.frame_mut().ip = entry.handler;
                    return None;
                }
            } else if self.unwind_blocks(t, exc) {
                return None;
            }
            // No handler here: the frame is done.
            let frame = t.frames.pop().expect("internal error: frame vanished");
            self.release_frame_values(t, frame.base as usize, frame.return_sp as usize);
            self.heap.decref(frame.func);
            self.heap.decref(frame.locals);
            match frame.on_return {
                OnReturn::Sync => return Some(Exit::Uncaught(exc)),
                OnReturn::ThreadExit if t.frames.is_empty() => return Some(Exit::Uncaught(exc)),
                OnReturn::Generator { generator, mode } => {
                    self.close_generator_object(generator);
                    self.heap.decref(generator);
                    if self.version.bytecode() < crate::version::PyVersion::Py312 {
                        exc = self.stop_iteration_to_runtime_error(exc);
                    }
                    if mode == crate::vm::generator::GenMode::Sync {
                        return Some(Exit::Uncaught(exc));
                    }
                }
                OnReturn::ForIterNext { exit }
                    if self.isinstance(exc, self.types.exc(ExcKind::StopIteration)) =>
                {
                    // The iterator is exhausted: the loop ends in the caller.
                    self.heap.decref(exc);
                    let iter = t.pop();
                    self.heap.decref(iter);
                    t.frame_mut().ip = exit;
                    return None;
                }
                other => self.release_on_return(other),
            }
            // The caller's instruction is the call that raised.
            if let Some(caller) = t.frames.last_mut()
                && caller.ip > 0
            {
                caller.ip -= 1;
            }
        }
    }

    /// A new exception raised while another is handled gets it as `__context__`.
    pub(crate) fn chain_context(&mut self, t: &ThreadState, exc: Value) {
        let handled = t.handled;
        if handled.is_none() || handled.is_null() || handled == exc {
            return;
        }
        // Avoid a cycle: if `exc` already is in the context chain of `handled`, cut it there.
        let mut cursor = handled;
        let mut steps = 0;
        while let Some(data) = self.exc_data(cursor) {
            let next = data.context;
            if next == exc {
                if let Some(data) = self.exc_data_mut(cursor) {
                    data.context = Value::NONE;
                }
                self.heap.decref(exc);
                break;
            }
            if next.is_none() || steps > 100 {
                break;
            }
            cursor = next;
            steps += 1;
        }
        self.heap.incref(handled);
        if let Some(data) = self.exc_data_mut(exc) {
            let old = std::mem::replace(&mut data.context, handled);
            self.heap.decref(old);
        } else {
            self.heap.decref(handled);
        }
    }

    /// 3.9/3.10: the block stack decides where an exception goes. True when a handler now
    /// runs in this frame.
    pub(crate) fn unwind_blocks(&mut self, t: &mut ThreadState, exc: Value) -> bool {
        while let Some(block) = t.frame_mut().pop_block() {
            match block {
                Block::ExceptHandler { level } => {
                    // Leaving a handler restores the exception state it saved.
                    let keep = level as usize + 3;
                    let dropped: Vec<Value> = t.stack.drain(keep.min(t.stack.len())..).collect();
                    self.heap.decref_all(dropped);
                    let saved: Vec<Value> = t
                        .stack
                        .drain((level as usize).min(t.stack.len())..)
                        .collect();
                    self.restore_handled(t, saved);
                }
                Block::Finally { handler, level } => {
                    let dropped: Vec<Value> = t
                        .stack
                        .drain((level as usize).min(t.stack.len())..)
                        .collect();
                    self.heap.decref_all(dropped);
                    // The handler block, then the saved state and the new exception as
                    // (traceback, value, type) triples.
                    let level_now = t.stack.len() as u32;
                    t.frame_mut()
                        .push_block(Block::ExceptHandler { level: level_now });
                    let previous = std::mem::replace(&mut t.handled, exc);
                    if previous.is_none() {
                        t.push(Value::NULL);
                        t.push(Value::NULL);
                        t.push(Value::NONE);
                    } else {
                        let previous_type = Value::obj(self.type_of(previous));
                        self.heap.incref(previous_type);
                        t.push(Value::NONE);
                        t.push(previous);
                        t.push(previous_type);
                    }
                    self.heap.incref(exc);
                    let exc_type = Value::obj(self.type_of(exc));
                    self.heap.incref(exc_type);
                    t.push(Value::NONE);
                    t.push(exc);
                    t.push(exc_type);
                    t.frame_mut().ip = handler;
                    return true;
                }
            }
        }
        false
    }
}
