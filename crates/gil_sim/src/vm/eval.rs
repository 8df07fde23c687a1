//! The instruction loop: one `match` over decoded ops, with the frequent cases inline and the
//! rest in `ops/*`. It runs one thread until the thread finishes, raises out of its first
//! frame, asks the scheduler for something, or passes its deadline at a switch point.

use std::rc::Rc;

use crate::bytecode::{CodeKind, CodeObject};
use crate::vm::code::{Code, Resume, Switch, decode_ops, instruction_lines, switch_points};
use crate::vm::frame::{Block, ClassBody, Frame, OnReturn, ThreadState};
use crate::vm::fuse::{AUG_ATTR_LEN, AUG_ATTR_LOAD};
use crate::vm::intern::Symbol;
use crate::vm::object::{FastEntry, IterObj, Obj};
use crate::vm::op::{BinOp, CallLayout, CmpOp, NullPush, Op, Operand};
use crate::vm::races::{Loc, LostUpdate, MAX_DETAILED};
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Raised, VTime, Vm};

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

/// A code object that is being decoded (its constants may refer to it).
pub fn placeholder_code(code: &Rc<CodeObject>) -> Code {
    Code {
        source: Rc::clone(code),
        version: code.version,
        ops: Box::new([]),
        plain: Box::new([]),
        switch: Box::new([]),
        lines: Box::new([]),
        consts: Box::new([]),
        names: Box::new([]),
        localsplus: Box::new([]),
        nlocals: 0,
        ncells: 0,
        nfree: 0,
        cell_slots: Box::new([]),
        implicit_cells: false,
        arg_count: 0,
        posonly_count: 0,
        kwonly_count: 0,
        varargs: false,
        varkeywords: false,
        exception_table: Box::new([]),
        kind: code.kind,
        name: Symbol(0),
        qualname: Rc::clone(&code.qualname),
        stack_size: 0,
        simple_args: false,
        generator: false,
        fast_entry: None,
        docstring: Value::NONE,
        caches: Box::new([]),
        library: None,
        machinery: false,
        native: false,
    }
}

