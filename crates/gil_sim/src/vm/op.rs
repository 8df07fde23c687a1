//! The VM's executable instruction: one `Op` per CPython instruction, decoded once.
//!
//! Each variant names what the instruction does, with its operand already typed (a local slot,
//! a constant index, a jump target as an instruction index). Versions that spell the same
//! operation differently (`DUP_TOP` and `COPY 1`, `INPLACE_ADD` and `BINARY_OP +=`) decode to
//! the same variant; operations whose stack layout differs by version get their own variant.
//! Stack effects are noted as `[before] -> [after]`, top of stack on the right.

/// Binary operators, in `BINARY_OP`'s numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    And,
    FloorDiv,
    LShift,
    MatMul,
    Mul,
    Mod,
    Or,
    Pow,
    RShift,
    Sub,
    TrueDiv,
    Xor,
}

impl BinOp {
    /// `BINARY_OP`'s argument for it (the plain form).
    pub fn nb(self) -> u32 {
        use BinOp::*;
        match self {
            Add => 0,
            And => 1,
            FloorDiv => 2,
            LShift => 3,
            MatMul => 4,
            Mul => 5,
            Mod => 6,
            Or => 7,
            Pow => 8,
            RShift => 9,
            Sub => 10,
            TrueDiv => 11,
            Xor => 12,
        }
    }

    /// From `BINARY_OP`'s argument (0–12; in-place forms are 13–25).
    pub fn from_nb(arg: u32) -> (BinOp, bool) {
        use BinOp::*;
        let op = match arg % 13 {
            0 => Add,
            1 => And,
            2 => FloorDiv,
            3 => LShift,
            4 => MatMul,
            5 => Mul,
            6 => Mod,
            7 => Or,
            8 => Pow,
            9 => RShift,
            10 => Sub,
            11 => TrueDiv,
            _ => Xor,
        };
        (op, arg >= 13)
    }

    /// The operator as Python writes it (`+`), for error messages.
    pub fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            And => "&",
            FloorDiv => "//",
            LShift => "<<",
            MatMul => "@",
            Mul => "*",
            Mod => "%",
            Or => "|",
            Pow => "** or pow()",
            RShift => ">>",
            Sub => "-",
            TrueDiv => "/",
            Xor => "^",
        }
    }
}

/// Rich comparison operators, in `COMPARE_OP`'s numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

impl CmpOp {
    /// The index [`CmpOp::from_index`] reads.
    pub fn index(self) -> u32 {
        match self {
            CmpOp::Lt => 0,
            CmpOp::Le => 1,
            CmpOp::Eq => 2,
            CmpOp::Ne => 3,
            CmpOp::Gt => 4,
            CmpOp::Ge => 5,
        }
    }

    pub fn from_index(i: u32) -> CmpOp {
        match i {
            0 => CmpOp::Lt,
            1 => CmpOp::Le,
            2 => CmpOp::Eq,
            3 => CmpOp::Ne,
            4 => CmpOp::Gt,
            _ => CmpOp::Ge,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The operator with operands swapped (`a < b` is `b > a`).
    pub fn swapped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Eq => CmpOp::Eq,
            CmpOp::Ne => CmpOp::Ne,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
        }
    }
}

/// Where a call finds the callable and the optional `self` (by CPython version).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallLayout {
    /// 3.9/3.10 `CALL_FUNCTION`: `[callable, args...]`.
    Plain,
    /// 3.9/3.10 `CALL_METHOD`, 3.11/3.12 `CALL`: `[NULL|method, callable|self, args...]`.
    NullFirst,
    /// 3.13 `CALL`: `[callable, NULL|self, args...]`.
    NullSecond,
}

