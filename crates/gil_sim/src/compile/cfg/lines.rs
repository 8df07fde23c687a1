//! Line numbers for instructions the code generator left without one, and the final block
//! layout: exception handlers pushed to the end (3.12+) and jump directions.

use crate::bytecode::Opcode;
use crate::compile::cfg::{BlockId, CInstr, Cfg, is_jump};
use crate::version::PyVersion;

impl Cfg {
    /// 3.10 looks only at the block's first instruction; later versions at all of them.
    fn is_exit_without_lineno(&self, id: BlockId) -> bool {
        if !self.exits_scope(id) {
            return false;
        }
        let instrs = &self.blocks[id].instrs;
        if self.version == PyVersion::Py310 {
            return instrs.first().is_some_and(|i| i.line.is_none());
        }
        instrs.iter().all(|i| i.line.is_none())
    }

    /// `duplicate_exits_without_lineno`: an exit block without a line reached by several jumps
    /// is copied once per jump, each copy taking the jump's line.
    pub fn duplicate_exits_without_lineno(&mut self) {
        let ids = if self.version >= PyVersion::Py312 {
            self.order()
        } else {
            self.creation_order()
        };
        for id in ids {
            let Some(last) = self.blocks[id].last().copied() else {
                continue;
            };
            if !is_jump(last.op) {
                continue;
            }
            let Some(target) = last.target else {
                continue;
            };
            if self.is_exit_without_lineno(target) && self.blocks[target].predecessors > 1 {
                let stamp = self.blocks.iter().map(|b| b.created).max().unwrap_or(0) + 1;
                let copy = self.new_block(stamp);
                self.blocks[copy].instrs = self.blocks[target].instrs.clone();
                self.blocks[copy].instrs[0].line = last.line;
                self.blocks[copy].instrs[0].range = last.range;
                let end = self.blocks[id].instrs.len() - 1;
                self.blocks[id].instrs[end].target = Some(copy);
                self.blocks[target].predecessors -= 1;
                self.blocks[copy].predecessors = 1;
                self.blocks[copy].next = self.blocks[target].next;
                self.blocks[target].next = Some(copy);
            }
        }
        if self.version < PyVersion::Py312 {
            self.eliminate_empty_blocks();
        }
        let ids = if self.version >= PyVersion::Py312 {
            self.order()
        } else {
            self.creation_order()
        };
        for id in ids {
            if self.has_fallthrough(id)
                && let Some(next) = self.blocks[id].next
                && let Some(last) = self.blocks[id].last().copied()
                && self.is_exit_without_lineno(next)
            {
                self.blocks[next].instrs[0].line = last.line;
                self.blocks[next].instrs[0].range = last.range;
            }
        }
    }

    /// `propagate_line_numbers`: an instruction without a line takes the previous one's; a
    /// block with a single predecessor inherits the line at the end of that predecessor.
    pub fn propagate_line_numbers(&mut self) {
        for id in self.order() {
            if self.blocks[id].instrs.is_empty() {
                continue;
            }
            let mut prev: (Option<u32>, Option<(u32, u32)>) = (None, None);
            for instr in &mut self.blocks[id].instrs {
                if instr.line.is_none() {
                    (instr.line, instr.range) = prev;
                } else {
                    prev = (instr.line, instr.range);
                }
            }
            if self.has_fallthrough(id)
                && let Some(next) = self.blocks[id].next
                && self.blocks[next].predecessors == 1
                && let Some(first) = self.blocks[next].instrs.first_mut()
                && first.line.is_none()
            {
                (first.line, first.range) = prev;
            }
            let last = self.blocks[id].last().copied();
            if let Some(last) = last
                && self.propagates_through(&last)
                && let Some(target) = last.target
                && self.blocks[target].predecessors == 1
                && let Some(first) = self.blocks[target].instrs.first_mut()
                && first.line.is_none()
            {
                (first.line, first.range) = prev;
            }
        }
    }

    /// Lines flow along jumps, not along exception edges.
    fn propagates_through(&self, instr: &CInstr) -> bool {
        is_jump(instr.op)
    }

    /// `guarantee_lineno_for_exits`: a return still without a line takes the last line seen.
    pub fn guarantee_lineno_for_exits(&mut self, first_line: u32) {
        let mut line = first_line;
        for id in self.order() {
            let Some(last) = self.blocks[id].last().copied() else {
                continue;
            };
            match last.line {
                None => {
                    if last.op == Opcode::RETURN_VALUE {
                        for instr in &mut self.blocks[id].instrs {
                            instr.line = Some(line);
                        }
                    }
                }
                Some(l) => line = l,
            }
        }
    }

