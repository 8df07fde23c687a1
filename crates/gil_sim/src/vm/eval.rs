//! The instruction loop: one `match` over decoded ops, with the frequent cases inline and the
//! rest in `ops/*`. It runs one thread until the thread finishes, raises out of its first
//! frame, asks the scheduler for something, or passes its deadline at a switch point.

use std::rc::Rc;

use crate::vm::code::{Code, Resume};
use crate::vm::frame::{Frame, OnReturn, ThreadState};
use crate::vm::fuse::{AUG_ATTR_LEN, AUG_ATTR_LOAD};
use crate::vm::object::{IterObj, Obj};
use crate::vm::op::{BinOp, CallLayout, CmpOp, NullPush, Op, Operand};
use crate::vm::races::Loc;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{Raised, VTime, Vm};

/// How often a nested synchronous call checks the instruction budget ([`Vm::run_nested`]).
const NESTED_CHECK_EVERY: VTime = VTime(1_000_000);

/// Why [`Vm::run_thread`] returned.
#[derive(Debug)]
pub enum Exit {
    /// The thread's first frame returned this value.
    Finished(Value),
    /// This exception escaped the thread's first frame.
    Uncaught(Value),
    /// The deadline passed and the thread stopped at a switch point.
    Switch,
    /// A native call needs the scheduler (sleep, locks, threads, I/O...).
    Request(crate::vm::builtins::Request),
    /// A nested synchronous call returned (see [`Vm::call_sync`]).
    SyncReturn(Value),
    /// The instruction budget or another cap was reached.
    Limit(&'static str),
}

/// How the loop continues after a handler.
pub enum Flow {
    /// Go on with the next instruction of the current frame.
    Next,
    /// The frame stack changed (call or return): reload the current frame.
    Reload,
    /// Leave the loop.
    Exit(Exit),
}

impl Vm {
    /// Runs `t` until it finishes, raises out of its first frame, needs the scheduler, or
    /// passes `deadline` at one of its version's switch points.
    ///
    /// The frequent instructions are handled right here on their fast paths (small ints,
    /// cached globals and attributes, calls of plain Python functions); anything else, and
    /// any fast path whose guard fails, goes through [`crate::vm::ops::slow::exec`].
    pub fn run_thread(&mut self, t: &mut ThreadState, deadline: VTime) -> Exit {
        if self.thread_locals.owner() != self.thread_index {
            self.switch_thread_locals();
        }
        let mut codes = Rc::clone(&self.codes);
        'frames: loop {
            // Importing a library module loads code while a thread runs.
            if !Rc::ptr_eq(&codes, &self.codes) {
                codes = Rc::clone(&self.codes);
            }
            let Some(frame) = t.frames.last() else {
                return Exit::Finished(Value::NONE);
            };
            let mut code: &Code = &codes[frame.code.0 as usize];
            let mut base = frame.base as usize;
            let mut globals = frame.globals;
            let mut ip = frame.ip as usize;
            // The clock and the instruction count live in registers on the fast paths and are
            // written back before anything else can look at them.
            let mut clock = self.clock.0;
            let mut count = self.instructions;
            let mut ops = &code.ops[..];
            loop {
                // A fast call or return changed the innermost frame: run it from here (the
                // code objects cannot have changed).
                macro_rules! load_frame {
                    () => {{
                        let frame = t.frame();
                        code = &codes[frame.code.0 as usize];
                        ops = &code.ops[..];
                        base = frame.base as usize;
                        globals = frame.globals;
                        ip = frame.ip as usize;
                        continue;
                    }};
                }
                let mut at = ip;
                // Instruction `at` starts: count it and its cost, and point past it.
                macro_rules! begin {
                    () => {{
                        ip = at + 1;
                        clock += u64::from(ops[at].1);
                        count += 1;
                    }};
                }
                // The next instruction of a superinstruction ran too: count it, and make it the
                // one whose switch point is checked.
                macro_rules! count_next {
                    () => {{
                        at += 1;
                        count += 1;
                        clock += u64::from(ops[at].1);
                    }};
                }
                // ... and go on after it.
                macro_rules! second {
                    () => {{
                        count_next!();
                        ip = at + 1;
                        true
                    }};
                }
                // A fused `LOAD_FAST` whose pair cannot finish: just the load.
                macro_rules! load_fast {
                    ($value:expr) => {{
                        let value = $value;
                        if value.is_null() {
                            false
                        } else {
                            self.heap.incref(value);
                            t.stack.push(value);
                            true
                        }
                    }};
                }
                // `CALL` of a plain Python function: enter it, or evaluate to false. The
                // callee's `RESUME` runs as part of the call, exactly as if dispatched.
                macro_rules! enter_call {
                    ($argc:expr, $layout:expr) => {{
                        t.frame_mut().ip = ip as u32;
                        match self.try_enter_simple(t, $argc as usize, $layout) {
                            Some(resume) => {
                                if clock >= deadline.0 && self.switch_after_reload(t, true) {
                                    t.frame_mut().ip = 0;
                                    self.clock.0 = clock;
                                    self.instructions = count;
                                    return Exit::Switch;
                                }
                                if let Some(resume) = resume {
                                    count += 1;
                                    clock += u64::from(resume.cost);
                                    if clock >= deadline.0
                                        && self.switch_at(t, resume.switch, false)
                                    {
                                        self.clock.0 = clock;
                                        self.instructions = count;
                                        return Exit::Switch;
                                    }
                                }
                                load_frame!()
                            }
                            None => false,
                        }
                    }};
                }
                // Return `value` (owned) to a caller that pushes it.
                macro_rules! fast_return {
                    ($value:expr) => {{
                        let value = $value;
                        // Taken apart field by field: the frame's drop is a call in wasm.
                        let Frame {
                            base: callee_base,
                            return_sp,
                            func,
                            locals,
                            on_return,
                            blocks,
                            ..
                        } = t
                            .frames
                            .pop()
                            .expect("internal error: returning without a frame");
                        debug_assert!(matches!(on_return, OnReturn::Push));
                        drop(blocks);
                        self.release_frame_values(t, callee_base as usize, return_sp as usize);
                        self.heap.decref(func);
                        self.heap.decref(locals);
                        t.stack.push(value);
                        if clock >= deadline.0 && self.switch_after_reload(t, false) {
                            self.clock.0 = clock;
                            self.instructions = count;
                            return Exit::Switch;
                        }
                        load_frame!()
                    }};
                }
                // A range iterator is exhausted: pop it and leave the loop.
                macro_rules! range_ended {
                    ($iter:expr, $exit:expr) => {{
                        t.stack.pop();
                        self.heap.decref($iter);
                        ip = $exit as usize;
                        true
                    }};
                }
                // `FOR_ITER exit; STORE_FAST x` over a range.
                macro_rules! for_iter_store {
                    ($exit:expr) => {{
                        let exit = $exit;
                        let iter = t.top();
                        match self.range_next(iter) {
                            Some(Some(value)) => match ops[at + 1].0 {
                                Op::StoreFast(i) => {
                                    let old =
                                        std::mem::replace(&mut t.stack[base + i as usize], value);
                                    self.heap.decref(old);
                                    second!()
                                }
                                _ => {
                                    t.stack.push(value);
                                    true
                                }
                            },
                            Some(None) => range_ended!(iter, exit),
                            None => false,
                        }
                    }};
                }
                // `LOAD_CONST c; [PRECALL;] CALL`: push the constant and call with it.
                macro_rules! load_const_call {
                    ($index:expr) => {{
                        let value = code.consts[$index as usize];
                        self.heap.incref(value);
                        t.stack.push(value);
                        if let Op::PrecallCall = ops[at + 1].0 {
                            count_next!();
                        }
                        match ops[at + 1].0 {
                            Op::Call { argc, layout } if t.kw_names.is_null() => {
                                second!();
                                enter_call!(argc, layout)
                            }
                            _ => {
                                ip = at + 1;
                                true
                            }
                        }
                    }};
                }
                begin!();
                // Matched in place: each arm reads only its own operands.
                let handled = match ops[at].0 {
                    Op::LoadFast(i) | Op::LoadFastCheck(i) => {
                        let value = t.stack[base + i as usize];
                        if value.is_null() {
                            false
                        } else {
                            self.heap.incref(value);
                            t.stack.push(value);
                            true
                        }
                    }
                    Op::StoreFast(i) => {
                        let value = t.pop();
                        let old = std::mem::replace(&mut t.stack[base + i as usize], value);
                        self.heap.decref(old);
                        true
                    }
                    Op::LoadConst(i) => {
                        let value = code.consts[i as usize];
                        self.heap.incref(value);
                        t.stack.push(value);
                        true
                    }
                    Op::PopTop => {
                        let value = t.pop();
                        self.heap.decref(value);
                        true
                    }
                    Op::PushNull => {
                        t.stack.push(Value::NULL);
                        true
                    }
                    Op::Copy(n) => {
                        let value = t.peek(n as usize);
                        self.heap.incref(value);
                        t.stack.push(value);
                        true
                    }
                    Op::Swap(n) => {
                        let len = t.stack.len();
                        t.stack.swap(len - 1, len - n as usize);
                        true
                    }
                    Op::Jump(target) => {
                        ip = target as usize;
                        true
                    }
                    Op::Resume | Op::Nop | Op::Precall => true,
                    Op::Binary(_) | Op::Inplace(_) => {
                        match binary_small(ops[at].0, t.peek(2), t.top()) {
                            Some(result) => {
                                t.stack.pop();
                                t.set_peek(1, result);
                                true
                            }
                            None => false,
                        }
                    }
                    Op::Compare(cmp) => {
                        match (t.peek(2).as_small_int(), t.peek(1).as_small_int()) {
                            (Some(a), Some(b)) => {
                                t.stack.pop();
                                t.set_peek(1, Value::bool(compare_ints(cmp, a, b)));
                                true
                            }
                            _ => false,
                        }
                    }
                    Op::PopJumpIfFalse(target) | Op::PopJumpIfTrue(target) => {
                        match t.top().as_bool() {
                            Some(truth) => {
                                t.stack.pop();
                                if truth == matches!(ops[at].0, Op::PopJumpIfTrue(_)) {
                                    ip = target as usize;
                                }
                                true
                            }
                            None => false,
                        }
                    }
                    Op::LoadGlobal { null, name } => match self.cached_global(code, at, globals) {
                        Some(value) => {
                            if self.races.enabled {
                                let loc = Loc::global(globals, code.names[name as usize]);
                                t.reads.push(loc, value, code.lines[at]);
                            }
                            self.heap.incref(value);
                            if null == NullPush::Before {
                                t.stack.push(Value::NULL);
                            }
                            t.stack.push(value);
                            if null == NullPush::After {
                                t.stack.push(Value::NULL);
                            }
                            true
                        }
                        None => false,
                    },
                    Op::StoreGlobal(name) => match self.cached_global_position(code, at, globals) {
                        Some(position) => {
                            let value = t.pop();
                            let old = self.dict_mut(globals).replace_at(position, value);
                            if self.races.enabled {
                                let loc = Loc::global(globals, code.names[name as usize]);
                                self.watch_write(t, loc, old.unwrap_or(Value::NULL), code, at);
                            }
                            if let Some(old) = old {
                                self.heap.decref(old);
                            }
                            true
                        }
                        None => false,
                    },
                    Op::LoadAttr(_) => {
                        let obj = t.top();
                        match self.cached_slot(code, at, obj) {
                            Some((id, slot)) => {
                                let value = self.read_slot(t, code, at, id, slot);
                                t.set_peek(1, value);
                                self.heap.decref(obj);
                                true
                            }
                            None => false,
                        }
                    }
                    Op::StoreAttr(_) => {
                        let obj = t.top();
                        match self.cached_slot(code, at, obj) {
                            Some((id, slot)) => {
                                t.stack.pop();
                                let value = t.pop();
                                let old = self.heap.set_instance_slot(id, slot, value);
                                if self.races.enabled {
                                    self.watch_write(t, Loc::slot(id, slot), old, code, at);
                                }
                                self.heap.decref(old);
                                self.heap.decref(obj);
                                true
                            }
                            None => false,
                        }
                    }
                    Op::LoadMethod { .. } => {
                        let obj = t.top();
                        match self.cached_method(code, at, obj) {
                            Some(func) => {
                                self.heap.incref(func);
                                t.set_peek(1, func);
                                t.stack.push(obj);
                                true
                            }
                            None => false,
                        }
                    }
                    Op::ForIter(exit) => {
                        let iter = t.top();
                        match self.range_next(iter) {
                            Some(Some(value)) => {
                                t.stack.push(value);
                                true
                            }
                            Some(None) => range_ended!(iter, exit),
                            None => false,
                        }
                    }
                    Op::Call { argc, layout } if t.kw_names.is_null() => {
                        enter_call!(argc, layout)
                    }
                    Op::ReturnValue | Op::ReturnConst(_) if returns_to_push(t) => {
                        let value = match ops[at].0 {
                            Op::ReturnConst(i) => {
                                let value = code.consts[i as usize];
                                self.heap.incref(value);
                                value
                            }
                            _ => t.pop(),
                        };
                        fast_return!(value)
                    }
                    Op::LoadFastLoadAttr(i) => {
                        let obj = t.stack[base + i as usize];
                        match self.cached_slot(code, at + 1, obj) {
                            Some((id, slot)) => {
                                let value = self.read_slot(t, code, at + 1, id, slot);
                                t.stack.push(value);
                                second!()
                            }
                            None => load_fast!(obj),
                        }
                    }
                    Op::LoadFastLoadMethod(i) => {
                        let obj = t.stack[base + i as usize];
                        match self.cached_method(code, at + 1, obj) {
                            Some(func) => {
                                self.heap.incref(func);
                                self.heap.incref(obj);
                                t.stack.push(func);
                                t.stack.push(obj);
                                second!();
                                // `obj.method(constant)`: the call follows at once when no
                                // switch can come between.
                                match ops[ip].0 {
                                    // Begun without `begin!`: the call sets `ip` itself.
                                    Op::LoadConstCall(i) if clock < deadline.0 => {
                                        at = ip;
                                        clock += u64::from(ops[at].1);
                                        count += 1;
                                        load_const_call!(i)
                                    }
                                    _ => true,
                                }
                            }
                            None => load_fast!(obj),
                        }
                    }
                    Op::CopyLoadAttr => {
                        let obj = t.top();
                        match self.cached_slot(code, at + 1, obj) {
                            Some((id, slot)) => {
                                let value = self.read_slot(t, code, at + 1, id, slot);
                                t.stack.push(value);
                                second!()
                            }
                            None => {
                                self.heap.incref(obj);
                                t.stack.push(obj);
                                true
                            }
                        }
                    }
                    Op::SwapStoreAttr => {
                        let obj = t.peek(2);
                        match self.cached_slot(code, at + 1, obj) {
                            Some((id, slot)) => {
                                let value = t.pop();
                                t.stack.pop();
                                let old = self.heap.set_instance_slot(id, slot, value);
                                if self.races.enabled {
                                    let loc = Loc::slot(id, slot);
                                    self.watch_write(t, loc, old, code, at + 1);
                                }
                                self.heap.decref(old);
                                self.heap.decref(obj);
                                second!()
                            }
                            None => {
                                let len = t.stack.len();
                                t.stack.swap(len - 1, len - 2);
                                true
                            }
                        }
                    }
                    Op::ForIterStoreFast(exit) => for_iter_store!(exit),
                    Op::LoadFastBinary(i) => {
                        let right = t.stack[base + i as usize];
                        match binary_small(ops[at + 1].0, t.top(), right) {
                            Some(result) => {
                                t.set_peek(1, result);
                                second!()
                            }
                            None => load_fast!(right),
                        }
                    }
                    Op::LoadConstBinary(i) => {
                        let right = code.consts[i as usize];
                        match binary_small(ops[at + 1].0, t.top(), right) {
                            Some(result) => {
                                t.set_peek(1, result);
                                second!()
                            }
                            None => {
                                self.heap.incref(right);
                                t.stack.push(right);
                                true
                            }
                        }
                    }
                    Op::PopTopJump => {
                        let value = t.pop();
                        self.heap.decref(value);
                        match ops[at + 1].0 {
                            Op::Jump(target) => {
                                count_next!();
                                ip = target as usize;
                                // The loop's next round at once when the jump cannot switch.
                                match ops[ip].0 {
                                    Op::ForIterStoreFast(exit) if clock < deadline.0 => {
                                        at = ip;
                                        begin!();
                                        for_iter_store!(exit)
                                    }
                                    _ => true,
                                }
                            }
                            _ => true,
                        }
                    }
                    Op::LoadConstReturn(i) => {
                        let value = code.consts[i as usize];
                        self.heap.incref(value);
                        if returns_to_push(t) {
                            count_next!();
                            fast_return!(value)
                        }
                        t.stack.push(value);
                        true
                    }
                    Op::LoadFastCopyLoadAttr(i) => {
                        let obj = t.stack[base + i as usize];
                        match self.cached_slot(code, at + 2, obj) {
                            Some((id, slot)) => {
                                // LOAD_FAST and COPY each take a reference to `obj`, and
                                // LOAD_ATTR gives one back.
                                let value = self.read_slot(t, code, at + 2, id, slot);
                                self.heap.incref(obj);
                                t.stack.push(obj);
                                t.stack.push(value);
                                // COPY, then LOAD_ATTR.
                                count_next!();
                                second!()
                            }
                            None => load_fast!(obj),
                        }
                    }
                    // The entry's cost is the whole run's (see `fuse.rs`). Without the GIL a
                    // thread may be stopped after any instruction: the seven run as one only
                    // if the deadline does not fall among them.
                    Op::AugAttr {
                        target,
                        operand,
                        op,
                    } => {
                        let last = at + AUG_ATTR_LEN - 1;
                        let fits =
                            !self.switch_anywhere || clock - u64::from(ops[last].1) < deadline.0;
                        let obj = t.stack[base + target as usize];
                        let right = match operand {
                            Operand::Fast(i) => t.stack[base + i as usize],
                            Operand::Const(i) => code.consts[i as usize],
                        };
                        match self
                            .aug_attr_small(code, at, obj, op, right)
                            .filter(|_| fits)
                        {
                            Some((id, slot, read, result)) => {
                                // References: `obj` is loaded, copied, given back by
                                // LOAD_ATTR and STORE_ATTR; the ints are inline.
                                let loc = Loc::slot(id, slot);
                                if self.races.enabled {
                                    t.reads.push(loc, read, code.lines[at + AUG_ATTR_LOAD]);
                                }
                                let old = self.heap.set_instance_slot(id, slot, result);
                                count += (last - at) as u64;
                                at = last;
                                if self.races.enabled {
                                    self.watch_write(t, loc, old, code, at);
                                }
                                ip = at + 1;
                                true
                            }
                            None => {
                                // Just the LOAD_FAST, at its own cost.
                                clock -= ops[at + 1..=last]
                                    .iter()
                                    .map(|(_, cost)| u64::from(*cost))
                                    .sum::<u64>();
                                load_fast!(obj)
                            }
                        }
                    }
                    Op::LoadConstCall(i) => load_const_call!(i),
                    Op::PrecallCall => {
                        second!();
                        match ops[at].0 {
                            Op::Call { argc, layout } if t.kw_names.is_null() => {
                                enter_call!(argc, layout)
                            }
                            _ => false,
                        }
                    }
                    _ => false,
                };
                if handled {
                    if clock >= deadline.0 && self.is_switch_point(t, code, at, ip) {
                        self.clock.0 = clock;
                        self.instructions = count;
                        t.frame_mut().ip = ip as u32;
                        return Exit::Switch;
                    }
                    continue;
                }
                self.clock.0 = clock;
                self.instructions = count;
                t.frame_mut().ip = ip as u32;
                let depth = t.frames.len();
                let flow = crate::vm::ops::slow::exec(self, t, code, at);
                if self.over_memory_budget() {
                    return Exit::Limit(crate::vm::memory::MEMORY_BUDGET);
                }
                match flow {
                    Ok(Flow::Next) => {
                        ip = t.frame().ip as usize;
                        clock = self.clock.0;
                        count = self.instructions;
                        if self.clock >= deadline && self.is_switch_point(t, code, at, ip) {
                            return Exit::Switch;
                        }
                        if !Rc::ptr_eq(&codes, &self.codes) {
                            continue 'frames;
                        }
                    }
                    Ok(Flow::Reload) => {
                        let deeper = t.frames.len() > depth;
                        if self.clock >= deadline && self.switch_after_reload(t, deeper) {
                            return Exit::Switch;
                        }
                        continue 'frames;
                    }
                    Ok(Flow::Exit(exit)) => return exit,
                    Err(Raised(exc)) => {
                        if t.frames.len() == depth {
                            t.frame_mut().ip = at as u32;
                        } else if let Some(frame) = t.frames.last_mut() {
                            frame.ip = frame.ip.saturating_sub(1);
                        }
                        match self.unwind(t, exc) {
                            Some(exit) => return exit,
                            None => continue 'frames,
                        }
                    }
                }
            }
        }
    }

