//! Superinstructions: frequent pairs and triples of instructions the loop runs in one
//! dispatch.
//!
//! A fused op replaces the first instruction of a run in the copy of the code the loop
//! executes; the others stay where they are (jumps may land on them), and the plain
//! instructions are kept beside them for when a fused fast path cannot finish (it then runs
//! the first instruction alone). Every original instruction still counts once on the clock
//! and in the instruction count, and a run is fused only when no instruction but its last is
//! ever a switch point for the version, so threads lose the GIL exactly where they would
//! without fusion. In a pair no instruction is both the first of one pair and the second of
//! another, so the second is always plain; a triple's middle instruction may start a pair of
//! its own (the triple reads only its cost), and its last is plain.

use crate::vm::code::Switch;
use crate::vm::op::{CallLayout, Op};

/// The executable copy of a code object's instructions with pairs fused where allowed.
pub fn fuse(plain: &[Op], costs: &[u32], switch: &[Switch]) -> Vec<(Op, u32)> {
    let mut out: Vec<(Op, u32)> = plain.iter().copied().zip(costs.iter().copied()).collect();
    for at in 0..plain.len().saturating_sub(1) {
        if switch[at] != Switch::Never {
            continue;
        }
        let middle_never = switch[at + 1] == Switch::Never;
        let fused = match (plain[at], plain[at + 1], plain.get(at + 2)) {
            (Op::LoadFast(slot), Op::Copy(1), Some(Op::LoadAttr(_))) if middle_never => {
                Op::LoadFastCopyLoadAttr(slot)
            }
            (Op::LoadConst(index), Op::Precall, Some(Op::Call { .. })) if middle_never => {
                Op::LoadConstCall(index)
            }
            (Op::LoadConst(index), Op::Call { .. }, _) => Op::LoadConstCall(index),
            (Op::LoadFast(slot), Op::LoadAttr(_), _) => Op::LoadFastLoadAttr(slot),
            (Op::LoadFast(slot), Op::LoadMethod { layout, .. }, _)
                if layout != CallLayout::Plain =>
            {
                Op::LoadFastLoadMethod(slot)
            }
            (Op::Copy(1), Op::LoadAttr(_), _) => Op::CopyLoadAttr,
            (Op::Swap(2), Op::StoreAttr(_), _) => Op::SwapStoreAttr,
            (Op::ForIter(exit), Op::StoreFast(_), _) => Op::ForIterStoreFast(exit),
            (Op::LoadFast(slot), Op::Binary(_) | Op::Inplace(_), _) => Op::LoadFastBinary(slot),
            (Op::LoadConst(index), Op::Binary(_) | Op::Inplace(_), _) => Op::LoadConstBinary(index),
            (Op::PopTop, Op::Jump(_), _) => Op::PopTopJump,
            (Op::LoadConst(index), Op::ReturnValue, _) => Op::LoadConstReturn(index),
            (Op::Precall, Op::Call { .. }, _) => Op::PrecallCall,
            _ => continue,
        };
        out[at].0 = fused;
    }
    out
}
