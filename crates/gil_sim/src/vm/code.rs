//! Decoding a compiled [`CodeObject`] into what the VM executes: ops, constants as values,
//! interned names, the frame layout, and where each version lets a thread lose the GIL.

use std::rc::Rc;

use crate::bytecode::{CodeKind, CodeObject, ExceptionEntry, Opcode};
use crate::version::PyVersion;
use crate::vm::intern::Symbol;
use crate::vm::op::{BinOp, CallLayout, CmpOp, NullPush, Op};
use crate::vm::value::Value;

/// When a thread may be switched out right after an instruction (an eval-breaker check site,
/// docs/cpython.md §2). The scheduler only asks when a switch is due, so this is off the hot path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Switch {
    Never,
    /// Always a check site (3.9's "slow" opcodes, `JUMP_BACKWARD`, `RESUME`...).
    After,
    /// A check site only if the jump was taken (3.10's conditional jumps).
    AfterIfJumped,
    /// A check site only if the condition was not an exact bool (3.9's conditional jumps).
    AfterIfNotBool,
    /// A check site only if the callee was not a Python function (3.11+ `CALL`), or, for
    /// 3.9/3.10, after any call returns.
    AfterCall,
}

/// A code object's first instruction when it is `RESUME`: its cost and switch point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resume {
    pub cost: u32,
    pub switch: Switch,
}

/// Code ready to run.
#[derive(Clone, Debug)]
pub struct Code {
    pub source: Rc<CodeObject>,
    pub version: PyVersion,
    /// The instructions the loop executes, with superinstructions fused in (`fuse.rs`), and
    /// their virtual cost in picoseconds, side by side so one load fetches both.
    pub ops: Box<[(Op, u32)]>,
    /// The instructions as decoded, one per CPython instruction.
    pub plain: Box<[Op]>,
    pub switch: Box<[Switch]>,
    /// Source line of each instruction (instructions without one take the previous line).
    pub lines: Box<[u32]>,
    pub consts: Box<[Value]>,
    pub names: Box<[Symbol]>,
    /// Names of the fast locals: variables, then cells that are not arguments, then free vars.
    pub localsplus: Box<[Symbol]>,
    pub nlocals: u32,
    pub ncells: u32,
    pub nfree: u32,
    /// Positions in `localsplus` of the cell variables (for ≤3.10 implicit cell creation).
    pub cell_slots: Box<[u32]>,
    /// True when the frame must create its cells and copy free variables itself (≤3.10).
    pub implicit_cells: bool,
    pub arg_count: u32,
    pub posonly_count: u32,
    pub kwonly_count: u32,
    pub varargs: bool,
    pub varkeywords: bool,
    pub exception_table: Box<[ExceptionEntry]>,
    pub kind: CodeKind,
    pub name: Symbol,
    pub qualname: Rc<str>,
    /// Stack slots the frame needs beyond its locals.
    pub stack_size: u32,
    /// True when positional arguments map one-to-one onto the first locals (no defaults
    /// needed, no `*args`, `**kwargs` or keyword-only parameters): calls can skip binding.
    pub simple_args: bool,
    /// `CO_GENERATOR`: calling the function makes a generator.
    pub generator: bool,
    /// How a call with exactly `arg_count` positional arguments enters a frame of this code
    /// on the loop's fast path; `None` when it needs the general entry (arguments to bind, a
    /// ≤3.10 generator, or a ≤3.10 frame that makes its own cells). Functions copy it.
    pub fast_entry: Option<crate::vm::object::FastEntry>,
    /// The function's docstring (`__doc__`), or None.
    pub docstring: Value,
    /// One inline cache per instruction.
    pub caches: Box<[std::cell::Cell<crate::vm::cache::Cache>]>,
    /// For a library module's code: its file name and source (tracebacks); None for the
    /// reader's program.
    pub library: Option<(Rc<str>, Rc<str>)>,
    /// Library code that starts, runs or joins a thread: a steered run goes through it (and
    /// what it calls) in one go.
    pub machinery: bool,
    /// Library code standing in for a part of CPython written in C: tracebacks leave its
    /// frames out, as CPython's show no frame for C code.
    pub native: bool,
}

impl Code {
    /// Slots a frame of this code needs in total.
    pub fn frame_size(&self) -> u32 {
        self.localsplus.len() as u32 + self.stack_size
    }

