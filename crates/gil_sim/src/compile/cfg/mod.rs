//! Basic blocks and the optimiser CPython runs over them before assembly.
//!
//! The passes reproduce `Python/flowgraph.c` (3.12+) and its predecessors in `Python/compile.c`
//! (3.10, 3.11): constant-condition folding, jump threading, inlining of small exit blocks,
//! unreachable-code removal, NOP removal, line-number propagation, pushing exception handlers to
//! the end (3.12+), and 3.13's superinstructions. 3.9 had no control-flow graph; its bytecode
//! peephole optimiser lives in `peephole39`.
//!
//! Layout: this file holds the graph and its construction; `passes` the optimisations shared by
//! 3.10–3.13; `lines` line-number resolution; `except` exception-handler labelling and stack
//! depths; `peephole39` the 3.9 path.

mod except;
mod lines;
mod passes;
pub mod peephole39;

use crate::bytecode::Opcode;
use crate::compile::unit::{IrInstr, Label};
use crate::version::PyVersion;

/// Index of a block in [`Cfg::blocks`].
pub type BlockId = usize;

/// An instruction inside the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CInstr {
    pub op: Opcode,
    pub arg: u32,
    pub target: Option<BlockId>,
    pub line: Option<u32>,
    pub range: Option<(u32, u32)>,
    /// The handler block protecting this instruction (3.11+), filled by `label_exception_targets`.
    pub except: Option<BlockId>,
}

/// A basic block.
#[derive(Clone, Debug, Default)]
pub struct Block {
    pub instrs: Vec<CInstr>,
    pub next: Option<BlockId>,
    /// True when a label was bound at the block's start (CPython's `IS_LABEL(b->b_label)`).
    pub labelled: bool,
    /// Creation order, for passes that walk CPython's `b_list` (newest first).
    pub created: u32,
    pub predecessors: u32,
    pub visited: bool,
    pub except_handler: bool,
    /// The handler preserves `f_lasti` (SETUP_CLEANUP / SETUP_WITH targets).
    pub preserve_lasti: bool,
    pub cold: bool,
    pub warm: bool,
    pub unsafe_locals: u64,
    /// Stack depth at entry (computed for exception tables).
    pub start_depth: Option<i32>,
}

/// The control-flow graph of one code unit.
pub struct Cfg {
    pub blocks: Vec<Block>,
    pub entry: BlockId,
    pub version: PyVersion,
}

impl Block {
    pub fn last(&self) -> Option<&CInstr> {
        self.instrs.last()
    }
}

/// True for instructions with a jump target (not exception set-ups).
pub fn is_jump(op: Opcode) -> bool {
    op.is_jump() && !op.is_block_push()
}

/// True for instructions that end a basic block (`IS_TERMINATOR_OPCODE`).
fn is_terminator(op: Opcode) -> bool {
    is_jump(op) || op.is_scope_exit()
}

impl Cfg {
    /// Builds the graph from an instruction sequence with labels, the way CPython 3.12's
    /// `instr_sequence_to_cfg` does: a label starts a block (unless the current one is still
    /// empty and unlabelled) and every jump or exit ends one.
    pub fn build(
        instrs: &[IrInstr],
        labels: &[Option<usize>],
        created: &[u32],
        version: PyVersion,
    ) -> Cfg {
        let mut cfg = Cfg {
            blocks: vec![Block::default()],
            entry: 0,
            version,
        };
        // Several labels may share an offset: the highest-numbered one is used consistently.
        let mut offset_label: Vec<Option<u32>> = vec![None; instrs.len() + 1];
        for (label, offset) in labels.iter().enumerate() {
            if let Some(offset) = offset {
                offset_label[*offset] = Some(label as u32);
            }
        }
        let mut label_block: Vec<Option<BlockId>> = vec![None; labels.len()];
        let mut current: BlockId = 0;
        let mut pending_label: Option<u32> = None;
        let mut pending_targets: Vec<(BlockId, usize, Label)> = Vec::new();
        for (position, instr) in instrs.iter().enumerate() {
            // Creation stamps: a label's block was created with the label; a block split off
            // after a jump was created after every label that existed when it was emitted.
            let split_stamp = 2 * created[position] + 1;
            if let Some(label) = offset_label[position] {
                pending_label = Some(label);
                current = cfg.maybe_start_block(
                    current,
                    &mut pending_label,
                    &mut label_block,
                    split_stamp,
                );
            }
            current =
                cfg.maybe_start_block(current, &mut pending_label, &mut label_block, split_stamp);
            let index = cfg.blocks[current].instrs.len();
            cfg.blocks[current].instrs.push(CInstr {
                op: instr.op,
                arg: instr.arg,
                target: None,
                line: instr.line,
                range: instr.range,
                except: None,
            });
            if let Some(target) = instr.target {
                pending_targets.push((current, index, target));
            }
        }
        if let Some(label) = offset_label[instrs.len()] {
            pending_label = Some(label);
            let stamp = 2 * created.last().copied().unwrap_or_default() + 1;
            cfg.maybe_start_block(current, &mut pending_label, &mut label_block, stamp);
        }
        // Labels bound at an offset map to that offset's chosen label's block.
        for (block, index, label) in pending_targets {
            let offset = labels[label.0 as usize]
                .expect("internal error: a jump targets a label that was never bound");
            let chosen = offset_label[offset].expect("internal error: bound label has no block");
            let target =
                label_block[chosen as usize].expect("internal error: label without a block");
            cfg.blocks[block].instrs[index].target = Some(target);
        }
        cfg
    }