    /// 3.12+: `push_cold_blocks_to_end` moves code reached only through exceptions after the
    /// rest, with an explicit jump where a cold block fell through to a warm one.
    pub fn push_cold_blocks_to_end(&mut self) {
        if self.blocks[self.entry].next.is_none() {
            return;
        }
        self.mark_cold();
        for id in self.order() {
            if self.blocks[id].cold
                && self.has_fallthrough(id)
                && let Some(next) = self.blocks[id].next
                && self.blocks[next].warm
            {
                let stamp = self.blocks[id].created;
                let jump = self.new_block(stamp);
                let op = if self.version >= PyVersion::Py313 {
                    Opcode::JUMP_NO_INTERRUPT
                } else {
                    Opcode::JUMP
                };
                self.blocks[jump].instrs.push(CInstr {
                    op,
                    arg: 0,
                    target: Some(next),
                    line: None,
                    range: None,
                    except: None,
                });
                self.blocks[next].labelled = true;
                self.blocks[jump].cold = true;
                self.blocks[jump].next = Some(next);
                self.blocks[id].next = Some(jump);
            }
        }
        let mut cold_head: Option<BlockId> = None;
        let mut cold_tail: Option<BlockId> = None;
        let mut b = self.entry;
        loop {
            while let Some(next) = self.blocks[b].next {
                if self.blocks[next].cold {
                    break;
                }
                b = next;
            }
            let Some(start) = self.blocks[b].next else {
                break;
            };
            let mut end = start;
            while let Some(next) = self.blocks[end].next {
                if !self.blocks[next].cold {
                    break;
                }
                end = next;
            }
            match cold_tail {
                None => cold_head = Some(start),
                Some(tail) => self.blocks[tail].next = Some(start),
            }
            cold_tail = Some(end);
            self.blocks[b].next = self.blocks[end].next;
            self.blocks[end].next = None;
        }
        self.blocks[b].next = cold_head;
        if cold_head.is_some() {
            self.remove_redundant_jumps();
        }
    }

    fn mark_cold(&mut self) {
        for block in &mut self.blocks {
            block.visited = false;
            block.warm = false;
            block.cold = false;
        }
        let mut stack = vec![self.entry];
        self.blocks[self.entry].visited = true;
        while let Some(id) = stack.pop() {
            self.blocks[id].warm = true;
            if let Some(next) = self.blocks[id].next
                && self.has_fallthrough(id)
                && !self.blocks[next].visited
            {
                stack.push(next);
                self.blocks[next].visited = true;
            }
            for instr in self.blocks[id].instrs.clone() {
                if is_jump(instr.op)
                    && let Some(target) = instr.target
                    && !self.blocks[target].visited
                {
                    stack.push(target);
                    self.blocks[target].visited = true;
                }
            }
        }
        let mut stack: Vec<BlockId> = Vec::new();
        for id in self.order() {
            if self.blocks[id].except_handler {
                stack.push(id);
                self.blocks[id].visited = true;
            }
        }
        while let Some(id) = stack.pop() {
            self.blocks[id].cold = true;
            if let Some(next) = self.blocks[id].next
                && self.has_fallthrough(id)
                && !self.blocks[next].warm
                && !self.blocks[next].visited
            {
                stack.push(next);
                self.blocks[next].visited = true;
            }
            for instr in self.blocks[id].instrs.clone() {
                if is_jump(instr.op)
                    && let Some(target) = instr.target
                    && !self.blocks[target].warm
                    && !self.blocks[target].visited
                {
                    stack.push(target);
                    self.blocks[target].visited = true;
                }
            }
        }
    }