    /// The handler for an exception raised at `instr` (3.11+ exception table).
    pub fn handler_for(&self, instr: u32) -> Option<&ExceptionEntry> {
        self.exception_table
            .iter()
            .find(|e| e.start <= instr && instr < e.end)
    }
}

/// Decodes the instructions of a code object. `consts`, `names` and the local layout are
/// filled in by the caller (they need the heap and the interner).
pub fn decode_ops(code: &CodeObject, localsplus_index: &dyn Fn(u32) -> u32) -> Vec<Op> {
    let v = code.version.bytecode();
    code.instrs
        .iter()
        .map(|instr| decode_one(v, instr.op, instr.arg, localsplus_index))
        .collect()
}

fn decode_one(v: PyVersion, op: Opcode, arg: u32, deref: &dyn Fn(u32) -> u32) -> Op {
    use Opcode::*;
    let a16 = arg as u16;
    let layout_method = if v >= PyVersion::Py313 {
        CallLayout::NullSecond
    } else {
        CallLayout::NullFirst
    };
    match op {
        NOP | CACHE | PRECALL if op != PRECALL => Op::Nop,
        PRECALL => Op::Precall,
        RESUME => Op::Resume,
        POP_TOP => Op::PopTop,
        PUSH_NULL => Op::PushNull,
        COPY => Op::Copy(a16),
        DUP_TOP => Op::Copy(1),
        SWAP => Op::Swap(a16),
        ROT_TWO => Op::Swap(2),
        ROT_THREE => Op::RotThree,
        ROT_FOUR => Op::RotFour,
        ROT_N => Op::RotN(a16),
        DUP_TOP_TWO => Op::DupTopTwo,
        LOAD_CONST => Op::LoadConst(a16),
        RETURN_CONST => Op::ReturnConst(a16),
        LOAD_NAME => Op::LoadName(a16),
        STORE_NAME => Op::StoreName(a16),
        DELETE_NAME => Op::DeleteName(a16),
        LOAD_GLOBAL => {
            if v.is_311_plus() {
                let null = if arg & 1 == 0 {
                    NullPush::No
                } else if v >= PyVersion::Py313 {
                    NullPush::After
                } else {
                    NullPush::Before
                };
                Op::LoadGlobal {
                    name: (arg >> 1) as u16,
                    null,
                }
            } else {
                Op::LoadGlobal {
                    name: a16,
                    null: NullPush::No,
                }
            }
        }
        STORE_GLOBAL => Op::StoreGlobal(a16),
        DELETE_GLOBAL => Op::DeleteGlobal(a16),
        LOAD_FAST => Op::LoadFast(a16),
        LOAD_FAST_CHECK => Op::LoadFastCheck(a16),
        LOAD_FAST_AND_CLEAR => Op::LoadFastAndClear(a16),
        STORE_FAST | STORE_FAST_MAYBE_NULL => Op::StoreFast(a16),
        DELETE_FAST => Op::DeleteFast(a16),
        LOAD_FAST_LOAD_FAST => Op::LoadFastLoadFast((arg >> 4) as u16, (arg & 15) as u16),
        STORE_FAST_LOAD_FAST => Op::StoreFastLoadFast((arg >> 4) as u16, (arg & 15) as u16),
        STORE_FAST_STORE_FAST => Op::StoreFastStoreFast((arg >> 4) as u16, (arg & 15) as u16),
        LOAD_ATTR => {
            if v >= PyVersion::Py312 {
                if arg & 1 == 1 {
                    Op::LoadMethod {
                        name: (arg >> 1) as u16,
                        layout: layout_method,
                    }
                } else {
                    Op::LoadAttr((arg >> 1) as u16)
                }
            } else {
                Op::LoadAttr(a16)
            }
        }
        LOAD_SUPER_ATTR => Op::LoadSuperAttr {
            name: (arg >> 2) as u16,
            method: arg & 1 == 1,
            layout: layout_method,
        },
        LOAD_METHOD => Op::LoadMethod {
            name: a16,
            layout: CallLayout::NullFirst,
        },
        STORE_ATTR => Op::StoreAttr(a16),
        DELETE_ATTR => Op::DeleteAttr(a16),
        LOAD_DEREF => Op::LoadDeref(deref(arg) as u16),
        STORE_DEREF => Op::StoreDeref(deref(arg) as u16),
        LOAD_CLOSURE => Op::LoadClosure(deref(arg) as u16),
        MAKE_CELL => Op::MakeCell(a16),
        COPY_FREE_VARS => Op::CopyFreeVars(a16),
        LOAD_LOCALS => Op::LoadLocals,
        LOAD_FROM_DICT_OR_DEREF => Op::LoadFromDictOrDeref(deref(arg) as u16),
        LOAD_FROM_DICT_OR_GLOBALS => Op::LoadName(a16),
        LOAD_BUILD_CLASS => Op::LoadBuildClass,
        LOAD_ASSERTION_ERROR => Op::LoadAssertionError,
        SETUP_ANNOTATIONS => Op::SetupAnnotations,
        BINARY_SUBSCR => Op::BinarySubscr,
        STORE_SUBSCR => Op::StoreSubscr,
        DELETE_SUBSCR => Op::DeleteSubscr,
        BINARY_SLICE => Op::BinarySlice,
        STORE_SLICE => Op::StoreSlice,
        BUILD_SLICE => Op::BuildSlice(a16),
        BUILD_TUPLE => Op::BuildTuple(a16),
        BUILD_LIST => Op::BuildList(a16),
        BUILD_SET => Op::BuildSet(a16),
        BUILD_MAP => Op::BuildMap(a16),
        BUILD_CONST_KEY_MAP => Op::BuildConstKeyMap(a16),
        BUILD_STRING => Op::BuildString(a16),
        LIST_APPEND => Op::ListAppend(a16),
        LIST_EXTEND => Op::ListExtend(a16),
        LIST_TO_TUPLE => Op::ListToTuple,
        SET_ADD => Op::SetAdd(a16),
        SET_UPDATE => Op::SetUpdate(a16),
        MAP_ADD => Op::MapAdd(a16),
        DICT_UPDATE => Op::DictUpdate(a16),
        DICT_MERGE => Op::DictMerge(a16),
        UNPACK_SEQUENCE => Op::UnpackSequence(a16),
        UNPACK_EX => Op::UnpackEx((arg & 0xff) as u8, (arg >> 8) as u8),
        BINARY_OP => {
            let (bin, inplace) = BinOp::from_nb(arg);
            if inplace {
                Op::Inplace(bin)
            } else {
                Op::Binary(bin)
            }
        }
        BINARY_ADD => Op::Binary(BinOp::Add),
        BINARY_SUBTRACT => Op::Binary(BinOp::Sub),
        BINARY_MULTIPLY => Op::Binary(BinOp::Mul),
        BINARY_TRUE_DIVIDE => Op::Binary(BinOp::TrueDiv),
        BINARY_FLOOR_DIVIDE => Op::Binary(BinOp::FloorDiv),
        BINARY_MODULO => Op::Binary(BinOp::Mod),
        BINARY_POWER => Op::Binary(BinOp::Pow),
        BINARY_LSHIFT => Op::Binary(BinOp::LShift),
        BINARY_RSHIFT => Op::Binary(BinOp::RShift),
        BINARY_AND => Op::Binary(BinOp::And),
        BINARY_OR => Op::Binary(BinOp::Or),
        BINARY_XOR => Op::Binary(BinOp::Xor),
        BINARY_MATRIX_MULTIPLY => Op::Binary(BinOp::MatMul),
        INPLACE_ADD => Op::Inplace(BinOp::Add),
        INPLACE_SUBTRACT => Op::Inplace(BinOp::Sub),
        INPLACE_MULTIPLY => Op::Inplace(BinOp::Mul),
        INPLACE_TRUE_DIVIDE => Op::Inplace(BinOp::TrueDiv),
        INPLACE_FLOOR_DIVIDE => Op::Inplace(BinOp::FloorDiv),
        INPLACE_MODULO => Op::Inplace(BinOp::Mod),
        INPLACE_POWER => Op::Inplace(BinOp::Pow),
        INPLACE_LSHIFT => Op::Inplace(BinOp::LShift),
        INPLACE_RSHIFT => Op::Inplace(BinOp::RShift),
        INPLACE_AND => Op::Inplace(BinOp::And),
        INPLACE_OR => Op::Inplace(BinOp::Or),
        INPLACE_XOR => Op::Inplace(BinOp::Xor),
        INPLACE_MATRIX_MULTIPLY => Op::Inplace(BinOp::MatMul),
        UNARY_NEGATIVE => Op::UnaryNegative,
        UNARY_POSITIVE => Op::UnaryPositive,
        UNARY_NOT => Op::UnaryNot,
        UNARY_INVERT => Op::UnaryInvert,
        TO_BOOL => Op::ToBool,
        COMPARE_OP => {
            let index = match v {
                PyVersion::Py313 => arg >> 5,
                PyVersion::Py312 => arg >> 4,
                _ => arg,
            };
            let compare = Op::Compare(CmpOp::from_index(index));
            if v >= PyVersion::Py313 && arg & 16 != 0 {
                // The bool() variant converts the result; comparisons of modelled types are
                // already bools, and a rich comparison result is converted by the jump.
                compare
            } else {
                compare
            }
        }
        IS_OP => Op::Is(arg != 0),
        CONTAINS_OP => Op::Contains(arg != 0),
        FORMAT_VALUE => Op::FormatValue {
            conversion: (arg & 3) as u8,
            spec: arg & 4 != 0,
        },
        CONVERT_VALUE => Op::ConvertValue(arg as u8),
        FORMAT_SIMPLE => Op::FormatSimple,
        FORMAT_WITH_SPEC => Op::FormatWithSpec,
        CALL_FUNCTION => Op::Call {
            argc: a16,
            layout: CallLayout::Plain,
        },
        CALL_METHOD => Op::Call {
            argc: a16,
            layout: CallLayout::NullFirst,
        },
        CALL => Op::Call {
            argc: a16,
            layout: layout_method,
        },
        CALL_FUNCTION_KW => Op::CallKwTuple(a16),
        CALL_KW => Op::CallKw(a16),
        KW_NAMES => Op::KwNames(a16),
        CALL_FUNCTION_EX => Op::CallFunctionEx {
            kwargs: arg & 1 != 0,
            layout: if v >= PyVersion::Py313 {
                CallLayout::NullSecond
            } else if v.is_311_plus() {
                CallLayout::NullFirst
            } else {
                CallLayout::Plain
            },
        },
        CALL_INTRINSIC_1 => Op::CallIntrinsic1(arg as u8),
        MAKE_FUNCTION => Op::MakeFunction {
            flags: arg as u8,
            qualname: v <= PyVersion::Py310,
        },
        SET_FUNCTION_ATTRIBUTE => Op::SetFunctionAttribute(arg as u8),
        RETURN_VALUE => Op::ReturnValue,
        JUMP_FORWARD
        | JUMP_ABSOLUTE
        | JUMP_BACKWARD
        | JUMP_BACKWARD_NO_INTERRUPT
        | JUMP
        | JUMP_NO_INTERRUPT => Op::Jump(arg),
        POP_JUMP_IF_FALSE | POP_JUMP_FORWARD_IF_FALSE | POP_JUMP_BACKWARD_IF_FALSE => {
            Op::PopJumpIfFalse(arg)
        }
        POP_JUMP_IF_TRUE | POP_JUMP_FORWARD_IF_TRUE | POP_JUMP_BACKWARD_IF_TRUE => {
            Op::PopJumpIfTrue(arg)
        }
        POP_JUMP_IF_NONE | POP_JUMP_FORWARD_IF_NONE | POP_JUMP_BACKWARD_IF_NONE => {
            Op::PopJumpIfNone(arg)
        }
        POP_JUMP_IF_NOT_NONE | POP_JUMP_FORWARD_IF_NOT_NONE | POP_JUMP_BACKWARD_IF_NOT_NONE => {
            Op::PopJumpIfNotNone(arg)
        }
        JUMP_IF_FALSE_OR_POP => Op::JumpIfFalseOrPop(arg),
        JUMP_IF_TRUE_OR_POP => Op::JumpIfTrueOrPop(arg),
        JUMP_IF_NOT_EXC_MATCH => Op::JumpIfNotExcMatch(arg),
        GET_ITER => Op::GetIter,
        FOR_ITER => Op::ForIter(match v {
            PyVersion::Py312 => arg + 1,
            PyVersion::Py313 => arg + 2,
            _ => arg,
        }),
        END_FOR => Op::EndFor(if v >= PyVersion::Py313 { 1 } else { 2 }),
        SETUP_FINALLY | SETUP_CLEANUP => Op::SetupFinally(arg),
        SETUP_WITH => Op::SetupWith(arg),
        POP_BLOCK => Op::PopBlock,
        POP_EXCEPT => Op::PopExcept,
        RERAISE => Op::Reraise(arg as u8),
        RAISE_VARARGS => Op::RaiseVarargs(arg as u8),
        PUSH_EXC_INFO => Op::PushExcInfo,
        CHECK_EXC_MATCH => Op::CheckExcMatch,
        WITH_EXCEPT_START => Op::WithExceptStart,
        BEFORE_WITH => Op::BeforeWith,
        IMPORT_NAME => Op::ImportName(a16),
        IMPORT_FROM => Op::ImportFrom(a16),
        IMPORT_STAR => Op::ImportStar,
        NOP | CACHE => Op::Nop,
        GEN_START => Op::GenStart,
        RETURN_GENERATOR => Op::ReturnGenerator,
        YIELD_VALUE => Op::YieldValue,
        GET_YIELD_FROM_ITER => Op::GetYieldFromIter,
        YIELD_FROM => Op::YieldFrom,
        SEND => Op::Send(arg),
        END_SEND => Op::EndSend,
        CLEANUP_THROW => Op::CleanupThrow,
        // Pseudo-instructions never survive assembly; anything else is not produced by the
        // compiler for this subset.
        CALL_INTRINSIC_2 | PREP_RERAISE_STAR | POP_JUMP_IF => Op::Nop,
    }
}

