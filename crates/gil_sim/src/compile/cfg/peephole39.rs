//! Python 3.9's bytecode peephole optimiser (`Python/peephole.c`), run over the instructions in
//! emission order. 3.9 had no control-flow graph: every block is emitted, dead code after a
//! `return` is blanked up to the next jump target, and NOPs are then squeezed out.

use std::rc::Rc;

use crate::bytecode::{Const, Opcode};
use crate::compile::cfg::passes::add_const;

/// An instruction for the 3.9 peephole: jumps hold the index of their target.
#[derive(Clone, Copy, Debug)]
pub struct Instr39 {
    pub op: Opcode,
    pub arg: u32,
    pub target: Option<usize>,
    pub line: Option<u32>,
    pub range: Option<(u32, u32)>,
}

fn is_jump(op: Opcode) -> bool {
    op.is_jump()
}

fn unconditional(op: Opcode) -> bool {
    matches!(op, Opcode::JUMP_FORWARD | Opcode::JUMP_ABSOLUTE)
}

fn conditional(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::JUMP_IF_FALSE_OR_POP
            | Opcode::JUMP_IF_TRUE_OR_POP
            | Opcode::POP_JUMP_IF_FALSE
            | Opcode::POP_JUMP_IF_TRUE
    )
}

fn jumps_on_true(op: Opcode) -> bool {
    matches!(op, Opcode::JUMP_IF_TRUE_OR_POP | Opcode::POP_JUMP_IF_TRUE)
}

