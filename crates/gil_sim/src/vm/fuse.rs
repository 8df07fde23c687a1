//! Superinstructions: frequent pairs of instructions the loop runs in one dispatch.
//!
//! A fused op replaces the first instruction of a pair in the copy of the code the loop
//! executes; the second instruction stays where it is (jumps may land on it), and the plain
//! instructions are kept beside them for when a fused fast path cannot finish. Every
//! original instruction still counts once on the clock and in the instruction count, and a
//! pair is fused only when its first instruction is never a switch point for the version, so
//! threads lose the GIL exactly where they would without fusion. No instruction is both the
//! first of one pair and the second of another, so the second is always plain.

use crate::vm::code::Switch;
use crate::vm::op::{CallLayout, Op};

/// The executable copy of a code object's instructions with pairs fused where allowed.
pub fn fuse(plain: &[Op], costs: &[u32], switch: &[Switch]) -> Vec<(Op, u32)> {
    let mut out: Vec<(Op, u32)> = plain.iter().copied().zip(costs.iter().copied()).collect();
    for at in 0..plain.len().saturating_sub(1) {
        if switch[at] != Switch::Never {
            continue;
        }
        let fused = match (plain[at], plain[at + 1]) {
            (Op::LoadFast(slot), Op::LoadAttr(_)) => Op::LoadFastLoadAttr(slot),
            (Op::LoadFast(slot), Op::LoadMethod { layout, .. }) if layout != CallLayout::Plain => {
                Op::LoadFastLoadMethod(slot)
            }
            (Op::Copy(1), Op::LoadAttr(_)) => Op::CopyLoadAttr,
            (Op::Swap(2), Op::StoreAttr(_)) => Op::SwapStoreAttr,
            (Op::ForIter(exit), Op::StoreFast(_)) => Op::ForIterStoreFast(exit),
            (Op::LoadFast(slot), Op::Binary(_) | Op::Inplace(_)) => Op::LoadFastBinary(slot),
            (Op::LoadConst(index), Op::Binary(_) | Op::Inplace(_)) => Op::LoadConstBinary(index),
            (Op::PopTop, Op::Jump(_)) => Op::PopTopJump,
            (Op::LoadConst(index), Op::ReturnValue) => Op::LoadConstReturn(index),
            (Op::Precall, Op::Call { .. }) => Op::PrecallCall,
            _ => continue,
        };
        out[at].0 = fused;
    }
    out
}