/// Builds the executable form of a code object.
pub fn decode(vm: &mut Vm, code: &Rc<CodeObject>, consts: Vec<Value>) -> Code {
    let names: Vec<Symbol> = code.names.iter().map(|n| vm.sym(n)).collect();
    let mut localsplus: Vec<Symbol> = code.varnames.iter().map(|n| vm.sym(n)).collect();
    let nlocals = localsplus.len() as u32;
    let mut cell_slots = Vec::new();
    for cell in &code.cellvars {
        let symbol = vm.sym(cell);
        match localsplus.iter().position(|s| *s == symbol) {
            Some(position) => cell_slots.push(position as u32),
            None => {
                cell_slots.push(localsplus.len() as u32);
                localsplus.push(symbol);
            }
        }
    }
    let ncells = localsplus.len() as u32 - nlocals;
    for free in &code.freevars {
        localsplus.push(vm.sym(free));
    }
    let nfree = code.freevars.len() as u32;
    let v = code.version.bytecode();
    // Up to 3.10 `*_DEREF` numbers cells then free variables; map to localsplus positions.
    let cells_and_frees: Vec<u32> = cell_slots
        .iter()
        .copied()
        .chain((0..nfree).map(|i| nlocals + ncells + i))
        .collect();
    let deref = |arg: u32| -> u32 {
        if v.is_311_plus() {
            arg
        } else {
            cells_and_frees.get(arg as usize).copied().unwrap_or(arg)
        }
    };
    let plain = decode_ops(code, &deref);
    // Library code standing in for C code never switches threads and runs at C's speed.
    let native = vm
        .loading_library
        .as_ref()
        .is_some_and(|(file, _)| crate::vm::library::is_native(file));
    let plain: Vec<Op> = if native {
        plain
            .into_iter()
            .map(|op| match op {
                Op::Call { argc, layout } => Op::CallFromC { argc, layout },
                other => other,
            })
            .collect()
    } else {
        plain
    };
    let costs: Vec<u32> = plain
        .iter()
        .map(|op| if native { native_cost(op) } else { op_cost(op) })
        .collect();
    let switch = if native {
        vec![Switch::Never; plain.len()]
    } else {
        switch_points(code)
    };
    // A steered run stops after every instruction it dispatches: without superinstructions,
    // its steps are the same whether or not a fast path's cache holds.
    let ops = if vm.steered || native {
        plain.iter().copied().zip(costs.iter().copied()).collect()
    } else {
        crate::vm::fuse::fuse(&plain, &costs, &switch)
    };
    let name = vm.sym(&code.name);
    let stack_size = 16;
    let simple_args = !code.flags.varargs && !code.flags.varkeywords && code.kwonly_arg_count == 0;
    let implicit_cells = !v.is_311_plus();
    // Up to 3.10 a frame with cells or free variables makes them when it starts: the general
    // entry does that.
    let makes_cells = implicit_cells && (!cell_slots.is_empty() || nfree > 0);
    let fast_entry = (simple_args && (!code.flags.generator || v.is_311_plus()) && !makes_cells)
        .then(|| FastEntry {
            arg_count: code.arg_count,
            slots: localsplus.len() as u32,
            resume: match ops.first() {
                Some(&(Op::Resume, cost)) => Some(Resume {
                    cost,
                    switch: switch[0],
                }),
                _ => None,
            },
        });
    let docstring = match (code.kind, consts.first()) {
        (CodeKind::Function, Some(first)) if vm.as_str(*first).is_some() => *first,
        _ => Value::NONE,
    };
    Code {
        source: Rc::clone(code),
        version: code.version,
        ops: ops.into_boxed_slice(),
        plain: plain.into_boxed_slice(),
        switch: switch.into_boxed_slice(),
        lines: instruction_lines(code).into_boxed_slice(),
        consts: consts.into_boxed_slice(),
        names: names.into_boxed_slice(),
        localsplus: localsplus.into_boxed_slice(),
        nlocals,
        ncells,
        nfree,
        cell_slots: cell_slots.into_boxed_slice(),
        implicit_cells,
        arg_count: code.arg_count,
        posonly_count: code.posonly_arg_count,
        kwonly_count: code.kwonly_arg_count,
        varargs: code.flags.varargs,
        varkeywords: code.flags.varkeywords,
        exception_table: code.exception_table.clone().into_boxed_slice(),
        kind: code.kind,
        name,
        qualname: Rc::clone(&code.qualname),
        stack_size,
        simple_args,
        generator: code.flags.generator,
        fast_entry,
        docstring,
        caches: crate::vm::cache::empty_caches(code.instrs.len()),
        library: vm.loading_library.clone(),
        machinery: vm.loading_library.is_some()
            && crate::vm::library::THREAD_MACHINERY.contains(&&*code.qualname),
        native,
    }
}

/// Virtual cost of one instruction in picoseconds, roughly what CPython 3.11 spends on it on
/// this machine kind: the seed's `count += 1` loop iteration (7 instructions) takes ≈25 ns
/// there (docs/cpython.md §7: 4 × 20,000,000 iterations in 1.96–2.01 s, quiet machine). Computed
/// once per instruction at decode time.
pub fn op_cost(op: &Op) -> u32 {
    match op {
        Op::Nop | Op::Precall | Op::KwNames(_) | Op::Resume => 1_200,
        Op::LoadFast(_)
        | Op::LoadConst(_)
        | Op::StoreFast(_)
        | Op::PopTop
        | Op::Copy(_)
        | Op::Swap(_)
        | Op::PushNull => 3_000,
        Op::Jump(_) => 3_500,
        Op::Call { .. } | Op::CallKw(_) | Op::CallKwTuple(_) | Op::CallFunctionEx { .. } => 24_000,
        Op::LoadAttr(_) | Op::StoreAttr(_) | Op::LoadMethod { .. } => 6_000,
        Op::LoadGlobal { .. } | Op::StoreGlobal(_) | Op::LoadName(_) | Op::StoreName(_) => 6_000,
        Op::ReturnValue | Op::ReturnConst(_) => 9_000,
        _ => 4_700,
    }
}

