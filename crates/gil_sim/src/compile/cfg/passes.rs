//! The optimisation passes of 3.10–3.13, each named after its CPython function.

use std::rc::Rc;

use crate::bytecode::{Const, Opcode};
use crate::compile::cfg::{BlockId, CInstr, Cfg, is_jump};
use crate::version::PyVersion;

/// Largest exit block that is copied instead of jumped to (`MAX_COPY_SIZE`).
const MAX_COPY_SIZE: usize = 4;

/// Finds or adds a constant, as the optimiser's `add_const` does.
pub fn add_const(consts: &mut Vec<Const>, constant: Const) -> u32 {
    if let Some(index) = consts.iter().position(|c| c.same_constant(&constant)) {
        return index as u32;
    }
    consts.push(constant);
    consts.len() as u32 - 1
}

impl Cfg {
    fn v(&self) -> PyVersion {
        self.version
    }

    /// `eliminate_empty_basic_blocks`: unlinks empty blocks and retargets jumps past them.
    pub fn eliminate_empty_blocks(&mut self) {
        for id in self.order() {
            let mut next = self.blocks[id].next;
            while let Some(n) = next {
                if !self.blocks[n].instrs.is_empty() {
                    break;
                }
                next = self.blocks[n].next;
            }
            self.blocks[id].next = next;
        }
        while self.blocks[self.entry].instrs.is_empty() {
            match self.blocks[self.entry].next {
                Some(next) => self.entry = next,
                None => break,
            }
        }
        for id in self.order() {
            for index in 0..self.blocks[id].instrs.len() {
                if let Some(target) = self.blocks[id].instrs[index].target {
                    let resolved = self.next_nonempty(Some(target)).unwrap_or(target);
                    self.blocks[id].instrs[index].target = Some(resolved);
                }
            }
        }
    }

    /// Copies a small exit block into a block that ends with an unconditional jump to it
    /// (`inline_small_exit_blocks` / `extend_block`).
    pub fn inline_small_exit_blocks(&mut self, id: BlockId) -> bool {
        let Some(last) = self.blocks[id].last().copied() else {
            return false;
        };
        if !last.op.is_unconditional_jump() {
            return false;
        }
        let Some(target) = last.target else {
            return false;
        };
        if !self.exits_scope(target) || self.blocks[target].instrs.len() > MAX_COPY_SIZE {
            return false;
        }
        if self.v() == PyVersion::Py311
            && self.blocks[target].instrs.iter().any(|i| i.line.is_some())
        {
            return false;
        }
        let copied = self.blocks[target].instrs.clone();
        let block = &mut self.blocks[id];
        let end = block.instrs.len() - 1;
        block.instrs[end].op = Opcode::NOP;
        block.instrs[end].arg = 0;
        block.instrs[end].target = None;
        block.instrs.extend(copied);
        true
    }

    /// 3.13's `inline_small_or_no_lineno_blocks`: also copies any block without line numbers
    /// that cannot fall through; repeated until nothing changes.
    pub fn inline_small_or_no_lineno_blocks(&mut self) {
        loop {
            let mut changed = false;
            for id in self.order() {
                let Some(last) = self.blocks[id].last().copied() else {
                    continue;
                };
                if !last.op.is_unconditional_jump() {
                    continue;
                }
                let Some(target) = last.target else {
                    continue;
                };
                let small_exit =
                    self.exits_scope(target) && self.blocks[target].instrs.len() <= MAX_COPY_SIZE;
                let no_lineno = !self.blocks[target].instrs.is_empty()
                    && self.blocks[target].instrs.iter().all(|i| i.line.is_none())
                    && !self.has_fallthrough(target);
                if !(small_exit || no_lineno) {
                    continue;
                }
                let copied = self.blocks[target].instrs.clone();
                let end = self.blocks[id].instrs.len() - 1;
                let removed = self.blocks[id].instrs[end].op;
                set_nop(&mut self.blocks[id].instrs[end]);
                self.blocks[id].instrs.extend(copied);
                if no_lineno
                    && removed == Opcode::JUMP
                    && let Some(new_last) = self.blocks[id].instrs.last_mut()
                    && new_last.op.is_unconditional_jump()
                {
                    // Keep the eval-breaker check of the jump that was removed.
                    new_last.op = Opcode::JUMP;
                }
                changed = true;
            }
            if !changed {
                break;
            }
        }
    }

    /// The per-block peephole of 3.12/3.13 (`optimize_basic_block`).
    pub fn optimize_block(&mut self, id: BlockId, consts: &mut Vec<Const>) {
        match self.v() {
            PyVersion::Py310 => self.optimize_block_310(id, consts),
            PyVersion::Py311 => self.optimize_block_311(id, consts),
            _ => self.optimize_block_312(id, consts),
        }
    }

    fn target_first(&self, instr: &CInstr) -> Option<CInstr> {
        let target = instr.target?;
        let target = self.next_nonempty(Some(target))?;
        self.blocks[target].instrs.first().copied()
    }

