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
//! its own (the triple reads only its cost), and its last is plain. The one longer run,
//! `x.name op= y` ([`Op::AugAttr`]), reads its operands from its own op and the cache of its
//! `LOAD_ATTR`, and its entry carries the cost of all seven instructions (the loop adds it once,
//! and takes back all but the first's when only the first runs).

use crate::vm::code::Switch;
use crate::vm::op::{CallLayout, Op, Operand};

/// The executable copy of a code object's instructions with pairs fused where allowed.
pub fn fuse(plain: &[Op], costs: &[u32], switch: &[Switch]) -> Vec<(Op, u32)> {
    let mut out: Vec<(Op, u32)> = plain.iter().copied().zip(costs.iter().copied()).collect();
    for at in 0..plain.len().saturating_sub(1) {
        if switch[at] != Switch::Never {
            continue;
        }
        if let Some(fused) = aug_attr(plain, switch, at) {
            out[at] = (fused, costs[at..at + AUG_ATTR_LEN].iter().sum());
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

/// How many instructions [`Op::AugAttr`] runs.
pub const AUG_ATTR_LEN: usize = 7;
/// Where its `LOAD_ATTR` is, from its first instruction.
pub const AUG_ATTR_LOAD: usize = 2;

/// `x.name op= operand` as 3.10+ compile it, when no instruction but the last is a switch
/// point: `LOAD_FAST x; COPY 1; LOAD_ATTR name; LOAD_FAST|LOAD_CONST; BINARY_OP; SWAP 2;
/// STORE_ATTR name`.
fn aug_attr(plain: &[Op], switch: &[Switch], at: usize) -> Option<Op> {
    let run = plain.get(at..at + AUG_ATTR_LEN)?;
    if switch[at..at + AUG_ATTR_LEN - 1]
        .iter()
        .any(|s| *s != Switch::Never)
    {
        return None;
    }
    let [
        Op::LoadFast(target),
        Op::Copy(1),
        Op::LoadAttr(load),
        operand,
        Op::Binary(op) | Op::Inplace(op),
        Op::Swap(2),
        Op::StoreAttr(store),
    ] = *run
    else {
        return None;
    };
    let operand = match operand {
        Op::LoadFast(slot) => Operand::Fast(slot),
        Op::LoadConst(index) => Operand::Const(index),
        _ => return None,
    };
    (load == store).then_some(Op::AugAttr {
        target,
        operand,
        op,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::op::BinOp;

    /// `x.count += y` as 3.11 compiles it.
    fn aug(load: u16, operand: Op, store: u16) -> Vec<Op> {
        vec![
            Op::LoadFast(0),
            Op::Copy(1),
            Op::LoadAttr(load),
            operand,
            Op::Binary(BinOp::Add),
            Op::Swap(2),
            Op::StoreAttr(store),
            Op::ReturnConst(0),
        ]
    }

    fn fused(plain: &[Op], switch: &[Switch]) -> Op {
        fuse(plain, &vec![1; plain.len()], switch)[0].0
    }

    #[test]
    fn an_augmented_attribute_assignment_is_one_op() {
        let never = [Switch::Never; 8];
        assert_eq!(
            fused(&aug(3, Op::LoadFast(1), 3), &never),
            Op::AugAttr {
                target: 0,
                operand: Operand::Fast(1),
                op: BinOp::Add
            }
        );
        assert_eq!(
            fused(&aug(3, Op::LoadConst(2), 3), &never),
            Op::AugAttr {
                target: 0,
                operand: Operand::Const(2),
                op: BinOp::Add
            }
        );
        // The last instruction may be a switch point.
        let mut last = never;
        last[6] = Switch::After;
        assert!(matches!(
            fused(&aug(3, Op::LoadFast(1), 3), &last),
            Op::AugAttr { .. }
        ));
    }

    #[test]
    fn other_runs_keep_their_pairs() {
        let never = [Switch::Never; 8];
        // `x.a = x.b + y` is not an augmented assignment.
        assert_eq!(
            fused(&aug(3, Op::LoadFast(1), 4), &never),
            Op::LoadFastCopyLoadAttr(0)
        );
        // `x.a += y.b` has no plain operand.
        assert_eq!(
            fused(&aug(3, Op::LoadAttr(5), 3), &never),
            Op::LoadFastCopyLoadAttr(0)
        );
        // A switch point inside the run (3.9 may switch after LOAD_ATTR).
        let mut inside = never;
        inside[2] = Switch::After;
        assert_eq!(
            fused(&aug(3, Op::LoadFast(1), 3), &inside),
            Op::LoadFastCopyLoadAttr(0)
        );
    }
}
