//! Exception handlers (3.11+): which handler protects each instruction, and the stack depth
//! at each handler, from which the exception table is built.

use crate::bytecode::Opcode;
use crate::compile::cfg::{BlockId, Cfg, is_jump};
use crate::version::PyVersion;

/// A handler as the exception table needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptTarget {
    pub block: BlockId,
    pub depth: u32,
    pub preserve_lasti: bool,
}

impl Cfg {
    /// `mark_except_handlers`: targets of `SETUP_*` are handlers.
    pub fn mark_except_handlers(&mut self) {
        let mut handlers = Vec::new();
        for block in &self.blocks {
            for instr in &block.instrs {
                if instr.op.is_block_push()
                    && let Some(target) = instr.target
                {
                    handlers.push(target);
                }
            }
        }
        for handler in handlers {
            self.blocks[handler].except_handler = true;
        }
    }

    /// `label_exception_targets`: walks the graph with a stack of active handlers and records
    /// the innermost one on every instruction. `POP_BLOCK` is turned into a NOP here (3.13) or
    /// later (3.11, 3.12); either way it only pops the handler stack.
    pub fn label_exception_targets(&mut self) {
        for block in &mut self.blocks {
            block.visited = false;
        }
        let mut stacks: Vec<Option<Vec<BlockId>>> = vec![None; self.blocks.len()];
        let mut todo = vec![self.entry];
        self.blocks[self.entry].visited = true;
        stacks[self.entry] = Some(Vec::new());
        while let Some(id) = todo.pop() {
            let mut stack = stacks[id].take().unwrap_or_default();
            let mut handler = stack.last().copied();
            let mut moved = false;
            for index in 0..self.blocks[id].instrs.len() {
                let instr = self.blocks[id].instrs[index];
                if instr.op.is_block_push() {
                    let target = instr.target.expect("internal error: SETUP without target");
                    if !self.blocks[target].visited {
                        stacks[target] = Some(stack.clone());
                        self.blocks[target].visited = true;
                        todo.push(target);
                    }
                    if matches!(instr.op, Opcode::SETUP_WITH | Opcode::SETUP_CLEANUP) {
                        self.blocks[target].preserve_lasti = true;
                    }
                    stack.push(target);
                    handler = Some(target);
                } else if instr.op == Opcode::POP_BLOCK {
                    stack.pop();
                    handler = stack.last().copied();
                    if self.version >= PyVersion::Py313 {
                        super::passes::set_nop(&mut self.blocks[id].instrs[index]);
                    }
                } else if is_jump(instr.op) {
                    self.blocks[id].instrs[index].except = handler;
                    let target = instr.target.expect("internal error: jump without target");
                    if !self.blocks[target].visited {
                        if self.has_fallthrough(id) {
                            stacks[target] = Some(stack.clone());
                        } else {
                            stacks[target] = Some(std::mem::take(&mut stack));
                            moved = true;
                        }
                        self.blocks[target].visited = true;
                        todo.push(target);
                    }
                } else {
                    self.blocks[id].instrs[index].except = handler;
                }
            }
            if self.has_fallthrough(id)
                && let Some(next) = self.blocks[id].next
                && !self.blocks[next].visited
                && !moved
            {
                stacks[next] = Some(stack);
                self.blocks[next].visited = true;
                todo.push(next);
            }
        }
    }

    /// `stackdepth`: the stack depth at the start of every reachable block; returns the maximum.
    pub fn stack_depths(&mut self) -> i32 {
        for block in &mut self.blocks {
            block.start_depth = None;
        }
        let mut max_depth = 0;
        let mut stack: Vec<BlockId> = Vec::new();
        let push = |cfg: &mut Cfg, stack: &mut Vec<BlockId>, id: BlockId, depth: i32| {
            let current = cfg.blocks[id].start_depth;
            if current.is_none_or(|d| d < depth && d < 100) {
                cfg.blocks[id].start_depth = Some(depth);
                stack.push(id);
            }
        };
        let entry = self.entry;
        push(self, &mut stack, entry, 0);
        while let Some(id) = stack.pop() {
            let mut depth = self.blocks[id].start_depth.unwrap_or_default();
            let mut next = self.blocks[id].next;
            for index in 0..self.blocks[id].instrs.len() {
                let instr = self.blocks[id].instrs[index];
                let effect = stack_effect(instr.op, instr.arg, false, self.version);
                let new_depth = depth + effect;
                max_depth = max_depth.max(new_depth);
                if let Some(target) = instr.target {
                    let target_depth =
                        depth + stack_effect(instr.op, instr.arg, true, self.version);
                    max_depth = max_depth.max(target_depth);
                    push(self, &mut stack, target, target_depth);
                }
                depth = new_depth;
                if instr.op.is_unconditional_jump() || instr.op.is_scope_exit() {
                    next = None;
                    break;
                }
            }
            if let Some(next) = next {
                push(self, &mut stack, next, depth);
            }
        }
        max_depth
    }

