//! CPython's instruction names, the union over 3.9–3.13.
//!
//! The compiler emits, for each version, only the opcodes that version has; `dis` prints them by
//! CPython's own names. A few entries are compiler pseudo-instructions (block set-up and generic
//! jumps) that never survive assembly.

macro_rules! opcodes {
    ($($name:ident),* $(,)?) => {
        /// One CPython opcode (or compiler pseudo-instruction) by name.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Opcode { $($name),* }

        impl Opcode {
            /// CPython's name for the opcode, as `dis` prints it.
            pub fn name(self) -> &'static str {
                match self { $(Opcode::$name => stringify!($name)),* }
            }
        }
    };
}

opcodes! {
    NOP, POP_TOP, RESUME, CACHE,
    // Stack shuffles: 3.9/3.10 and 3.11+.
    ROT_TWO, ROT_THREE, ROT_FOUR, ROT_N, DUP_TOP, DUP_TOP_TWO, COPY, SWAP, PUSH_NULL,
    // Loads and stores.
    LOAD_CONST, RETURN_CONST, LOAD_NAME, STORE_NAME, DELETE_NAME, LOAD_GLOBAL, STORE_GLOBAL,
    DELETE_GLOBAL, LOAD_FAST, LOAD_FAST_CHECK, LOAD_FAST_AND_CLEAR, STORE_FAST, DELETE_FAST,
    LOAD_FAST_LOAD_FAST, STORE_FAST_LOAD_FAST, STORE_FAST_STORE_FAST, LOAD_ATTR, STORE_ATTR,
    DELETE_ATTR, LOAD_METHOD, LOAD_SUPER_ATTR, LOAD_DEREF, STORE_DEREF, LOAD_CLOSURE, MAKE_CELL, COPY_FREE_VARS,
    LOAD_LOCALS, LOAD_FROM_DICT_OR_GLOBALS, LOAD_FROM_DICT_OR_DEREF, LOAD_BUILD_CLASS,
    LOAD_ASSERTION_ERROR, SETUP_ANNOTATIONS,
    // Subscripts and containers.
    BINARY_SUBSCR, STORE_SUBSCR, DELETE_SUBSCR, BINARY_SLICE, STORE_SLICE, BUILD_SLICE,
    BUILD_TUPLE, BUILD_LIST, BUILD_SET, BUILD_MAP, BUILD_CONST_KEY_MAP, BUILD_STRING,
    LIST_APPEND, LIST_EXTEND, LIST_TO_TUPLE, SET_ADD, SET_UPDATE, MAP_ADD, DICT_UPDATE, DICT_MERGE,
    UNPACK_SEQUENCE, UNPACK_EX,
    // Arithmetic: 3.9/3.10 one opcode per operator, 3.11+ `BINARY_OP`.
    BINARY_OP, BINARY_ADD, BINARY_SUBTRACT, BINARY_MULTIPLY, BINARY_TRUE_DIVIDE,
    BINARY_FLOOR_DIVIDE, BINARY_MODULO, BINARY_POWER, BINARY_LSHIFT, BINARY_RSHIFT, BINARY_AND,
    BINARY_OR, BINARY_XOR, BINARY_MATRIX_MULTIPLY, INPLACE_ADD, INPLACE_SUBTRACT,
    INPLACE_MULTIPLY, INPLACE_TRUE_DIVIDE, INPLACE_FLOOR_DIVIDE, INPLACE_MODULO, INPLACE_POWER,
    INPLACE_LSHIFT, INPLACE_RSHIFT, INPLACE_AND, INPLACE_OR, INPLACE_XOR, INPLACE_MATRIX_MULTIPLY,
    UNARY_NEGATIVE, UNARY_POSITIVE, UNARY_NOT, UNARY_INVERT, TO_BOOL,
    COMPARE_OP, IS_OP, CONTAINS_OP,
    // Strings.
    FORMAT_VALUE, FORMAT_SIMPLE, FORMAT_WITH_SPEC, CONVERT_VALUE,
    // Calls and functions.
    CALL_FUNCTION, CALL_FUNCTION_KW, CALL_FUNCTION_EX, CALL_METHOD, PRECALL, CALL, CALL_KW,
    KW_NAMES, CALL_INTRINSIC_1, CALL_INTRINSIC_2, MAKE_FUNCTION, SET_FUNCTION_ATTRIBUTE,
    RETURN_VALUE,
    // Control flow.
    JUMP_FORWARD, JUMP_ABSOLUTE, JUMP_BACKWARD, JUMP_BACKWARD_NO_INTERRUPT,
    POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE, POP_JUMP_IF_NONE, POP_JUMP_IF_NOT_NONE,
    POP_JUMP_FORWARD_IF_FALSE, POP_JUMP_FORWARD_IF_TRUE, POP_JUMP_BACKWARD_IF_FALSE,
    POP_JUMP_BACKWARD_IF_TRUE, POP_JUMP_FORWARD_IF_NONE, POP_JUMP_FORWARD_IF_NOT_NONE,
    POP_JUMP_BACKWARD_IF_NONE, POP_JUMP_BACKWARD_IF_NOT_NONE,
    JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP, JUMP_IF_NOT_EXC_MATCH,
    GET_ITER, FOR_ITER, END_FOR,
    // Exceptions and `with`.
    SETUP_FINALLY, SETUP_WITH, POP_BLOCK, POP_EXCEPT, RERAISE, RAISE_VARARGS, PUSH_EXC_INFO,
    CHECK_EXC_MATCH, WITH_EXCEPT_START, BEFORE_WITH, CLEANUP_THROW, PREP_RERAISE_STAR,
    // Imports.
    IMPORT_NAME, IMPORT_FROM, IMPORT_STAR,
    // Generators.
    GEN_START, RETURN_GENERATOR, YIELD_VALUE, GET_YIELD_FROM_ITER, YIELD_FROM, SEND, END_SEND,
    // Compiler pseudo-instructions (never in assembled code).
    JUMP, JUMP_NO_INTERRUPT, SETUP_CLEANUP, POP_JUMP_IF, STORE_FAST_MAYBE_NULL,
}

