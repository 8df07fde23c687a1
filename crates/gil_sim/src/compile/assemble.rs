//! Assembly: runs the version's optimiser over a finished unit and produces the code object
//! with final opcodes, line numbers, local-variable numbering and the exception table.

use std::rc::Rc;

use crate::bytecode::{CodeObject, Const, ExceptionEntry, Instr, Opcode};
use crate::compile::cfg::peephole39::{self, peephole39};
use crate::compile::cfg::{BlockId, CInstr, Cfg};
use crate::compile::unit::Unit;
use crate::version::PyVersion;

/// Assembles a unit into a code object for `version`.
pub fn assemble(unit: Unit, version: PyVersion) -> CodeObject {
    match version.bytecode() {
        PyVersion::Py39 | PyVersion::Py27 => assemble_39(unit),
        v => assemble_cfg(unit, v),
    }
}

fn assemble_39(mut unit: Unit) -> CodeObject {
    let code: Vec<peephole39::Instr39> = unit
        .instrs
        .iter()
        .map(|i| peephole39::Instr39 {
            op: i.op,
            arg: i.arg,
            target: i.target.map(|l| {
                unit.labels[l.0 as usize].expect("internal error: jump to an unbound label")
            }),
            line: i.line,
            range: i.range,
        })
        .collect();
    let code = peephole39(code, &mut unit.consts);
    let instrs = code
        .iter()
        .map(|i| Instr {
            op: i.op,
            arg: i.target.map_or(i.arg, |t| t as u32),
            line: i.line,
            range: i.range,
        })
        .collect();
    finish(unit, PyVersion::Py39, instrs, Vec::new())
}

fn assemble_cfg(mut unit: Unit, v: PyVersion) -> CodeObject {
    let mut cfg = Cfg::build(&unit.instrs, &unit.labels, &unit.created, v);
    let mut consts = std::mem::take(&mut unit.consts);
    if v.is_311_plus() {
        cfg.mark_except_handlers();
    }
    if v >= PyVersion::Py312 {
        cfg.label_exception_targets();
    }
    match v {
        PyVersion::Py310 => optimize_310(&mut cfg, &mut consts),
        PyVersion::Py311 => optimize_311(&mut cfg, &mut consts),
        PyVersion::Py313 => optimize_313(&mut cfg, &mut consts, unit.first_line),
        _ => optimize_312(&mut cfg, &mut consts),
    }
    if v >= PyVersion::Py312 {
        let nlocals = unit.varnames.len();
        let nparams = (unit.arg_count
            + unit.kwonly_arg_count
            + u32::from(unit.flags.varargs)
            + u32::from(unit.flags.varkeywords)) as usize;
        cfg.add_checks_for_uninitialized(nlocals, nparams);
        if v >= PyVersion::Py313 {
            cfg.insert_superinstructions();
        }
        cfg.push_cold_blocks_to_end();
        resolve_line_numbers(&mut cfg, unit.first_line);
    }
    if v.is_311_plus() {
        cfg.stack_depths();
    }
    if v == PyVersion::Py311 {
        cfg.label_exception_targets();
    }
    if v.is_311_plus() {
        convert_pseudo_ops(&mut cfg);
    }
    cfg.normalize_jumps();
    unit.consts = consts;
    let (linear, targets, handlers) = cfg.linearize();
    let handler_info: Vec<Option<(u32, u32, bool)>> = handlers_info(&cfg, &linear, &handlers);
    let mut instrs: Vec<Instr> = linear
        .iter()
        .zip(targets.iter())
        .map(|(i, t)| Instr {
            op: i.op,
            arg: if i.target.is_some() { *t as u32 } else { i.arg },
            line: i.line,
            range: i.range,
        })
        .collect();
    let mut exception_table = build_exception_table(&handler_info);
    if v.is_311_plus() {
        let prefix = prefix_instructions(&unit);
        let shift = prefix.len() as u32;
        if shift > 0 {
            for instr in &mut instrs {
                if instr.op.is_jump() {
                    instr.arg += shift;
                }
            }
            for entry in &mut exception_table {
                entry.start += shift;
                entry.end += shift;
                entry.handler += shift;
            }
            instrs.splice(0..0, prefix);
        }
        fix_cell_offsets(&unit, &mut instrs);
        if v >= PyVersion::Py313 {
            for instr in &mut instrs {
                if instr.op == Opcode::LOAD_CLOSURE {
                    instr.op = Opcode::LOAD_FAST;
                }
            }
        }
    }
    finish(unit, v, instrs, exception_table)
}