/// Runs the 3.9 peephole optimiser and removes NOPs. `consts` may grow (folded tuples).
pub fn peephole39(mut code: Vec<Instr39>, consts: &mut Vec<Const>) -> Vec<Instr39> {
    if lnotab_too_complex(&code) {
        return strip_nops(code);
    }
    let len = code.len();
    // 3.9 rewrites the assembled bytes in place: a jump is retargeted only when its new
    // argument fits in the bytes the old one took (with its EXTENDED_ARG prefixes).
    let sizes = instruction_sizes(&code);
    let mut offsets = vec![0usize; len + 1];
    for i in 0..len {
        offsets[i + 1] = offsets[i] + sizes[i];
    }
    let fits = |i: usize, target: usize| encoded_size(offsets[target]) <= sizes[i];
    // Block numbers: they change at every jump target.
    let mut is_target = vec![false; len + 1];
    for instr in &code {
        if let Some(t) = instr.target {
            is_target[t] = true;
        }
    }
    let mut blocks = vec![0u32; len + 1];
    let mut count = 0;
    for i in 0..=len {
        if is_target[i] {
            count += 1;
        }
        blocks[i] = count;
    }
    let same_block = |a: usize, b: usize| blocks[a] == blocks[b.min(len)];
    let mut cumlc = 0usize;
    let mut i = 0;
    while i < len {
        let lastlc = cumlc;
        cumlc = 0;
        let op = code[i].op;
        let nexti = i + 1;
        let nextop = if nexti < len {
            code[nexti].op
        } else {
            Opcode::CACHE
        };
        match op {
            Opcode::LOAD_CONST => {
                cumlc = lastlc + 1;
                if nextop == Opcode::POP_JUMP_IF_FALSE && same_block(i, nexti) {
                    let truthy = consts[code[i].arg as usize].is_truthy();
                    if truthy {
                        nop(&mut code[i]);
                        nop(&mut code[nexti]);
                        cumlc = 0;
                    }
                }
            }
            Opcode::BUILD_TUPLE => {
                let n = code[i].arg as usize;
                if n > 0 && lastlc >= n && i >= n && same_block(i - n, i) {
                    fold_tuple(&mut code, i, n, consts);
                    i += 1;
                    continue;
                }
                if nextop == Opcode::UNPACK_SEQUENCE
                    && same_block(i, nexti)
                    && n == code[nexti].arg as usize
                {
                    match n {
                        0 | 1 => {
                            nop(&mut code[i]);
                            nop(&mut code[nexti]);
                        }
                        2 => {
                            code[i].op = Opcode::ROT_TWO;
                            code[i].arg = 0;
                            nop(&mut code[nexti]);
                        }
                        3 => {
                            code[i].op = Opcode::ROT_THREE;
                            code[i].arg = 0;
                            code[nexti].op = Opcode::ROT_TWO;
                            code[nexti].arg = 0;
                        }
                        _ => {}
                    }
                }
            }
            Opcode::JUMP_IF_FALSE_OR_POP
            | Opcode::JUMP_IF_TRUE_OR_POP
            | Opcode::POP_JUMP_IF_FALSE
            | Opcode::POP_JUMP_IF_TRUE
            | Opcode::JUMP_FORWARD
            | Opcode::JUMP_ABSOLUTE => {
                let target = code[i].target.unwrap_or(i + 1);
                let target_op = if target < len {
                    code[target].op
                } else {
                    Opcode::CACHE
                };
                if matches!(
                    op,
                    Opcode::JUMP_IF_FALSE_OR_POP | Opcode::JUMP_IF_TRUE_OR_POP
                ) && conditional(target_op)
                {
                    let same_sense = jumps_on_true(target_op) == jumps_on_true(op);
                    let new_target = if same_sense {
                        code[target].target.unwrap_or(target + 1)
                    } else {
                        target + 1
                    };
                    if !fits(i, new_target) {
                        i += 1;
                        continue;
                    }
                    code[i].target = Some(new_target);
                    if !same_sense {
                        code[i].op = if op == Opcode::JUMP_IF_TRUE_OR_POP {
                            Opcode::POP_JUMP_IF_TRUE
                        } else {
                            Opcode::POP_JUMP_IF_FALSE
                        };
                    }
                    i += 1;
                    continue;
                }
                if unconditional(op) && target_op == Opcode::RETURN_VALUE {
                    code[i].op = Opcode::RETURN_VALUE;
                    code[i].arg = 0;
                    code[i].target = None;
                } else if unconditional(target_op)
                    && fits(i, code[target].target.unwrap_or(target + 1))
                {
                    let new_target = code[target].target;
                    let mut new_op = op;
                    if op == Opcode::JUMP_FORWARD {
                        new_op = Opcode::JUMP_ABSOLUTE;
                    }
                    code[i].op = new_op;
                    code[i].target = new_target;
                }
            }
            Opcode::RETURN_VALUE => {
                // Dead code after a return goes, up to the next jump target; SETUP_FINALLY and
                // RERAISE stay "to help find block limits".
                let mut h = i + 1;
                while h < len && same_block(i, h) {
                    if matches!(code[h].op, Opcode::SETUP_FINALLY | Opcode::RERAISE) {
                        break;
                    }
                    h += 1;
                }
                for dead in &mut code[i + 1..h] {
                    nop(dead);
                }
                i = h;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    strip_nops(code)
}

fn nop(instr: &mut Instr39) {
    instr.op = Opcode::NOP;
    instr.arg = 0;
    instr.target = None;
}

fn fold_tuple(code: &mut [Instr39], build: usize, n: usize, consts: &mut Vec<Const>) {
    let items: Vec<Const> = code[build - n..build]
        .iter()
        .map(|i| consts[i.arg as usize].clone())
        .collect();
    let index = add_const(consts, Const::Tuple(Rc::from(items)));
    for instr in &mut code[build - n..build] {
        nop(instr);
    }
    code[build].op = Opcode::LOAD_CONST;
    code[build].arg = index;
}

/// Removes NOPs and retargets jumps to the next surviving instruction.
fn strip_nops(code: Vec<Instr39>) -> Vec<Instr39> {
    let mut new_index = vec![0usize; code.len() + 1];
    let mut count = 0;
    for (i, instr) in code.iter().enumerate() {
        new_index[i] = count;
        if instr.op != Opcode::NOP {
            count += 1;
        }
    }
    new_index[code.len()] = count;
    code.into_iter()
        .filter(|i| i.op != Opcode::NOP)
        .map(|mut i| {
            i.target = i.target.map(|t| new_index[t]);
            i
        })
        .collect()
}

/// 3.9 skips the whole optimiser when its line table needs an address step above 255 bytes
/// (more than 127 instructions between two line starts).
fn lnotab_too_complex(code: &[Instr39]) -> bool {
    let sizes = instruction_sizes(code);
    let mut offset = 0usize;
    let mut last_start = 0usize;
    let mut last_line: Option<u32> = None;
    for (i, instr) in code.iter().enumerate() {
        if instr.line.is_some() && instr.line != last_line {
            if offset - last_start > 255 {
                return true;
            }
            last_start = offset;
            last_line = instr.line;
        }
        offset += sizes[i];
    }
    false
}

/// Bytes an instruction with argument `arg` takes, with its `EXTENDED_ARG` prefixes.
fn encoded_size(arg: usize) -> usize {
    2 * (1 + usize::from(arg > 0xff) + usize::from(arg > 0xffff) + usize::from(arg > 0xff_ffff))
}

/// Byte sizes with `EXTENDED_ARG` prefixes, iterated until jump offsets settle.
fn instruction_sizes(code: &[Instr39]) -> Vec<usize> {
    let mut sizes = vec![2usize; code.len()];
    loop {
        let mut offsets = vec![0usize; code.len() + 1];
        for i in 0..code.len() {
            offsets[i + 1] = offsets[i] + sizes[i];
        }
        let mut changed = false;
        for (i, instr) in code.iter().enumerate() {
            let arg = match instr.target {
                Some(t) if is_jump(instr.op) => {
                    if matches!(
                        instr.op,
                        Opcode::JUMP_FORWARD
                            | Opcode::FOR_ITER
                            | Opcode::SETUP_FINALLY
                            | Opcode::SETUP_WITH
                    ) {
                        offsets[t].saturating_sub(offsets[i + 1])
                    } else {
                        offsets[t]
                    }
                }
                _ => instr.arg as usize,
            };
            let size = encoded_size(arg);
            if size != sizes[i] {
                sizes[i] = size;
                changed = true;
            }
        }
        if !changed {
            return sizes;
        }
    }
}