/// Virtual cost of one instruction of library code standing in for C code: what the C code
/// it models spends on that step, a fraction of an interpreted instruction's cost.
pub fn native_cost(op: &Op) -> u32 {
    op_cost(op) / NATIVE_SPEEDUP
}

/// How much faster C code does what a helper's bytecode does (calibrated on CPython 3.11
/// here: see `tests/native_time.rs`).
const NATIVE_SPEEDUP: u32 = 4;

/// What C code calling a Python function costs beyond the call itself (the interpreter is
/// entered anew): `max(range(n), key=f)` took 77 ns an item on CPython 3.11 here, against
/// 70 ns for `[f(x) for x in range(n)]`.
pub const C_ENTERS_PYTHON: u64 = 40_000;

/// What C code resuming a generator costs beyond the resumption itself: `sum(gen())` took
/// 38.8 ns an item on CPython 3.11 here.
pub const C_RESUMES_GENERATOR: u64 = 10_000;

impl Vm {
    /// A call from code standing in for C code pushed a frame of Python code (not another
    /// helper's): charge entering the interpreter.
    pub fn charge_c_entering_python(&mut self, t: &ThreadState, depth: usize) {
        if t.frames.len() > depth && !self.codes[t.frame().code.0 as usize].native {
            self.clock.0 += C_ENTERS_PYTHON;
        }
    }
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

    /// After a call pushed a frame (`deeper`) or a frame returned: is this a switch point?
    /// Up to 3.10 a new frame checks the eval breaker on entry, and an instruction that ran
    /// Python code completes with a check if it is a check site; from 3.11 the callee's
    /// `RESUME` is the check site and a return does not check.
    fn switch_after_reload(&mut self, t: &mut ThreadState, deeper: bool) -> bool {
        if self.switch_anywhere && !self.steered {
            return true;
        }
        let here = if self.version.is_311_plus() {
            false
        } else if deeper {
            // A frame of code standing in for C code is not a Python frame: no check there.
            t.frames
                .last()
                .is_none_or(|frame| !self.codes[frame.code.0 as usize].native)
        } else {
            t.frames.last().is_some_and(|frame| {
                let code = &self.codes[frame.code.0 as usize];
                let caller_instr = (frame.ip as usize).saturating_sub(1);
                matches!(
                    code.switch.get(caller_instr),
                    Some(Switch::After | Switch::AfterCall)
                )
            })
        };
        self.steered_stop(t, here)
    }

    /// A write to a shared location: if this thread read it earlier and another thread has
    /// written it since, that write is lost. `old` is the value being replaced. Every write of
    /// a threaded program comes here, so the usual case (the value read is the value replaced)
    /// is inlined and only a changed value goes on to [`Vm::check_lost_update`].
    #[inline(always)]
    pub(crate) fn watch_write(
        &mut self,
        t: &mut ThreadState,
        loc: Loc,
        old: Value,
        code: &Code,
        at: usize,
    ) {
        let line = code.lines[at];
        if let Some((read, read_line)) = t.reads.take(loc)
            && read != old
        {
            self.check_lost_update(loc, (read, read_line), old, code, at);
        }
        self.races.note_write(loc, self.thread_index, line);
    }