fn optimize_310(cfg: &mut Cfg, consts: &mut Vec<Const>) {
    for id in cfg.order() {
        cfg.optimize_block(id, consts);
        cfg.remove_redundant_nops(id, None);
    }
    for id in cfg.creation_order().into_iter().rev() {
        cfg.inline_small_exit_blocks(id);
    }
    cfg.mark_reachable();
    cfg.remove_unreachable();
    let mut pred: Option<BlockId> = None;
    for id in cfg.order() {
        let prev_line = pred.and_then(|p| cfg.blocks[p].last().and_then(|i| i.line));
        cfg.remove_redundant_nops(id, prev_line);
        pred = if cfg.has_fallthrough(id) {
            Some(id)
        } else {
            None
        };
    }
    cfg.eliminate_empty_blocks();
    let mut maybe_empty = false;
    for id in cfg.order() {
        if let Some(last) = cfg.blocks[id].last().copied()
            && matches!(last.op, Opcode::JUMP_ABSOLUTE | Opcode::JUMP_FORWARD)
            && cfg.next_nonempty(last.target) == cfg.next_nonempty(cfg.blocks[id].next)
            && last.target.is_some()
        {
            let end = cfg.blocks[id].instrs.len() - 1;
            cfg.blocks[id].instrs[end].op = Opcode::NOP;
            cfg.blocks[id].instrs[end].target = None;
            cfg.remove_redundant_nops(id, None);
            maybe_empty = true;
        }
    }
    if maybe_empty {
        cfg.eliminate_empty_blocks();
    }
    cfg.duplicate_exits_without_lineno();
    cfg.propagate_line_numbers();
    cfg.guarantee_lineno_for_exits(1);
}

fn optimize_311(cfg: &mut Cfg, consts: &mut Vec<Const>) {
    for id in cfg.creation_order() {
        cfg.inline_small_exit_blocks(id);
    }
    for id in cfg.order() {
        cfg.optimize_block(id, consts);
        cfg.remove_redundant_nops(id, None);
    }
    for id in cfg.order() {
        cfg.inline_small_exit_blocks(id);
    }
    cfg.mark_reachable();
    cfg.remove_unreachable();
    cfg.eliminate_empty_blocks();
    for id in cfg.order() {
        cfg.remove_redundant_nops(id, None);
    }
    let mut maybe_empty = false;
    for id in cfg.order() {
        if let Some(last) = cfg.blocks[id].last().copied()
            && matches!(last.op, Opcode::JUMP | Opcode::JUMP_NO_INTERRUPT)
            && last.target.is_some()
            && cfg.next_nonempty(last.target) == cfg.next_nonempty(cfg.blocks[id].next)
        {
            let end = cfg.blocks[id].instrs.len() - 1;
            cfg.blocks[id].instrs[end].op = Opcode::NOP;
            cfg.blocks[id].instrs[end].target = None;
            maybe_empty = true;
        }
    }
    if maybe_empty {
        cfg.eliminate_empty_blocks();
    }
    cfg.duplicate_exits_without_lineno();
    cfg.propagate_line_numbers();
    cfg.guarantee_lineno_for_exits(1);
}

fn optimize_312(cfg: &mut Cfg, consts: &mut Vec<Const>) {
    cfg.eliminate_empty_blocks();
    for id in cfg.order() {
        cfg.inline_small_exit_blocks(id);
    }
    for id in cfg.order() {
        cfg.optimize_block(id, consts);
    }
    cfg.remove_redundant_nops_and_pairs();
    for id in cfg.order() {
        cfg.inline_small_exit_blocks(id);
    }
    cfg.mark_reachable();
    cfg.remove_unreachable();
    cfg.remove_all_redundant_nops();
    cfg.eliminate_empty_blocks();
    cfg.remove_redundant_jumps();
}

/// 3.13 inlines small exits and resolves line numbers before the peephole pass.
fn optimize_313(cfg: &mut Cfg, consts: &mut Vec<Const>, first_line: u32) {
    cfg.eliminate_empty_blocks();
    cfg.inline_small_or_no_lineno_blocks();
    cfg.remove_unreachable_313();
    cfg.eliminate_empty_blocks();
    resolve_line_numbers(cfg, first_line);
    for id in cfg.order() {
        cfg.optimize_block(id, consts);
    }
    cfg.remove_redundant_nops_and_pairs();
    cfg.remove_unreachable_313();
    cfg.eliminate_empty_blocks();
    loop {
        let nops = cfg.remove_all_redundant_nops();
        let jumps = cfg.remove_redundant_jumps();
        if nops + jumps == 0 {
            break;
        }
    }
}

fn resolve_line_numbers(cfg: &mut Cfg, first_line: u32) {
    cfg.duplicate_exits_without_lineno();
    cfg.propagate_line_numbers();
    cfg.guarantee_lineno_for_exits(first_line.max(1));
}

/// SETUP_* and POP_BLOCK become NOPs once the exception table is known; 3.13 also spells
/// `LOAD_CLOSURE` as `LOAD_FAST`.
fn convert_pseudo_ops(cfg: &mut Cfg) {
    let v = cfg.version;
    for id in cfg.order() {
        for instr in &mut cfg.blocks[id].instrs {
            if instr.op.is_block_push() || instr.op == Opcode::POP_BLOCK {
                instr.op = Opcode::NOP;
                instr.arg = 0;
                instr.target = None;
            } else if instr.op == Opcode::STORE_FAST_MAYBE_NULL {
                instr.op = Opcode::STORE_FAST;
            }
        }
    }
    for id in cfg.order() {
        cfg.remove_redundant_nops(id, None);
    }
    if v == PyVersion::Py311 {
        cfg.eliminate_empty_blocks();
    }
}

