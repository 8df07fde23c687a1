//! Decoding: a compiled code object becomes the executable form the loop runs once, with
//! each instruction's virtual cost and whether the version may switch threads after it.

use crate::PyVersion;
use std::rc::Rc;

use crate::bytecode::{CodeKind, CodeObject};
use crate::vm::Vm;
use crate::vm::code::{Code, Resume, Switch, decode_ops, instruction_lines, switch_points};
use crate::vm::frame::ThreadState;
use crate::vm::intern::Symbol;
use crate::vm::object::FastEntry;
use crate::vm::op::Op;
use crate::vm::value::Value;

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

/// Which half of a property CPython calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accessor {
    Getter,
    Setter,
}

/// What CPython spends calling a property's getter or setter beyond the function's own frame:
/// the descriptor protocol enters the interpreter anew from C, except for the getter under
/// 3.12's specialised `LOAD_ATTR_PROPERTY`, which pushes the frame inline. Measured here per
/// access, less a plain loop's: 3.11 getter 49–53 ns and setter 54 ns, 3.12 getter 19 ns and
/// setter 70 ns, against the frames' own 34 and 40 ns in the simulator.
pub fn property_call_cost(version: PyVersion, accessor: Accessor) -> u64 {
    match (accessor, version.bytecode() >= PyVersion::Py312) {
        (Accessor::Getter, true) => 0,
        (Accessor::Getter | Accessor::Setter, false) => 20_000,
        (Accessor::Setter, true) => 40_000,
    }
}

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