    fn optimize_block_312(&mut self, id: BlockId, consts: &mut Vec<Const>) {
        let v13 = self.v() >= PyVersion::Py313;
        let mut i = 0usize;
        let mut opcode = Opcode::NOP;
        let mut oparg = 0u32;
        let mut target: Option<CInstr> = None;
        while i < self.blocks[id].instrs.len() {
            let inst = self.blocks[id].instrs[i];
            let is_copy_of_load_const =
                opcode == Opcode::LOAD_CONST && inst.op == Opcode::COPY && inst.arg == 1;
            if !is_copy_of_load_const {
                opcode = inst.op;
                oparg = inst.arg;
                target = if inst.target.is_some() {
                    self.target_first(&inst)
                } else {
                    None
                };
            }
            let len = self.blocks[id].instrs.len();
            let nextop = if i + 1 < len {
                self.blocks[id].instrs[i + 1].op
            } else {
                Opcode::CACHE
            };
            match opcode {
                Opcode::LOAD_CONST => match nextop {
                    Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
                        let truthy = consts[oparg as usize].is_truthy();
                        set_nop(&mut self.blocks[id].instrs[i]);
                        let jump_if_true = nextop == Opcode::POP_JUMP_IF_TRUE;
                        let next = &mut self.blocks[id].instrs[i + 1];
                        if truthy == jump_if_true {
                            next.op = Opcode::JUMP;
                        } else {
                            set_nop(next);
                        }
                    }
                    Opcode::IS_OP => {
                        if !matches!(consts[oparg as usize], Const::None) || len <= i + 2 {
                            i += 1;
                            continue;
                        }
                        let mut jump_index = i + 2;
                        if v13 && self.blocks[id].instrs[jump_index].op == Opcode::TO_BOOL {
                            set_nop(&mut self.blocks[id].instrs[jump_index]);
                            if len <= i + 3 {
                                i += 1;
                                continue;
                            }
                            jump_index = i + 3;
                        }
                        let mut invert = self.blocks[id].instrs[i + 1].arg != 0;
                        match self.blocks[id].instrs[jump_index].op {
                            Opcode::POP_JUMP_IF_FALSE => invert = !invert,
                            Opcode::POP_JUMP_IF_TRUE => {}
                            _ => {
                                i += 1;
                                continue;
                            }
                        }
                        set_nop(&mut self.blocks[id].instrs[i]);
                        set_nop(&mut self.blocks[id].instrs[i + 1]);
                        self.blocks[id].instrs[jump_index].op = if invert {
                            Opcode::POP_JUMP_IF_NOT_NONE
                        } else {
                            Opcode::POP_JUMP_IF_NONE
                        };
                    }
                    Opcode::RETURN_VALUE => {
                        set_nop(&mut self.blocks[id].instrs[i]);
                        i += 1;
                        let next = &mut self.blocks[id].instrs[i];
                        next.op = Opcode::RETURN_CONST;
                        next.arg = oparg;
                    }
                    Opcode::TO_BOOL if v13 => {
                        let truthy = consts[oparg as usize].is_truthy();
                        let index = add_const(consts, Const::Bool(truthy));
                        set_nop(&mut self.blocks[id].instrs[i]);
                        let next = &mut self.blocks[id].instrs[i + 1];
                        next.op = Opcode::LOAD_CONST;
                        next.arg = index;
                    }
                    _ => {}
                },
                Opcode::BUILD_TUPLE => {
                    if nextop == Opcode::UNPACK_SEQUENCE
                        && oparg == self.blocks[id].instrs[i + 1].arg
                    {
                        match oparg {
                            1 => {
                                set_nop(&mut self.blocks[id].instrs[i]);
                                set_nop(&mut self.blocks[id].instrs[i + 1]);
                                i += 1;
                                continue;
                            }
                            2 | 3 => {
                                set_nop(&mut self.blocks[id].instrs[i]);
                                self.blocks[id].instrs[i + 1].op = Opcode::SWAP;
                                i += 1;
                                continue;
                            }
                            _ => {}
                        }
                    }
                    if i >= oparg as usize {
                        self.fold_tuple_on_constants(id, i, oparg as usize, consts);
                    }
                }
                Opcode::POP_JUMP_IF_NOT_NONE
                | Opcode::POP_JUMP_IF_NONE
                | Opcode::POP_JUMP_IF_FALSE
                | Opcode::POP_JUMP_IF_TRUE
                | Opcode::JUMP => {
                    if let Some(t) = target
                        && t.op == Opcode::JUMP
                        && self.jump_thread(id, i, &t, opcode)
                    {
                        // Re-examine the rewritten instruction.
                        continue;
                    }
                }
                Opcode::JUMP_NO_INTERRUPT if v13 => {
                    if let Some(t) = target {
                        let threaded = match t.op {
                            Opcode::JUMP => self.jump_thread(id, i, &t, Opcode::JUMP),
                            Opcode::JUMP_NO_INTERRUPT => self.jump_thread(id, i, &t, opcode),
                            _ => false,
                        };
                        if threaded {
                            continue;
                        }
                    }
                }
                Opcode::SWAP => {
                    if oparg == 1 {
                        set_nop(&mut self.blocks[id].instrs[i]);
                    } else {
                        swaptimize(&mut self.blocks[id].instrs, &mut i);
                        apply_static_swaps(&mut self.blocks[id].instrs, i);
                    }
                }
                Opcode::PUSH_NULL
                    if !v13
                        && nextop == Opcode::LOAD_GLOBAL
                        && self.blocks[id].instrs[i + 1].arg & 1 == 0 =>
                {
                    set_nop(&mut self.blocks[id].instrs[i]);
                    self.blocks[id].instrs[i + 1].arg |= 1;
                }
                Opcode::LOAD_GLOBAL if v13 && nextop == Opcode::PUSH_NULL && oparg & 1 == 0 => {
                    self.blocks[id].instrs[i].arg = oparg | 1;
                    set_nop(&mut self.blocks[id].instrs[i + 1]);
                }
                Opcode::COMPARE_OP if v13 && nextop == Opcode::TO_BOOL => {
                    set_nop(&mut self.blocks[id].instrs[i]);
                    let next = &mut self.blocks[id].instrs[i + 1];
                    next.op = Opcode::COMPARE_OP;
                    next.arg = oparg | 16;
                    i += 1;
                    continue;
                }
                Opcode::CONTAINS_OP | Opcode::IS_OP if v13 => {
                    if nextop == Opcode::TO_BOOL {
                        set_nop(&mut self.blocks[id].instrs[i]);
                        let next = &mut self.blocks[id].instrs[i + 1];
                        next.op = opcode;
                        next.arg = oparg;
                        i += 1;
                        continue;
                    }
                    if nextop == Opcode::UNARY_NOT {
                        set_nop(&mut self.blocks[id].instrs[i]);
                        let next = &mut self.blocks[id].instrs[i + 1];
                        next.op = opcode;
                        next.arg = oparg ^ 1;
                        i += 1;
                        continue;
                    }
                }
                Opcode::TO_BOOL if v13 && nextop == Opcode::TO_BOOL => {
                    set_nop(&mut self.blocks[id].instrs[i]);
                    i += 1;
                    continue;
                }
                Opcode::UNARY_NOT if v13 => {
                    if nextop == Opcode::TO_BOOL {
                        set_nop(&mut self.blocks[id].instrs[i]);
                        let next = &mut self.blocks[id].instrs[i + 1];
                        next.op = Opcode::UNARY_NOT;
                        next.arg = 0;
                        i += 1;
                        continue;
                    }
                    if nextop == Opcode::UNARY_NOT {
                        set_nop(&mut self.blocks[id].instrs[i]);
                        set_nop(&mut self.blocks[id].instrs[i + 1]);
                        i += 1;
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let mut i = 0;
        while i < self.blocks[id].instrs.len() {
            if self.blocks[id].instrs[i].op == Opcode::SWAP {
                swaptimize(&mut self.blocks[id].instrs, &mut i);
                apply_static_swaps(&mut self.blocks[id].instrs, i);
            }
            i += 1;
        }
    }

    fn optimize_block_311(&mut self, id: BlockId, consts: &mut Vec<Const>) {
        let mut i = 0usize;
        while i < self.blocks[id].instrs.len() {
            if let Some(target) = self.blocks[id].instrs[i].target {
                self.blocks[id].instrs[i].target =
                    self.next_nonempty(Some(target)).or(Some(target));
            }
            let inst = self.blocks[id].instrs[i];
            let target = if inst.target.is_some() {
                self.target_first(&inst)
            } else {
                None
            };
            let len = self.blocks[id].instrs.len();
            let nextop = if i + 1 < len {
                self.blocks[id].instrs[i + 1].op
            } else {
                Opcode::CACHE
            };
            let oparg = inst.arg;
            match inst.op {
                Opcode::LOAD_CONST => match nextop {
                    Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
                        let truthy = consts[oparg as usize].is_truthy();
                        set_nop(&mut self.blocks[id].instrs[i]);
                        let jump_if_true = nextop == Opcode::POP_JUMP_IF_TRUE;
                        let next = &mut self.blocks[id].instrs[i + 1];
                        if truthy == jump_if_true {
                            next.op = Opcode::JUMP;
                        } else {
                            set_nop(next);
                        }
                    }
                    Opcode::JUMP_IF_FALSE_OR_POP | Opcode::JUMP_IF_TRUE_OR_POP => {
                        let truthy = consts[oparg as usize].is_truthy();
                        let jump_if_true = nextop == Opcode::JUMP_IF_TRUE_OR_POP;
                        if truthy == jump_if_true {
                            self.blocks[id].instrs[i + 1].op = Opcode::JUMP;
                        } else {
                            set_nop(&mut self.blocks[id].instrs[i]);
                            set_nop(&mut self.blocks[id].instrs[i + 1]);
                        }
                    }
                    Opcode::IS_OP
                        if matches!(consts[oparg as usize], Const::None) && len > i + 2 =>
                    {
                        let mut invert = self.blocks[id].instrs[i + 1].arg != 0;
                        let jump = self.blocks[id].instrs[i + 2].op;
                        let applies = match jump {
                            Opcode::POP_JUMP_IF_FALSE => {
                                invert = !invert;
                                true
                            }
                            Opcode::POP_JUMP_IF_TRUE => true,
                            _ => false,
                        };
                        if applies {
                            set_nop(&mut self.blocks[id].instrs[i]);
                            set_nop(&mut self.blocks[id].instrs[i + 1]);
                            self.blocks[id].instrs[i + 2].op = if invert {
                                Opcode::POP_JUMP_IF_NOT_NONE
                            } else {
                                Opcode::POP_JUMP_IF_NONE
                            };
                        }
                    }
                    _ => {}
                },
                Opcode::BUILD_TUPLE => {
                    if nextop == Opcode::UNPACK_SEQUENCE
                        && oparg == self.blocks[id].instrs[i + 1].arg
                        && (1..=3).contains(&oparg)
                    {
                        set_nop(&mut self.blocks[id].instrs[i]);
                        if oparg == 1 {
                            set_nop(&mut self.blocks[id].instrs[i + 1]);
                        } else {
                            self.blocks[id].instrs[i + 1].op = Opcode::SWAP;
                        }
                        i += 1;
                        continue;
                    }
                    if i >= oparg as usize {
                        self.fold_tuple_on_constants(id, i, oparg as usize, consts);
                    }
                }
                Opcode::JUMP_IF_FALSE_OR_POP | Opcode::JUMP_IF_TRUE_OR_POP => {
                    let on_true = inst.op == Opcode::JUMP_IF_TRUE_OR_POP;
                    let (same_pop, same_keep, other_pop, other_keep) = if on_true {
                        (
                            Opcode::POP_JUMP_IF_TRUE,
                            Opcode::JUMP_IF_TRUE_OR_POP,
                            Opcode::POP_JUMP_IF_FALSE,
                            Opcode::JUMP_IF_FALSE_OR_POP,
                        )
                    } else {
                        (
                            Opcode::POP_JUMP_IF_FALSE,
                            Opcode::JUMP_IF_FALSE_OR_POP,
                            Opcode::POP_JUMP_IF_TRUE,
                            Opcode::JUMP_IF_TRUE_OR_POP,
                        )
                    };
                    if let Some(t) = target {
                        if t.op == same_pop {
                            if self.jump_thread(id, i, &t, same_pop) {
                                continue;
                            }
                        } else if t.op == Opcode::JUMP || t.op == same_keep {
                            if self.jump_thread(id, i, &t, same_keep) {
                                continue;
                            }
                        } else if (t.op == other_keep || t.op == other_pop) && inst.line == t.line {
                            let target_block = self
                                .next_nonempty(inst.target)
                                .expect("internal error: jump into nothing");
                            let after = self.blocks[target_block].next;
                            let instr = &mut self.blocks[id].instrs[i];
                            instr.op = same_pop;
                            instr.target = after;
                            continue;
                        }
                    }
                }
                Opcode::POP_JUMP_IF_NOT_NONE
                | Opcode::POP_JUMP_IF_NONE
                | Opcode::POP_JUMP_IF_FALSE
                | Opcode::POP_JUMP_IF_TRUE
                | Opcode::JUMP => {
                    if let Some(t) = target
                        && t.op == Opcode::JUMP
                        && self.jump_thread(id, i, &t, inst.op)
                    {
                        continue;
                    }
                }
                Opcode::SWAP => {
                    if oparg == 1 {
                        set_nop(&mut self.blocks[id].instrs[i]);
                    } else {
                        swaptimize(&mut self.blocks[id].instrs, &mut i);
                        apply_static_swaps(&mut self.blocks[id].instrs, i);
                    }
                }
                Opcode::PUSH_NULL
                    if nextop == Opcode::LOAD_GLOBAL
                        && self.blocks[id].instrs[i + 1].arg & 1 == 0 =>
                {
                    set_nop(&mut self.blocks[id].instrs[i]);
                    self.blocks[id].instrs[i + 1].arg |= 1;
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn optimize_block_310(&mut self, id: BlockId, consts: &mut Vec<Const>) {
        let mut i = 0usize;
        while i < self.blocks[id].instrs.len() {
            // 3.10 (and 3.11) skip over empty blocks when following a jump.
            if let Some(target) = self.blocks[id].instrs[i].target {
                self.blocks[id].instrs[i].target =
                    self.next_nonempty(Some(target)).or(Some(target));
            }
            let inst = self.blocks[id].instrs[i];
            let target = if inst.target.is_some() {
                self.target_first(&inst)
            } else {
                None
            };
            let len = self.blocks[id].instrs.len();
            let nextop = if i + 1 < len {
                self.blocks[id].instrs[i + 1].op
            } else {
                Opcode::CACHE
            };
            let oparg = inst.arg;
            match inst.op {
                Opcode::LOAD_CONST => match nextop {
                    Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
                        let truthy = consts[oparg as usize].is_truthy();
                        set_nop(&mut self.blocks[id].instrs[i]);
                        let jump_if_true = nextop == Opcode::POP_JUMP_IF_TRUE;
                        let next = &mut self.blocks[id].instrs[i + 1];
                        if truthy == jump_if_true {
                            next.op = Opcode::JUMP_ABSOLUTE;
                        } else {
                            set_nop(next);
                        }
                    }
                    Opcode::JUMP_IF_FALSE_OR_POP | Opcode::JUMP_IF_TRUE_OR_POP => {
                        let truthy = consts[oparg as usize].is_truthy();
                        let jump_if_true = nextop == Opcode::JUMP_IF_TRUE_OR_POP;
                        if truthy == jump_if_true {
                            self.blocks[id].instrs[i + 1].op = Opcode::JUMP_ABSOLUTE;
                        } else {
                            set_nop(&mut self.blocks[id].instrs[i]);
                            set_nop(&mut self.blocks[id].instrs[i + 1]);
                        }
                    }
                    _ => {}
                },
                Opcode::BUILD_TUPLE => {
                    if nextop == Opcode::UNPACK_SEQUENCE
                        && oparg == self.blocks[id].instrs[i + 1].arg
                    {
                        match oparg {
                            1 => {
                                set_nop(&mut self.blocks[id].instrs[i]);
                                set_nop(&mut self.blocks[id].instrs[i + 1]);
                            }
                            2 => {
                                self.blocks[id].instrs[i].op = Opcode::ROT_TWO;
                                self.blocks[id].instrs[i].arg = 0;
                                set_nop(&mut self.blocks[id].instrs[i + 1]);
                            }
                            3 => {
                                self.blocks[id].instrs[i].op = Opcode::ROT_THREE;
                                self.blocks[id].instrs[i].arg = 0;
                                self.blocks[id].instrs[i + 1].op = Opcode::ROT_TWO;
                                self.blocks[id].instrs[i + 1].arg = 0;
                            }
                            _ => {}
                        }
                        i += 1;
                        continue;
                    }
                    if i >= oparg as usize {
                        self.fold_tuple_on_constants(id, i, oparg as usize, consts);
                    }
                }
                Opcode::JUMP_IF_FALSE_OR_POP | Opcode::JUMP_IF_TRUE_OR_POP => {
                    let on_true = inst.op == Opcode::JUMP_IF_TRUE_OR_POP;
                    let (same_pop, same_keep, other_keep) = if on_true {
                        (
                            Opcode::POP_JUMP_IF_TRUE,
                            Opcode::JUMP_IF_TRUE_OR_POP,
                            Opcode::JUMP_IF_FALSE_OR_POP,
                        )
                    } else {
                        (
                            Opcode::POP_JUMP_IF_FALSE,
                            Opcode::JUMP_IF_FALSE_OR_POP,
                            Opcode::JUMP_IF_TRUE_OR_POP,
                        )
                    };
                    if let Some(t) = target {
                        if t.op == same_pop {
                            if inst.line == t.line {
                                self.blocks[id].instrs[i] = CInstr {
                                    line: inst.line,
                                    range: inst.range,
                                    except: inst.except,
                                    ..t
                                };
                                continue;
                            }
                        } else if matches!(t.op, Opcode::JUMP_ABSOLUTE | Opcode::JUMP_FORWARD)
                            || t.op == same_keep
                        {
                            if inst.line == t.line && inst.target != t.target {
                                self.blocks[id].instrs[i].target = t.target;
                                continue;
                            }
                        } else if t.op == other_keep && inst.line == t.line {
                            let target_block = self
                                .next_nonempty(inst.target)
                                .expect("internal error: jump into nothing");
                            let after = self.blocks[target_block].next;
                            let instr = &mut self.blocks[id].instrs[i];
                            instr.op = same_pop;
                            instr.target = after;
                            continue;
                        }
                    }
                }
                Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
                    if let Some(t) = target
                        && matches!(t.op, Opcode::JUMP_ABSOLUTE | Opcode::JUMP_FORWARD)
                        && inst.line == t.line
                        && inst.target != t.target
                    {
                        self.blocks[id].instrs[i].target = t.target;
                        continue;
                    }
                }
                Opcode::JUMP_ABSOLUTE | Opcode::JUMP_FORWARD => {
                    if let Some(t) = target {
                        let opcode = match t.op {
                            Opcode::JUMP_FORWARD => Some(inst.op),
                            Opcode::JUMP_ABSOLUTE => Some(Opcode::JUMP_ABSOLUTE),
                            _ => None,
                        };
                        if let Some(op) = opcode
                            && inst.target != t.target
                            && inst.line == t.line
                        {
                            set_nop(&mut self.blocks[id].instrs[i]);
                            self.blocks[id].instrs.push(CInstr {
                                op,
                                arg: 0,
                                target: t.target,
                                line: t.line,
                                range: t.range,
                                except: inst.except,
                            });
                        }
                    }
                }
                Opcode::FOR_ITER => {
                    if let Some(t) = target
                        && t.op == Opcode::JUMP_FORWARD
                        && inst.target != t.target
                        && inst.line == t.line
                    {
                        set_nop(&mut self.blocks[id].instrs[i]);
                        self.blocks[id].instrs.push(CInstr {
                            op: Opcode::FOR_ITER,
                            arg: 0,
                            target: t.target,
                            line: t.line,
                            range: t.range,
                            except: inst.except,
                        });
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// Retargets a jump to a jump (`jump_thread`). Returns true if it changed something.
    fn jump_thread(&mut self, id: BlockId, i: usize, target: &CInstr, opcode: Opcode) -> bool {
        let inst = self.blocks[id].instrs[i];
        if inst.target == target.target {
            return false;
        }
        match self.v() {
            PyVersion::Py313 => {
                // 3.13 turns the jump into a NOP and appends a new jump at the target's line.
                set_nop(&mut self.blocks[id].instrs[i]);
                self.blocks[id].instrs.push(CInstr {
                    op: opcode,
                    arg: 0,
                    target: target.target,
                    line: target.line,
                    range: target.range,
                    except: inst.except,
                });
                true
            }
            PyVersion::Py312 => {
                if inst.line == target.line || target.line.is_none() {
                    let instr = &mut self.blocks[id].instrs[i];
                    instr.target = target.target;
                    instr.op = opcode;
                    return true;
                }
                false
            }
            _ => {
                if inst.line == target.line {
                    let instr = &mut self.blocks[id].instrs[i];
                    instr.target = target.target;
                    instr.op = opcode;
                    return true;
                }
                false
            }
        }
    }

    /// `BUILD_TUPLE n` after `n` constant loads becomes one `LOAD_CONST` of the tuple.
    fn fold_tuple_on_constants(
        &mut self,
        id: BlockId,
        build: usize,
        count: usize,
        consts: &mut Vec<Const>,
    ) {
        let instrs = &self.blocks[id].instrs;
        let start = build - count;
        if !instrs[start..build]
            .iter()
            .all(|i| i.op == Opcode::LOAD_CONST)
        {
            return;
        }
        let items: Vec<Const> = instrs[start..build]
            .iter()
            .map(|i| consts[i.arg as usize].clone())
            .collect();
        let index = add_const(consts, Const::Tuple(Rc::from(items)));
        let instrs = &mut self.blocks[id].instrs;
        for instr in &mut instrs[start..build] {
            set_nop(instr);
        }
        instrs[build].op = Opcode::LOAD_CONST;
        instrs[build].arg = index;
    }

    /// `mark_reachable`: counts predecessors from the entry; unreachable blocks keep zero.
    pub fn mark_reachable(&mut self) {
        for block in &mut self.blocks {
            block.predecessors = 0;
            block.visited = false;
        }
        // 3.12+ marks a block visited when it is popped; 3.10 and 3.11 push a block only while
        // its predecessor count is still zero. The counts can differ, and later passes read them.
        let pop_marks = self.v() >= PyVersion::Py312;
        let mut stack = vec![self.entry];
        self.blocks[self.entry].predecessors = 1;
        while let Some(id) = stack.pop() {
            self.blocks[id].visited = true;
            if let Some(next) = self.blocks[id].next
                && self.has_fallthrough(id)
            {
                let push = if pop_marks {
                    !self.blocks[next].visited
                } else {
                    self.blocks[next].predecessors == 0
                };
                if push {
                    stack.push(next);
                }
                self.blocks[next].predecessors += 1;
            }
            let targets: Vec<BlockId> = self.blocks[id]
                .instrs
                .iter()
                .filter(|i| i.op.is_jump())
                .filter_map(|i| i.target)
                .collect();
            for target in targets {
                let push = if pop_marks {
                    !self.blocks[target].visited
                } else {
                    self.blocks[target].predecessors == 0
                };
                if push {
                    stack.push(target);
                }
                self.blocks[target].predecessors += 1;
            }
        }
    }

    /// 3.13's `remove_unreachable`: counts predecessors (marking blocks when pushed) and
    /// empties every block it did not reach.
    pub fn remove_unreachable_313(&mut self) {
        for block in &mut self.blocks {
            block.predecessors = 0;
            block.visited = false;
        }
        let mut stack = vec![self.entry];
        self.blocks[self.entry].predecessors = 1;
        self.blocks[self.entry].visited = true;
        while let Some(id) = stack.pop() {
            if let Some(next) = self.blocks[id].next
                && self.has_fallthrough(id)
            {
                if !self.blocks[next].visited {
                    stack.push(next);
                    self.blocks[next].visited = true;
                }
                self.blocks[next].predecessors += 1;
            }
            let targets: Vec<BlockId> = self.blocks[id]
                .instrs
                .iter()
                .filter(|i| i.op.is_jump())
                .filter_map(|i| i.target)
                .collect();
            for target in targets {
                if !self.blocks[target].visited {
                    stack.push(target);
                    self.blocks[target].visited = true;
                }
                self.blocks[target].predecessors += 1;
            }
        }
        for id in self.order() {
            if self.blocks[id].predecessors == 0 {
                self.blocks[id].instrs.clear();
                self.blocks[id].except_handler = false;
            }
        }
    }

    /// Empties every block `mark_reachable` did not reach.
    pub fn remove_unreachable(&mut self) {
        for id in self.order() {
            if self.blocks[id].predecessors == 0 {
                self.blocks[id].instrs.clear();
            }
        }
    }

    /// `remove_redundant_nops` (3.12+) or `clean_basic_block` (3.10, 3.11); returns how many
    /// instructions were removed.
    pub fn remove_redundant_nops(&mut self, id: BlockId, prev_line: Option<u32>) -> usize {
        let v = self.v();
        let next_first_line = {
            let next = self.next_nonempty(self.blocks[id].next);
            // 3.12+ skips NOPs without a line in the next block: they will be removed.
            next.map(|n| {
                self.blocks[n]
                    .instrs
                    .iter()
                    .find(|i| !(v >= PyVersion::Py312 && i.op == Opcode::NOP && i.line.is_none()))
                    .and_then(|i| i.line)
            })
        };
        let block = &mut self.blocks[id];
        let original = block.instrs.len();
        let mut out: Vec<CInstr> = Vec::with_capacity(original);
        let mut prev_line: Option<Option<u32>> = prev_line.map(Some);
        let mut src = 0;
        while src < block.instrs.len() {
            let instr = block.instrs[src];
            let line = instr.line;
            if instr.op == Opcode::NOP {
                if line.is_none() {
                    src += 1;
                    continue;
                }
                if prev_line == Some(line) {
                    src += 1;
                    continue;
                }
                if src + 1 < block.instrs.len() {
                    let next_line = block.instrs[src + 1].line;
                    if v >= PyVersion::Py312 {
                        if next_line == line {
                            src += 1;
                            continue;
                        }
                        if next_line.is_none() {
                            block.instrs[src + 1].line = line;
                            block.instrs[src + 1].range = instr.range;
                            src += 1;
                            continue;
                        }
                    } else if next_line.is_none() || next_line == line {
                        block.instrs[src + 1].line = line;
                        block.instrs[src + 1].range = instr.range;
                        src += 1;
                        continue;
                    }
                } else if let Some(next_line) = next_first_line
                    && next_line == line
                {
                    src += 1;
                    continue;
                }
            }
            out.push(instr);
            prev_line = Some(line);
            src += 1;
        }
        let removed = original - out.len();
        block.instrs = out;
        removed
    }

    /// `remove_redundant_nops` over every block.
    pub fn remove_all_redundant_nops(&mut self) -> usize {
        let mut removed = 0;
        for id in self.order() {
            removed += self.remove_redundant_nops(id, None);
        }
        removed
    }

    /// `remove_redundant_nops_and_pairs` (3.12+): `LOAD_CONST; POP_TOP` and `COPY 1; POP_TOP`
    /// pairs become NOPs.
    pub fn remove_redundant_nops_and_pairs(&mut self) {
        loop {
            let mut done = true;
            let mut prev: Option<(BlockId, usize)> = None;
            let mut current: Option<(BlockId, usize)>;
            for id in self.order() {
                self.remove_redundant_nops(id, None);
                current = None;
                if !self.blocks[id].labelled {
                    current = prev;
                }
                for index in 0..self.blocks[id].instrs.len() {
                    let previous = current;
                    current = Some((id, index));
                    let instr = self.blocks[id].instrs[index];
                    if instr.op != Opcode::POP_TOP {
                        continue;
                    }
                    let Some((pb, pi)) = previous else {
                        continue;
                    };
                    let p = self.blocks[pb].instrs[pi];
                    let redundant =
                        p.op == Opcode::LOAD_CONST || (p.op == Opcode::COPY && p.arg == 1);
                    if redundant {
                        set_nop(&mut self.blocks[pb].instrs[pi]);
                        set_nop(&mut self.blocks[id].instrs[index]);
                        done = false;
                    }
                }
                let ends_with_jump = self.blocks[id].last().is_some_and(|i| is_jump(i.op));
                prev = if ends_with_jump || !self.has_fallthrough(id) {
                    None
                } else {
                    current
                };
            }
            if done {
                break;
            }
        }
    }

    /// `remove_redundant_jumps`: an unconditional jump to the next block becomes a NOP.
    pub fn remove_redundant_jumps(&mut self) -> usize {
        let mut changes = 0;
        for id in self.order() {
            let Some(last) = self.blocks[id].last().copied() else {
                continue;
            };
            if !last.op.is_unconditional_jump() {
                continue;
            }
            let jump_target = self.next_nonempty(last.target);
            let next = self.next_nonempty(self.blocks[id].next);
            if jump_target.is_some() && jump_target == next {
                changes += 1;
                let end = self.blocks[id].instrs.len() - 1;
                set_nop(&mut self.blocks[id].instrs[end]);
            }
        }
        changes
    }

    /// 3.12+: a `LOAD_FAST` of a local that may be unbound becomes `LOAD_FAST_CHECK`
    /// (`add_checks_for_loads_of_uninitialized_variables`).
    pub fn add_checks_for_uninitialized(&mut self, nlocals: usize, nparams: usize) {
        if nlocals == 0 {
            return;
        }
        let nlocals = nlocals.min(64);
        for block in &mut self.blocks {
            block.visited = false;
            block.unsafe_locals = 0;
        }
        let mut stack: Vec<BlockId> = Vec::new();
        let mut start_mask = 0u64;
        for i in nparams..nlocals {
            start_mask |= 1 << i;
        }
        let entry = self.entry;
        self.maybe_push(entry, start_mask, &mut stack);
        for id in self.order() {
            self.scan_block_for_locals(id, &mut stack);
        }
        while let Some(id) = stack.pop() {
            self.blocks[id].visited = false;
            self.scan_block_for_locals(id, &mut stack);
        }
    }

    fn maybe_push(&mut self, id: BlockId, mask: u64, stack: &mut Vec<BlockId>) {
        let both = self.blocks[id].unsafe_locals | mask;
        if self.blocks[id].unsafe_locals != both {
            self.blocks[id].unsafe_locals = both;
            if !self.blocks[id].visited {
                stack.push(id);
                self.blocks[id].visited = true;
            }
        }
    }

    fn scan_block_for_locals(&mut self, id: BlockId, stack: &mut Vec<BlockId>) {
        let mut unsafe_mask = self.blocks[id].unsafe_locals;
        for index in 0..self.blocks[id].instrs.len() {
            let instr = self.blocks[id].instrs[index];
            if let Some(handler) = instr.except {
                self.maybe_push(handler, unsafe_mask, stack);
            }
            if instr.arg >= 64 {
                continue;
            }
            let bit = 1u64 << instr.arg;
            match instr.op {
                Opcode::DELETE_FAST
                | Opcode::LOAD_FAST_AND_CLEAR
                | Opcode::STORE_FAST_MAYBE_NULL => unsafe_mask |= bit,
                Opcode::STORE_FAST | Opcode::LOAD_FAST_CHECK => unsafe_mask &= !bit,
                Opcode::LOAD_FAST => {
                    if unsafe_mask & bit != 0 {
                        self.blocks[id].instrs[index].op = Opcode::LOAD_FAST_CHECK;
                    }
                    unsafe_mask &= !bit;
                }
                _ => {}
            }
        }
        if let Some(next) = self.blocks[id].next
            && self.has_fallthrough(id)
        {
            self.maybe_push(next, unsafe_mask, stack);
        }
        if let Some(last) = self.blocks[id].last().copied()
            && is_jump(last.op)
            && let Some(target) = last.target
        {
            self.maybe_push(target, unsafe_mask, stack);
        }
    }

    /// 3.13: `LOAD_FAST_LOAD_FAST`, `STORE_FAST_LOAD_FAST`, `STORE_FAST_STORE_FAST`.
    pub fn insert_superinstructions(&mut self) {
        for id in self.order() {
            let len = self.blocks[id].instrs.len();
            for i in 0..len {
                if i + 1 >= len {
                    break;
                }
                let first = self.blocks[id].instrs[i];
                let second = self.blocks[id].instrs[i + 1];
                let super_op = match (first.op, second.op) {
                    (Opcode::LOAD_FAST, Opcode::LOAD_FAST) => Opcode::LOAD_FAST_LOAD_FAST,
                    (Opcode::STORE_FAST, Opcode::LOAD_FAST) => Opcode::STORE_FAST_LOAD_FAST,
                    (Opcode::STORE_FAST, Opcode::STORE_FAST) => Opcode::STORE_FAST_STORE_FAST,
                    _ => continue,
                };
                if let (Some(a), Some(b)) = (first.line, second.line)
                    && a != b
                {
                    continue;
                }
                if first.arg >= 16 || second.arg >= 16 {
                    continue;
                }
                let instrs = &mut self.blocks[id].instrs;
                instrs[i].op = super_op;
                instrs[i].arg = (first.arg << 4) | second.arg;
                set_nop(&mut instrs[i + 1]);
            }
        }
        self.remove_all_redundant_nops();
        self.eliminate_empty_blocks();
    }
}

/// Turns an instruction into a NOP, keeping its line.
pub fn set_nop(instr: &mut CInstr) {
    instr.op = Opcode::NOP;
    instr.arg = 0;
    instr.target = None;
}

fn swappable(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::STORE_FAST | Opcode::STORE_FAST_MAYBE_NULL | Opcode::POP_TOP
    )
}

fn stores_to(instr: &CInstr) -> Option<u32> {
    matches!(instr.op, Opcode::STORE_FAST | Opcode::STORE_FAST_MAYBE_NULL).then_some(instr.arg)
}

fn next_swappable(instrs: &[CInstr], mut i: usize, line: Option<Option<u32>>) -> Option<usize> {
    loop {
        i += 1;
        if i >= instrs.len() {
            return None;
        }
        let instr = &instrs[i];
        if let Some(Some(line)) = line
            && instr.line != Some(line)
        {
            return None;
        }
        if instr.op == Opcode::NOP {
            continue;
        }
        if swappable(instr.op) {
            return Some(i);
        }
        return None;
    }
}

/// `apply_static_swaps`: `SWAP n` followed by stores swaps the stores instead of the values.
fn apply_static_swaps(instrs: &mut [CInstr], start: usize) {
    let mut i = start as isize;
    while i >= 0 {
        let index = i as usize;
        let swap = instrs[index];
        if swap.op != Opcode::SWAP {
            if swap.op == Opcode::NOP || swappable(swap.op) {
                i -= 1;
                continue;
            }
            return;
        }
        let Some(j) = next_swappable(instrs, index, None) else {
            return;
        };
        let mut k = j;
        let line = instrs[j].line;
        let mut count = swap.arg as i64 - 1;
        while count > 0 {
            match next_swappable(instrs, k, Some(line)) {
                Some(next) => k = next,
                None => return,
            }
            count -= 1;
        }
        let store_j = stores_to(&instrs[j]);
        let store_k = stores_to(&instrs[k]);
        if store_j.is_some() || store_k.is_some() {
            if store_j == store_k {
                return;
            }
            for between in &instrs[j + 1..k] {
                let store = stores_to(between);
                if store.is_some() && (store == store_j || store == store_k) {
                    return;
                }
            }
        }
        set_nop(&mut instrs[index]);
        instrs.swap(j, k);
        i -= 1;
    }
}

/// `swaptimize`: rewrites a run of SWAPs into the fewest SWAPs with the same effect.
fn swaptimize(instrs: &mut [CInstr], ix: &mut usize) {
    let start = *ix;
    let mut depth = instrs[start].arg as usize;
    let mut len = 0;
    let mut more = false;
    let limit = instrs.len() - start;
    loop {
        len += 1;
        if len >= limit {
            break;
        }
        let op = instrs[start + len].op;
        if op == Opcode::SWAP {
            depth = depth.max(instrs[start + len].arg as usize);
            more = true;
        } else if op != Opcode::NOP {
            break;
        }
    }
    if !more {
        return;
    }
    const VISITED: isize = -1;
    let mut stack: Vec<isize> = (0..depth as isize).collect();
    for instr in &instrs[start..start + len] {
        if instr.op == Opcode::SWAP {
            let oparg = instr.arg as usize;
            stack.swap(0, oparg - 1);
        }
    }
    let mut current = len as isize - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i as isize {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                let instr = &mut instrs[start + current as usize];
                instr.op = Opcode::SWAP;
                instr.arg = j as u32 + 1;
                instr.target = None;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j] as usize;
            stack[j] = VISITED;
            j = next_j;
        }
    }
    while current >= 0 {
        set_nop(&mut instrs[start + current as usize]);
        current -= 1;
    }
    *ix += len - 1;
}