/// For each instruction: the handler's (index, depth, preserves lasti), if any.
fn handlers_info(
    cfg: &Cfg,
    linear: &[CInstr],
    handlers: &[Option<usize>],
) -> Vec<Option<(u32, u32, bool)>> {
    linear
        .iter()
        .zip(handlers.iter())
        .map(|(instr, handler)| {
            let block = instr.except?;
            let block = cfg.next_nonempty(Some(block)).unwrap_or(block);
            let target = cfg.except_target(block);
            Some((
                handler.unwrap_or_default() as u32,
                target.depth,
                target.preserve_lasti,
            ))
        })
        .collect()
}

fn build_exception_table(info: &[Option<(u32, u32, bool)>]) -> Vec<ExceptionEntry> {
    let mut table = Vec::new();
    let mut current: Option<(u32, u32, bool)> = None;
    let mut start = 0u32;
    for (index, handler) in info.iter().enumerate() {
        if *handler != current {
            if let Some((target, depth, lasti)) = current {
                table.push(ExceptionEntry {
                    start,
                    end: index as u32,
                    handler: target,
                    depth,
                    push_lasti: lasti,
                });
            }
            start = index as u32;
            current = *handler;
        }
    }
    if let Some((target, depth, lasti)) = current {
        table.push(ExceptionEntry {
            start,
            end: info.len() as u32,
            handler: target,
            depth,
            push_lasti: lasti,
        });
    }
    table
}

/// The names of "fast" locals from 3.11: variables, then cells that are not also variables,
/// then free variables.
fn localsplus(unit: &Unit) -> Vec<Rc<str>> {
    let mut all: Vec<Rc<str>> = unit.varnames.clone();
    for cell in &unit.cellvars {
        if !all.contains(cell) {
            all.push(Rc::clone(cell));
        }
    }
    all.extend(unit.freevars.iter().cloned());
    all
}

/// 3.11+: `COPY_FREE_VARS` and `MAKE_CELL` run before `RESUME`.
fn prefix_instructions(unit: &Unit) -> Vec<Instr> {
    let mut prefix = Vec::new();
    if !unit.freevars.is_empty() {
        prefix.push(Instr {
            op: Opcode::COPY_FREE_VARS,
            arg: unit.freevars.len() as u32,
            line: None,
            range: None,
        });
    }
    let all = localsplus(unit);
    let generator_prefix = |prefix: &mut Vec<Instr>| {
        if unit.flags.generator {
            for op in [Opcode::RETURN_GENERATOR, Opcode::POP_TOP] {
                prefix.push(Instr {
                    op,
                    arg: 0,
                    line: Some(unit.first_line),
                    range: None,
                });
            }
        }
    };
    let mut cells: Vec<(usize, usize)> = unit
        .cellvars
        .iter()
        .enumerate()
        .map(|(i, name)| (all.iter().position(|n| n == name).unwrap_or(0), i))
        .collect();
    crate::small_sort::sort(&mut cells);
    for (_, cell_index) in cells {
        prefix.push(Instr {
            op: Opcode::MAKE_CELL,
            arg: cell_index as u32,
            line: None,
            range: None,
        });
    }
    generator_prefix(&mut prefix);
    prefix
}

/// 3.11+: renumbers `*_DEREF`, `LOAD_CLOSURE` and `MAKE_CELL` from cell/free numbering to
/// positions among all fast locals.
fn fix_cell_offsets(unit: &Unit, instrs: &mut [Instr]) {
    let all = localsplus(unit);
    let cells_and_frees: Vec<&Rc<str>> = unit.cellvars.iter().chain(unit.freevars.iter()).collect();
    for instr in instrs {
        if matches!(
            instr.op,
            Opcode::LOAD_DEREF
                | Opcode::STORE_DEREF
                | Opcode::LOAD_CLOSURE
                | Opcode::MAKE_CELL
                | Opcode::LOAD_FROM_DICT_OR_DEREF
        ) && let Some(name) = cells_and_frees.get(instr.arg as usize)
        {
            instr.arg = all.iter().position(|n| n == *name).unwrap_or(0) as u32;
        }
    }
}

fn finish(
    unit: Unit,
    version: PyVersion,
    instrs: Vec<Instr>,
    exception_table: Vec<ExceptionEntry>,
) -> CodeObject {
    CodeObject {
        kind: unit.kind,
        version,
        name: unit.name,
        qualname: unit.qualname,
        first_line: unit.first_line,
        arg_count: unit.arg_count,
        posonly_arg_count: unit.posonly_arg_count,
        kwonly_arg_count: unit.kwonly_arg_count,
        flags: unit.flags,
        instrs,
        consts: unit.consts,
        names: unit.names,
        varnames: unit.varnames,
        cellvars: unit.cellvars,
        freevars: unit.freevars,
        exception_table,
    }
}