    /// Gives every jump its final opcode: forward or backward (3.11 spells conditional jumps
    /// with a direction; 3.12+ has only forward conditional jumps, so a backward one becomes
    /// "jump forward past a backward jump" with the condition inverted).
    pub fn normalize_jumps(&mut self) {
        for block in &mut self.blocks {
            block.visited = false;
        }
        let mut current = Some(self.entry);
        while let Some(id) = current {
            self.blocks[id].visited = true;
            if let Some(last) = self.blocks[id].last().copied()
                && is_jump(last.op)
                && let Some(target) = last.target
            {
                let target = self.next_nonempty(Some(target)).unwrap_or(target);
                let forward = !self.blocks[target].visited;
                let end = self.blocks[id].instrs.len() - 1;
                if self.version == PyVersion::Py310 {
                    // 3.10 spells a forward absolute jump as JUMP_FORWARD and a backward
                    // forward jump as JUMP_ABSOLUTE.
                    let op = &mut self.blocks[id].instrs[end].op;
                    if *op == Opcode::JUMP_ABSOLUTE && forward {
                        *op = Opcode::JUMP_FORWARD;
                    } else if *op == Opcode::JUMP_FORWARD && !forward {
                        *op = Opcode::JUMP_ABSOLUTE;
                    }
                } else if self.version == PyVersion::Py311 {
                    let op = &mut self.blocks[id].instrs[end].op;
                    *op = direction_311(*op, forward);
                } else if self.version >= PyVersion::Py312 && !forward {
                    let reversed = match last.op {
                        Opcode::POP_JUMP_IF_NOT_NONE => Some(Opcode::POP_JUMP_IF_NONE),
                        Opcode::POP_JUMP_IF_NONE => Some(Opcode::POP_JUMP_IF_NOT_NONE),
                        Opcode::POP_JUMP_IF_FALSE => Some(Opcode::POP_JUMP_IF_TRUE),
                        Opcode::POP_JUMP_IF_TRUE => Some(Opcode::POP_JUMP_IF_FALSE),
                        _ => None,
                    };
                    if let Some(reversed) = reversed {
                        let stamp = self.blocks[id].created;
                        let backward = self.new_block(stamp);
                        self.blocks[backward].instrs.push(CInstr {
                            op: Opcode::JUMP,
                            arg: 0,
                            target: Some(target),
                            line: last.line,
                            range: last.range,
                            except: last.except,
                        });
                        self.blocks[backward].cold = self.blocks[id].cold;
                        self.blocks[backward].next = self.blocks[id].next;
                        let after = self.blocks[id].next;
                        let instr = &mut self.blocks[id].instrs[end];
                        instr.op = reversed;
                        instr.target = after;
                        self.blocks[id].next = Some(backward);
                    }
                }
            }
            current = self.blocks[id].next;
        }
        if self.version >= PyVersion::Py312 {
            self.resolve_unconditional_jumps();
        }
    }

    /// 3.12+: `JUMP` and `JUMP_NO_INTERRUPT` become forward or backward jumps by position.
    fn resolve_unconditional_jumps(&mut self) {
        let order = self.order();
        let mut position = vec![usize::MAX; self.blocks.len()];
        let mut count = 0;
        for id in &order {
            position[*id] = count;
            count += self.blocks[*id].instrs.len();
        }
        let mut index = 0;
        for id in order {
            for i in 0..self.blocks[id].instrs.len() {
                let instr = self.blocks[id].instrs[i];
                if let Some(target) = instr.target {
                    let target = self.next_nonempty(Some(target)).unwrap_or(target);
                    let forward = position[target] > index;
                    let op = &mut self.blocks[id].instrs[i].op;
                    *op = match instr.op {
                        Opcode::JUMP if forward => Opcode::JUMP_FORWARD,
                        Opcode::JUMP => Opcode::JUMP_BACKWARD,
                        Opcode::JUMP_NO_INTERRUPT if forward => Opcode::JUMP_FORWARD,
                        Opcode::JUMP_NO_INTERRUPT => Opcode::JUMP_BACKWARD_NO_INTERRUPT,
                        other => other,
                    };
                }
                index += 1;
            }
        }
    }
}

fn direction_311(op: Opcode, forward: bool) -> Opcode {
    use Opcode::*;
    match (op, forward) {
        (JUMP, true) => JUMP_FORWARD,
        (JUMP, false) => JUMP_BACKWARD,
        (JUMP_NO_INTERRUPT, true) => JUMP_FORWARD,
        (JUMP_NO_INTERRUPT, false) => JUMP_BACKWARD_NO_INTERRUPT,
        (POP_JUMP_IF_NOT_NONE, true) => POP_JUMP_FORWARD_IF_NOT_NONE,
        (POP_JUMP_IF_NOT_NONE, false) => POP_JUMP_BACKWARD_IF_NOT_NONE,
        (POP_JUMP_IF_NONE, true) => POP_JUMP_FORWARD_IF_NONE,
        (POP_JUMP_IF_NONE, false) => POP_JUMP_BACKWARD_IF_NONE,
        (POP_JUMP_IF_FALSE, true) => POP_JUMP_FORWARD_IF_FALSE,
        (POP_JUMP_IF_FALSE, false) => POP_JUMP_BACKWARD_IF_FALSE,
        (POP_JUMP_IF_TRUE, true) => POP_JUMP_FORWARD_IF_TRUE,
        (POP_JUMP_IF_TRUE, false) => POP_JUMP_BACKWARD_IF_TRUE,
        (other, _) => other,
    }
}