/// Where each instruction lets a thread switch, per version (docs/cpython.md §2, and the
/// measurements in `docs/measurements/data/check_sites_*.json`).
pub fn switch_points(code: &CodeObject) -> Vec<Switch> {
    use Opcode::*;
    let v = code.version.bytecode();
    let instrs = &code.instrs;
    instrs
        .iter()
        .enumerate()
        .map(|(i, instr)| {
            let op = instr.op;
            match v {
                PyVersion::Py39 | PyVersion::Py27 => {
                    let fast = matches!(
                        op,
                        NOP | LOAD_FAST
                            | LOAD_CONST
                            | STORE_FAST
                            | POP_TOP
                            | ROT_TWO
                            | ROT_THREE
                            | ROT_FOUR
                            | DUP_TOP
                            | DUP_TOP_TWO
                            | JUMP_FORWARD
                            | IS_OP
                            | CONTAINS_OP
                    );
                    // The check is skipped when the next instruction sets up a block.
                    let next_is_setup = instrs
                        .get(i + 1)
                        .is_some_and(|n| matches!(n.op, SETUP_FINALLY | SETUP_WITH));
                    if fast || next_is_setup {
                        Switch::Never
                    } else if matches!(
                        op,
                        POP_JUMP_IF_FALSE
                            | POP_JUMP_IF_TRUE
                            | JUMP_IF_FALSE_OR_POP
                            | JUMP_IF_TRUE_OR_POP
                    ) {
                        Switch::AfterIfNotBool
                    } else if matches!(
                        op,
                        CALL_FUNCTION | CALL_FUNCTION_KW | CALL_METHOD | CALL_FUNCTION_EX
                    ) {
                        Switch::AfterCall
                    } else {
                        Switch::After
                    }
                }
                PyVersion::Py310 => match op {
                    JUMP_ABSOLUTE => Switch::After,
                    POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE => Switch::AfterIfJumped,
                    CALL_FUNCTION | CALL_FUNCTION_KW | CALL_METHOD | CALL_FUNCTION_EX => {
                        Switch::AfterCall
                    }
                    _ => Switch::Never,
                },
                _ => match op {
                    RESUME
                    | JUMP_BACKWARD
                    | POP_JUMP_BACKWARD_IF_FALSE
                    | POP_JUMP_BACKWARD_IF_TRUE
                    | POP_JUMP_BACKWARD_IF_NONE
                    | POP_JUMP_BACKWARD_IF_NOT_NONE => Switch::After,
                    CALL | CALL_KW | CALL_FUNCTION_EX => Switch::AfterCall,
                    _ => Switch::Never,
                },
            }
        })
        .collect()
}

/// Line of every instruction, carrying the previous line over instructions without one.
pub fn instruction_lines(code: &CodeObject) -> Vec<u32> {
    let mut line = code.first_line;
    code.instrs
        .iter()
        .map(|instr| {
            if let Some(l) = instr.line {
                line = l;
            }
            line
        })
        .collect()
}