/// One decoded instruction. A plain byte tag first (no niche in an operand), so the loop's
/// dispatch is one load and one table jump.
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(u8)]
pub enum Op {
    // The loop handles these on its fast paths. They come first, so that the dispatch of
    // its `match` is one dense table.
    LoadFast(u16),
    /// `LOAD_FAST` that raises `UnboundLocalError` when empty (all versions check).
    LoadFastCheck(u16),
    StoreFast(u16),
    LoadConst(u16),
    /// `[x] -> []`
    PopTop,
    /// `[] -> [NULL]`
    PushNull,
    /// `[.. x (n-1 items)] -> [.. x (n-1 items) x]` (`COPY n`, `DUP_TOP`).
    Copy(u16),
    /// Swaps top and the n-th item (`SWAP n`, `ROT_TWO`).
    Swap(u16),
    /// Unconditional jump to an instruction index.
    Jump(u32),
    /// Function start (3.11+); an eval-breaker check site.
    Resume,
    Nop,
    /// 3.11 `PRECALL` (no effect beyond its cost).
    Precall,
    /// `[a b] -> [a op b]`
    Binary(BinOp),
    /// `[a b] -> [a op= b]`
    Inplace(BinOp),
    Compare(CmpOp),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    /// `[] -> [value]` or with the NULL of a call (before or after by version).
    LoadGlobal {
        name: u16,
        null: NullPush,
    },
    StoreGlobal(u16),
    /// `[obj] -> [value]`
    LoadAttr(u16),
    /// `[value obj] -> []`
    StoreAttr(u16),
    /// `[obj] -> [method self]` or `[NULL value]` (3.9–3.12) / `[value NULL]` (3.13).
    LoadMethod {
        name: u16,
        layout: CallLayout,
    },
    /// `[iter] -> [iter next]`, or at the end: pop the iterator and jump to the exit (past
    /// the `END_FOR` of 3.12+, whose work the jump does).
    ForIter(u32),
    Call {
        argc: u16,
        layout: CallLayout,
    },
    ReturnValue,
    ReturnConst(u16),
    // Superinstructions (see `fuse.rs`): the first instruction of a pair or triple, carrying
    // its own operand; the others stay in place and are read from the next slots.
    /// `LOAD_FAST x; LOAD_ATTR name` with the attribute in an instance slot.
    LoadFastLoadAttr(u16),
    /// `LOAD_FAST x; LOAD_METHOD name` (3.12+: `LOAD_ATTR` with the method bit).
    LoadFastLoadMethod(u16),
    /// `COPY 1; LOAD_ATTR name` (the start of `obj.attr += v` on 3.11+).
    CopyLoadAttr,
    /// `SWAP 2; STORE_ATTR name` (its end).
    SwapStoreAttr,
    /// `FOR_ITER exit; STORE_FAST x` over a range.
    ForIterStoreFast(u32),
    /// `LOAD_FAST x; BINARY_OP op` on small ints.
    LoadFastBinary(u16),
    /// `LOAD_CONST c; BINARY_OP op` on small ints.
    LoadConstBinary(u16),
    /// `POP_TOP; JUMP target`.
    PopTopJump,
    /// `LOAD_CONST c; RETURN_VALUE`.
    LoadConstReturn(u16),
    /// `PRECALL; CALL` (3.11).
    PrecallCall,
    /// `LOAD_FAST x; COPY 1; LOAD_ATTR name` (the start of `x.attr += v` on 3.11+): a triple
    /// whose middle instruction is itself fused with the last.
    LoadFastCopyLoadAttr(u16),
    /// `LOAD_CONST c; CALL` (3.12+, 3.9/3.10) or `LOAD_CONST c; PRECALL; CALL` (3.11): a call
    /// whose last argument is a constant.
    LoadConstCall(u16),
    /// `LOAD_FAST x; COPY 1; LOAD_ATTR name; <operand>; BINARY_OP op=; SWAP 2; STORE_ATTR name`
    /// (`x.name op= operand` on 3.10+) on an instance slot holding a small int: seven
    /// instructions in one dispatch.
    AugAttr {
        op: BinOp,
        target: u16,
        operand: Operand,
    },
    // Instructions only the slow path runs.
    /// `[a b c] -> [c a b]`
    RotThree,
    /// `[a b c d] -> [d a b c]`
    RotFour,
    /// Lifts the top under the next n-1 items.
    RotN(u16),
    /// `[a b] -> [a b a b]`
    DupTopTwo,
    LoadFastAndClear(u16),
    DeleteFast(u16),
    LoadFastLoadFast(u16, u16),
    StoreFastLoadFast(u16, u16),
    StoreFastStoreFast(u16, u16),
    LoadName(u16),
    StoreName(u16),
    DeleteName(u16),
    DeleteGlobal(u16),
    LoadDeref(u16),
    StoreDeref(u16),
    LoadClosure(u16),
    MakeCell(u16),
    CopyFreeVars(u16),
    LoadLocals,
    LoadFromDictOrDeref(u16),
    /// 3.12+ `super().name`: `[super class self] -> [attr]` or a method pair.
    LoadSuperAttr {
        name: u16,
        method: bool,
        layout: CallLayout,
    },
    DeleteAttr(u16),
    BinarySubscr,
    StoreSubscr,
    DeleteSubscr,
    BinarySlice,
    StoreSlice,
    BuildSlice(u16),
    BuildTuple(u16),
    BuildList(u16),
    BuildSet(u16),
    BuildMap(u16),
    BuildConstKeyMap(u16),
    BuildString(u16),
    ListAppend(u16),
    ListExtend(u16),
    ListToTuple,
    SetAdd(u16),
    SetUpdate(u16),
    MapAdd(u16),
    DictUpdate(u16),
    DictMerge(u16),
    UnpackSequence(u16),
    UnpackEx(u8, u8),
    UnaryNegative,
    UnaryPositive,
    UnaryNot,
    UnaryInvert,
    ToBool,
    Is(bool),
    Contains(bool),
    /// `FORMAT_VALUE`: conversion 0–3, with a spec on the stack.
    FormatValue {
        conversion: u8,
        spec: bool,
    },
    ConvertValue(u8),
    FormatSimple,
    FormatWithSpec,
    /// 3.9/3.10 `CALL_FUNCTION_KW`: keyword names tuple on top.
    CallKwTuple(u16),
    /// 3.13 `CALL_KW`: `[callable NULL|self args... names]`.
    CallKw(u16),
    /// 3.11/3.12 `KW_NAMES`: remembers the keyword names of the next call.
    KwNames(u16),
    /// `CALL` in library code standing in for C code: C calling Python enters the
    /// interpreter anew, which costs more than a call from Python code.
    CallFromC {
        argc: u16,
        layout: CallLayout,
    },
    CallFunctionEx {
        kwargs: bool,
        layout: CallLayout,
    },
    CallIntrinsic1(u8),
    MakeFunction {
        flags: u8,
        qualname: bool,
    },
    SetFunctionAttribute(u8),
    PopJumpIfNone(u32),
    PopJumpIfNotNone(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    JumpIfNotExcMatch(u32),
    GetIter,
    EndFor(u8),
    SetupFinally(u32),
    SetupWith(u32),
    PopBlock,
    PopExcept,
    Reraise(u8),
    RaiseVarargs(u8),
    PushExcInfo,
    CheckExcMatch,
    WithExceptStart,
    BeforeWith,
    LoadAssertionError,
    ImportName(u16),
    ImportFrom(u16),
    ImportStar,
    LoadBuildClass,
    SetupAnnotations,
    /// 3.10: the first instruction of a generator (pops the value sent to start it).
    GenStart,
    /// 3.11+: turns the new frame into a generator object and returns it.
    ReturnGenerator,
    /// `[value] -> [sent]`: suspends the generator, yielding `value`.
    YieldValue,
    GetYieldFromIter,
    /// 3.9/3.10 `[iter sent] -> [iter]` until the sub-iterator ends, then `[result]`.
    YieldFrom,
    /// 3.11+ `[iter sent] -> [iter next]` or, when the sub-iterator ends, a jump.
    Send(u32),
    EndSend,
    CleanupThrow,
}

/// The right-hand side of a fused augmented assignment ([`Op::AugAttr`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// `LOAD_FAST slot`.
    Fast(u16),
    /// `LOAD_CONST index`.
    Const(u16),
}

// The loop reads an (op, cost) pair per instruction: the op must stay one word.
const _: () = assert!(std::mem::size_of::<Op>() == 8);

/// Whether a `LOAD_GLOBAL` also pushes the NULL of a call, and on which side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NullPush {
    No,
    Before,
    After,
}