    fn maybe_start_block(
        &mut self,
        current: BlockId,
        pending_label: &mut Option<u32>,
        label_block: &mut [Option<BlockId>],
        stamp: u32,
    ) -> BlockId {
        let terminated = {
            let block = &self.blocks[current];
            let last_terminates = block.last().is_some_and(|i| is_terminator(i.op));
            if last_terminates {
                true
            } else if let Some(label) = *pending_label {
                if !block.instrs.is_empty() || block.labelled {
                    true
                } else {
                    self.blocks[current].labelled = true;
                    if current != self.entry {
                        self.blocks[current].created = 2 * label + 2;
                    }
                    label_block[label as usize] = Some(current);
                    *pending_label = None;
                    false
                }
            } else {
                false
            }
        };
        if !terminated {
            return current;
        }
        let id = self.new_block(stamp);
        if let Some(label) = pending_label.take() {
            self.blocks[id].created = 2 * label + 2;
            self.blocks[id].labelled = true;
            label_block[label as usize] = Some(id);
        }
        self.blocks[current].next = Some(id);
        id
    }

    /// A new, unlinked block.
    pub fn new_block(&mut self, created: u32) -> BlockId {
        self.blocks.push(Block {
            created,
            ..Block::default()
        });
        self.blocks.len() - 1
    }

    /// The blocks in layout order.
    pub fn order(&self) -> Vec<BlockId> {
        let mut out = Vec::new();
        let mut current = Some(self.entry);
        while let Some(id) = current {
            out.push(id);
            current = self.blocks[id].next;
        }
        out
    }

    /// The blocks in CPython's `b_list` order (most recently created first).
    pub fn creation_order(&self) -> Vec<BlockId> {
        let mut ids: Vec<BlockId> = self.order();
        crate::small_sort::sort_by(&mut ids, |a, b| {
            self.blocks[*b]
                .created
                .cmp(&self.blocks[*a].created)
                .then(b.cmp(a))
        });
        ids
    }

    /// True if control can fall off the end of the block into `next`.
    pub fn has_fallthrough(&self, id: BlockId) -> bool {
        match self.blocks[id].last() {
            None => true,
            Some(last) => !(last.op.is_unconditional_jump() || last.op.is_scope_exit()),
        }
    }

    /// True if the block ends the code object (return, raise, re-raise).
    pub fn exits_scope(&self, id: BlockId) -> bool {
        self.blocks[id].last().is_some_and(|i| i.op.is_scope_exit())
    }

    /// The first non-empty block at or after `id`.
    pub fn next_nonempty(&self, mut id: Option<BlockId>) -> Option<BlockId> {
        while let Some(b) = id {
            if !self.blocks[b].instrs.is_empty() {
                return Some(b);
            }
            id = self.blocks[b].next;
        }
        None
    }

    /// The instructions in layout order with block-relative targets resolved to instruction
    /// indexes, plus the handler index of each instruction.
    pub fn linearize(&self) -> (Vec<CInstr>, Vec<usize>, Vec<Option<usize>>) {
        let order = self.order();
        let mut start = vec![0usize; self.blocks.len()];
        let mut count = 0;
        for id in &order {
            start[*id] = count;
            count += self.blocks[*id].instrs.len();
        }
        let mut out = Vec::with_capacity(count);
        let mut targets = Vec::with_capacity(count);
        let mut handlers = Vec::with_capacity(count);
        for id in &order {
            for instr in &self.blocks[*id].instrs {
                out.push(*instr);
                targets.push(instr.target.map_or(0, |t| {
                    let t = self.next_nonempty(Some(t)).unwrap_or(t);
                    start[t]
                }));
                handlers.push(instr.except.map(|h| {
                    let h = self.next_nonempty(Some(h)).unwrap_or(h);
                    start[h]
                }));
            }
        }
        (out, targets, handlers)
    }
}