    /// `next()` of a range iterator without leaving the loop: `Some(Some(v))`, `Some(None)`
    /// when exhausted, `None` if `iter` is not a range iterator.
    #[inline(always)]
    fn range_next(&mut self, iter: Value) -> Option<Option<Value>> {
        let id = iter.as_obj()?;
        let Obj::Iter(IterObj::Range { next, stop, step }) = self.heap.get_mut(id) else {
            return None;
        };
        let current = *next;
        let more = if *step > 0 {
            current < *stop
        } else {
            current > *stop
        };
        if !more {
            return Some(None);
        }
        *next = current.saturating_add(*step);
        if Value::int_fits(current) {
            Some(Some(Value::small_int(current)))
        } else {
            Some(Some(self.int_value(current)))
        }
    }

    /// The fast path of [`Op::AugAttr`] at `at`: when the `LOAD_ATTR` cache vouches for an
    /// instance slot of `obj` and it and `right` are small ints with a small result, the slot,
    /// the value read and the result. The `STORE_ATTR` writes that same slot: the object and its
    /// shape do not change in between, and a cached slot means no property on the class (both
    /// caches are filled under the same conditions).
    #[inline(always)]
    fn aug_attr_small(
        &self,
        code: &Code,
        at: usize,
        obj: Value,
        op: BinOp,
        right: Value,
    ) -> Option<(crate::vm::value::ObjId, usize, Value, Value)> {
        let (id, slot) = self.cached_slot(code, at + AUG_ATTR_LOAD, obj)?;
        let read = self.heap.instance_slot(id, slot);
        let result = small_int_op(op, read.as_small_int()?, right.as_small_int()?)?;
        Some((id, slot, read, result))
    }