impl Opcode {
    /// True for instructions whose argument is a jump target.
    pub fn is_jump(self) -> bool {
        use Opcode::*;
        matches!(
            self,
            JUMP_FORWARD
                | JUMP_ABSOLUTE
                | JUMP_BACKWARD
                | JUMP_BACKWARD_NO_INTERRUPT
                | POP_JUMP_IF_FALSE
                | POP_JUMP_IF_TRUE
                | POP_JUMP_IF_NONE
                | POP_JUMP_IF_NOT_NONE
                | POP_JUMP_FORWARD_IF_FALSE
                | POP_JUMP_FORWARD_IF_TRUE
                | POP_JUMP_BACKWARD_IF_FALSE
                | POP_JUMP_BACKWARD_IF_TRUE
                | POP_JUMP_FORWARD_IF_NONE
                | POP_JUMP_FORWARD_IF_NOT_NONE
                | POP_JUMP_BACKWARD_IF_NONE
                | POP_JUMP_BACKWARD_IF_NOT_NONE
                | JUMP_IF_FALSE_OR_POP
                | JUMP_IF_TRUE_OR_POP
                | JUMP_IF_NOT_EXC_MATCH
                | FOR_ITER
                | SEND
                | SETUP_FINALLY
                | SETUP_WITH
                | SETUP_CLEANUP
                | JUMP
                | JUMP_NO_INTERRUPT
        )
    }

    /// True for block set-up pseudo-instructions (3.11+) whose target is an exception handler.
    pub fn is_block_push(self) -> bool {
        matches!(
            self,
            Opcode::SETUP_FINALLY | Opcode::SETUP_WITH | Opcode::SETUP_CLEANUP
        )
    }

    /// True when control never falls through to the next instruction.
    pub fn is_scope_exit(self) -> bool {
        matches!(
            self,
            Opcode::RETURN_VALUE | Opcode::RETURN_CONST | Opcode::RAISE_VARARGS | Opcode::RERAISE
        )
    }

    /// True for unconditional jumps.
    pub fn is_unconditional_jump(self) -> bool {
        matches!(
            self,
            Opcode::JUMP
                | Opcode::JUMP_NO_INTERRUPT
                | Opcode::JUMP_FORWARD
                | Opcode::JUMP_ABSOLUTE
                | Opcode::JUMP_BACKWARD
                | Opcode::JUMP_BACKWARD_NO_INTERRUPT
        )
    }
}