    /// A write of `loc` replaces `old` while this thread read `read` there earlier: a lost
    /// update unless both are the same int in different objects.
    #[cold]
    #[inline(never)]
    fn check_lost_update(
        &mut self,
        loc: Loc,
        (read, read_line): (Value, u32),
        old: Value,
        code: &Code,
        at: usize,
    ) {
        let line = code.lines[at];
        let me = self.thread_index;
        if !(self.is_int(read)
            && self
                .as_i64(read)
                .is_some_and(|r| self.as_i64(old) == Some(r)))
        {
            let writer = self.races.last_writer(loc).filter(|(who, _)| *who != me);
            self.races.count += 1;
            let change = self
                .as_i64(old)
                .zip(self.as_i64(read))
                .map(|(o, r)| i128::from(o) - i128::from(r));
            self.races.note_erased(change);
            if self.races.details.len() < MAX_DETAILED {
                let name = self.location_name(loc, code, at);
                let value_read = self.plain_repr(read);
                let overwritten = self.plain_repr(old);
                self.races.details.push(LostUpdate {
                    thread: me,
                    read_line,
                    write_line: line,
                    value_read,
                    overwritten,
                    overwritten_writer: writer,
                    name,
                    time: self.clock,
                });
            }
        }
    }

    /// `repr` of numbers, strings and constants; other objects by type (no Python code runs).
    pub fn plain_repr(&mut self, value: Value) -> String {
        let simple = value.is_none()
            || value.as_bool().is_some()
            || value.as_float().is_some()
            || self.is_int(value)
            || self.as_str(value).is_some();
        if simple {
            self.repr_string(value)
        } else {
            format!("<{} object>", self.type_name(value))
        }
    }

    /// The name a lost update's variable has at instruction `at` (its global or attribute).
    fn location_name(&self, loc: Loc, code: &Code, at: usize) -> String {
        let _ = loc;
        match code.plain.get(at) {
            Some(Op::StoreGlobal(i)) => self.sym_name(code.names[*i as usize]).to_string(),
            Some(Op::StoreAttr(i)) => format!(".{}", self.sym_name(code.names[*i as usize])),
            _ => "a shared variable".to_string(),
        }
    }

    /// True if the thread may be switched out after instruction `at` (now at `ip`).
    fn is_switch_point(&mut self, t: &mut ThreadState, code: &Code, at: usize, ip: usize) -> bool {
        self.switch_at(t, code.switch[at], ip != at + 1)
    }

    /// True if the thread may be switched out after an instruction whose switch point is
    /// `switch` (`jumped`: the instruction jumped).
    fn switch_at(&mut self, t: &mut ThreadState, switch: Switch, jumped: bool) -> bool {
        let slow = std::mem::take(&mut t.slow_dispatch);
        if self.switch_anywhere && !self.steered {
            return true;
        }
        let here = match switch {
            Switch::Never => false,
            Switch::After => true,
            Switch::AfterIfJumped => jumped,
            Switch::AfterIfNotBool => slow,
            // Reached only when the call stayed in this frame: the callee was native.
            Switch::AfterCall => true,
        };
        self.steered_stop(t, here)
    }

    /// A steered run stops after every instruction (but goes through the thread machinery
    /// of the library in one go) and remembers whether the version could switch threads
    /// there; other runs stop only where it could.
    fn steered_stop(&mut self, t: &ThreadState, here: bool) -> bool {
        if self.steered {
            if self.in_thread_machinery(t) {
                return false;
            }
            self.at_version_switch = here;
            return true;
        }
        here
    }

    /// True while `t` runs inside the library's thread machinery (not in program code it
    /// called from there).
    pub fn in_thread_machinery(&self, t: &ThreadState) -> bool {
        for frame in t.frames.iter().rev() {
            let code = &self.codes[frame.code.0 as usize];
            if code.library.is_none() {
                return false;
            }
            if code.machinery {
                return true;
            }
        }
        false
    }

    /// `UnboundLocalError`/`NameError` for an empty local, cell or free variable.
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
    fn release_frame_values(&mut self, t: &mut ThreadState, base: usize, return_sp: usize) {
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
    fn chain_context(&mut self, t: &ThreadState, exc: Value) {
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
    fn unwind_blocks(&mut self, t: &mut ThreadState, exc: Value) -> bool {
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