    /// Instance slot `slot` of `id` (vouched for by the cache of instruction `at`), with a new
    /// reference, noted as a read for lost-update detection.
    #[inline(always)]
    fn read_slot(
        &mut self,
        t: &mut ThreadState,
        code: &Code,
        at: usize,
        id: crate::vm::value::ObjId,
        slot: usize,
    ) -> Value {
        let value = self.heap.instance_slot(id, slot);
        if self.races.enabled {
            t.reads.push(Loc::slot(id, slot), value, code.lines[at]);
        }
        self.heap.incref(value);
        value
    }

    /// `CALL` of a plain Python function with exactly its positional arguments: the
    /// arguments become the callee's first locals where they are. `None` when the call needs
    /// the general path; otherwise the callee's `RESUME`, if it has one, which the caller
    /// runs as part of the call (the frame starts after it).
    #[inline(always)]
    fn try_enter_simple(
        &mut self,
        t: &mut ThreadState,
        argc: usize,
        layout: CallLayout,
    ) -> Option<Option<Resume>> {
        let len = t.stack.len();
        let (return_sp, func_at, args_start) =
            crate::vm::ops::call::call_slots(&t.stack, argc, layout);
        let func = t.stack[func_at];
        let Obj::Function(f) = self.heap.get(func.as_obj()?) else {
            return None;
        };
        let entry = f.fast_entry?;
        let (code_id, func_globals) = (f.code, f.globals);
        if entry.arg_count as usize != len - args_start || t.frames.len() >= self.limits.max_frames
        {
            return None;
        }
        let resume = entry.resume;
        for _ in len..args_start + entry.slots as usize {
            t.stack.push(Value::NULL);
        }
        for slot in &mut t.stack[return_sp..args_start] {
            *slot = Value::NULL;
        }
        t.frames.push(Frame {
            code: code_id,
            ip: u32::from(resume.is_some()),
            base: args_start as u32,
            return_sp: return_sp as u32,
            globals: func_globals,
            locals: Value::NULL,
            func,
            on_return: OnReturn::Push,
            blocks: None,
        });
        Some(resume)
    }