    /// The handler of a block as the exception table records it.
    pub fn except_target(&self, block: BlockId) -> ExceptTarget {
        let start = self.blocks[block].start_depth.unwrap_or(1);
        let preserve = self.blocks[block].preserve_lasti;
        let depth = start - 1 - i32::from(preserve);
        ExceptTarget {
            block,
            depth: depth.max(0) as u32,
            preserve_lasti: preserve,
        }
    }
}

/// How an instruction changes the stack depth (`PyCompile_OpcodeStackEffectWithJump`), for the
/// fall-through path or, with `jump`, the branch path.
pub fn stack_effect(op: Opcode, arg: u32, jump: bool, version: PyVersion) -> i32 {
    use Opcode::*;
    let arg = arg as i32;
    let flags = |mask: i32| (arg & mask).count_ones() as i32;
    let v = version.bytecode();
    match op {
        NOP
        | RESUME
        | CACHE
        | ROT_TWO
        | ROT_THREE
        | ROT_FOUR
        | ROT_N
        | SWAP
        | UNARY_NEGATIVE
        | UNARY_POSITIVE
        | UNARY_NOT
        | UNARY_INVERT
        | TO_BOOL
        | GET_ITER
        | GET_YIELD_FROM_ITER
        | YIELD_VALUE
        | RETURN_GENERATOR
        | SETUP_ANNOTATIONS
        | DELETE_NAME
        | DELETE_GLOBAL
        | DELETE_FAST
        | POP_BLOCK
        | KW_NAMES
        | MAKE_CELL
        | COPY_FREE_VARS
        | LIST_TO_TUPLE
        | CALL_INTRINSIC_1
        | CONVERT_VALUE
        | FORMAT_SIMPLE
        | LOAD_FROM_DICT_OR_DEREF
        | LOAD_FROM_DICT_OR_GLOBALS
        | STORE_FAST_LOAD_FAST
        | CHECK_EXC_MATCH
        | RETURN_CONST
        | JUMP_FORWARD
        | JUMP_ABSOLUTE
        | JUMP_BACKWARD
        | JUMP_BACKWARD_NO_INTERRUPT
        | JUMP
        | JUMP_NO_INTERRUPT => 0,
        GEN_START | YIELD_FROM | END_SEND => -1,
        SEND => {
            if jump && v == PyVersion::Py311 {
                -1
            } else {
                0
            }
        }
        POP_TOP
        | RETURN_VALUE
        | IMPORT_STAR
        | STORE_NAME
        | STORE_GLOBAL
        | STORE_FAST
        | STORE_FAST_MAYBE_NULL
        | STORE_DEREF
        | DELETE_ATTR
        | IMPORT_NAME
        | LIST_APPEND
        | SET_ADD
        | LIST_EXTEND
        | SET_UPDATE
        | DICT_MERGE
        | DICT_UPDATE
        | COMPARE_OP
        | IS_OP
        | CONTAINS_OP
        | BINARY_SUBSCR
        | CALL_INTRINSIC_2
        | FORMAT_WITH_SPEC
        | SET_FUNCTION_ATTRIBUTE
        | PREP_RERAISE_STAR
        | CLEANUP_THROW => -1,
        POP_EXCEPT => {
            if v.is_311_plus() {
                -1
            } else {
                -3
            }
        }
        RERAISE => {
            if v.is_311_plus() {
                -1
            } else {
                -3
            }
        }
        PUSH_NULL | COPY | DUP_TOP | LOAD_CONST | LOAD_NAME | LOAD_FAST | LOAD_FAST_CHECK
        | LOAD_FAST_AND_CLEAR | LOAD_DEREF | LOAD_CLOSURE | LOAD_BUILD_CLASS | IMPORT_FROM
        | LOAD_ASSERTION_ERROR | LOAD_LOCALS | WITH_EXCEPT_START | BEFORE_WITH | PUSH_EXC_INFO
        | LOAD_METHOD => 1,
        DUP_TOP_TWO | LOAD_FAST_LOAD_FAST => 2,
        STORE_FAST_STORE_FAST | DELETE_SUBSCR | BINARY_SLICE | JUMP_IF_NOT_EXC_MATCH => -2,
        STORE_ATTR => -2,
        STORE_SUBSCR => -3,
        STORE_SLICE => -4,
        BINARY_OP
        | BINARY_ADD
        | BINARY_SUBTRACT
        | BINARY_MULTIPLY
        | BINARY_TRUE_DIVIDE
        | BINARY_FLOOR_DIVIDE
        | BINARY_MODULO
        | BINARY_POWER
        | BINARY_LSHIFT
        | BINARY_RSHIFT
        | BINARY_AND
        | BINARY_OR
        | BINARY_XOR
        | BINARY_MATRIX_MULTIPLY
        | INPLACE_ADD
        | INPLACE_SUBTRACT
        | INPLACE_MULTIPLY
        | INPLACE_TRUE_DIVIDE
        | INPLACE_FLOOR_DIVIDE
        | INPLACE_MODULO
        | INPLACE_POWER
        | INPLACE_LSHIFT
        | INPLACE_RSHIFT
        | INPLACE_AND
        | INPLACE_OR
        | INPLACE_XOR
        | INPLACE_MATRIX_MULTIPLY => -1,
        UNPACK_SEQUENCE => arg - 1,
        UNPACK_EX => (arg & 0xff) + (arg >> 8),
        FOR_ITER => {
            if v >= PyVersion::Py312 {
                1
            } else if jump {
                -1
            } else {
                1
            }
        }
        END_FOR => {
            if v >= PyVersion::Py313 {
                -1
            } else {
                -2
            }
        }
        BUILD_TUPLE | BUILD_LIST | BUILD_SET | BUILD_STRING => 1 - arg,
        BUILD_MAP => 1 - 2 * arg,
        BUILD_CONST_KEY_MAP => -arg,
        MAP_ADD => -2,
        LOAD_SUPER_ATTR => -2 + (arg & 1),
        LOAD_ATTR => {
            if v >= PyVersion::Py312 {
                arg & 1
            } else {
                0
            }
        }
        LOAD_GLOBAL => {
            if v.is_311_plus() {
                (arg & 1) + 1
            } else {
                1
            }
        }
        JUMP_IF_TRUE_OR_POP | JUMP_IF_FALSE_OR_POP => {
            if jump {
                0
            } else {
                -1
            }
        }
        POP_JUMP_IF_FALSE
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
        | POP_JUMP_IF => -1,
        SETUP_FINALLY => {
            if !jump {
                0
            } else if v.is_311_plus() {
                1
            } else {
                6
            }
        }
        SETUP_CLEANUP => {
            if jump {
                2
            } else {
                0
            }
        }
        SETUP_WITH => {
            if v.is_311_plus() {
                if jump { 1 } else { 0 }
            } else if jump {
                6
            } else {
                1
            }
        }
        RAISE_VARARGS => -arg,
        PRECALL => -arg,
        CALL => {
            if v == PyVersion::Py311 {
                -1
            } else {
                -1 - arg
            }
        }
        CALL_KW => -2 - arg,
        CALL_FUNCTION => -arg,
        CALL_FUNCTION_KW => -arg - 1,
        CALL_METHOD => -arg - 1,
        CALL_FUNCTION_EX => {
            if v.is_311_plus() {
                -2 - (arg & 1)
            } else {
                -1 - (arg & 1)
            }
        }
        MAKE_FUNCTION => {
            if v >= PyVersion::Py313 {
                0
            } else if v.is_311_plus() {
                -flags(0x0f)
            } else {
                -1 - flags(0x0f)
            }
        }
        BUILD_SLICE => {
            if arg == 3 {
                -2
            } else {
                -1
            }
        }
        FORMAT_VALUE => {
            if arg & 4 != 0 {
                -1
            } else {
                0
            }
        }
    }
}