    /// Runs a nested synchronous call (Python code called by a builtin, a module being
    /// imported, a generator resumed by native code) to its end. Nothing else runs meanwhile,
    /// so it comes back only to check the run's instruction budget, every millisecond of
    /// virtual time, and stops there when the budget is spent.
    pub fn run_nested(&mut self, t: &mut ThreadState) -> Exit {
        loop {
            // Checked first too: a builtin may resume a generator again and again.
            if self.instructions >= self.instruction_limit {
                return Exit::Limit("the instruction budget");
            }
            let deadline = VTime(self.clock.0.saturating_add(NESTED_CHECK_EVERY.0));
            match self.run_thread(t, deadline) {
                Exit::Switch => {}
                exit => return exit,
            }
        }
    }

    /// `UnboundLocalError`/`NameError` for an empty local, cell or free variable.
    #[cold]
    #[inline(never)]
    pub fn unbound_local(&mut self, code: &Code, slot: u16) -> Raised {
        let name = self.sym_name(code.localsplus[slot as usize]);
        let v311 = self.version.is_311_plus();
        if (slot as u32) < code.nlocals + code.ncells {
            let message = if v311 {
                format!(
                    "cannot access local variable '{name}' where it is not associated with a value"
                )
            } else {
                format!("local variable '{name}' referenced before assignment")
            };
            self.raise_msg(ExcKind::UnboundLocalError, &message)
        } else {
            let message = if v311 {
                format!(
                    "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
                )
            } else {
                format!("free variable '{name}' referenced before assignment in enclosing scope")
            };
            self.raise_msg(ExcKind::NameError, &message)
        }
    }
}

/// `a op b` for two ints.
#[inline(always)]
fn compare_ints(op: CmpOp, a: i64, b: i64) -> bool {
    match op {
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
    }
}

/// `BINARY_OP`/`INPLACE_*` `op` on two small ints without leaving the loop; None for any
/// other operands or op, or when the result needs the general path.
#[inline(always)]
fn binary_small(op: Op, left: Value, right: Value) -> Option<Value> {
    let (Op::Binary(bin) | Op::Inplace(bin)) = op else {
        return None;
    };
    small_int_op(bin, left.as_small_int()?, right.as_small_int()?)
}

/// True when the innermost frame returns to a caller frame that pushes the value.
#[inline(always)]
fn returns_to_push(t: &ThreadState) -> bool {
    matches!(t.frame().on_return, OnReturn::Push) && t.frames.len() > 1
}

/// `a op b` for inline ints when the result is an inline int too (the hot path).
#[inline(always)]
fn small_int_op(op: BinOp, a: i64, b: i64) -> Option<Value> {
    let result = match op {
        BinOp::Add => a.checked_add(b)?,
        BinOp::Sub => a.checked_sub(b)?,
        BinOp::Mul => a.checked_mul(b)?,
        BinOp::And => a & b,
        BinOp::Or => a | b,
        BinOp::Xor => a ^ b,
        _ => return None,
    };
    if Value::int_fits(result) {
        Some(Value::small_int(result))
    } else {
        None
    }
}
