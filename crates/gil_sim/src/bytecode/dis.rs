//! The plain disassembly that `gilsim dis` prints and `crates/gil_sim/tests/oracle/dis_plain.py` prints for CPython:
//!
//! ```text
//! code <qualname>           one header per code object, depth first, module first
//! LINE OPNAME [ARGREPR]     one line per instruction, jump targets written as "->"
//! ```

use std::fmt::Write;
use std::rc::Rc;

use crate::bytecode::{CodeObject, Const, Instr, Opcode};
use crate::version::PyVersion;

/// Comparison operators in `COMPARE_OP`'s numbering (`dis.cmp_op`).
pub const CMP_OPS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

/// `BINARY_OP`'s operator spellings (`_nb_ops` in `dis`), by argument.
pub const NB_OPS: [&str; 26] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=",
    "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
];

/// `CALL_INTRINSIC_1` function names (3.12+).
const INTRINSIC_1: [&str; 12] = [
    "INTRINSIC_1_INVALID",
    "INTRINSIC_PRINT",
    "INTRINSIC_IMPORT_STAR",
    "INTRINSIC_STOPITERATION_ERROR",
    "INTRINSIC_ASYNC_GEN_WRAP",
    "INTRINSIC_UNARY_POSITIVE",
    "INTRINSIC_LIST_TO_TUPLE",
    "INTRINSIC_TYPEVAR",
    "INTRINSIC_PARAMSPEC",
    "INTRINSIC_TYPEVARTUPLE",
    "INTRINSIC_SUBSCRIPT_GENERIC",
    "INTRINSIC_TYPEALIAS",
];

const MAKE_FUNCTION_FLAGS: [&str; 4] = ["defaults", "kwdefaults", "annotations", "closure"];

/// The disassembly of `code` and every code object nested in it.
pub fn dis(code: &Rc<CodeObject>) -> String {
    let mut out = String::new();
    for inner in code.walk() {
        // Code objects have `co_qualname` from 3.11; before that `dis` shows `co_name`.
        let title = if inner.version.is_311_plus() {
            &inner.qualname
        } else {
            &inner.name
        };
        let _ = writeln!(out, "code {title}");
        // Instructions without a line show the last line seen; before any, "None" (as pydis).
        // Up to 3.10 a line that starts on an instruction with an EXTENDED_ARG prefix starts on
        // the prefix, which `dis` skips: the printed line does not change there.
        let prefixes = extended_arg_prefixes(&inner);
        let mut line = "None".to_string();
        let mut last_start: Option<u32> = None;
        for (index, instr) in inner.instrs.iter().enumerate() {
            if let Some(l) = instr.line
                && Some(l) != last_start
            {
                last_start = Some(l);
                if prefixes[index] == 0 {
                    line = l.to_string();
                }
            }
            let text = argrepr(&inner, instr);
            if text.is_empty() {
                let _ = writeln!(out, "{line} {}", instr.op.name());
            } else {
                let _ = writeln!(out, "{line} {} {text}", instr.op.name());
            }
        }
    }
    out
}

/// Instruction `index` of `code` as `dis` shows it, without the line: `LOAD_GLOBAL counter`.
pub fn instruction_words(code: &CodeObject, index: usize) -> Option<String> {
    let instr = code.instrs.get(index)?;
    let text = argrepr(code, instr);
    Some(if text.is_empty() {
        instr.op.name().to_string()
    } else {
        format!("{} {text}", instr.op.name())
    })
}

/// The argument as `dis` describes it (`Instruction.argrepr`), with jump targets as "->".
pub fn argrepr(code: &CodeObject, instr: &Instr) -> String {
    use Opcode::*;
    let version = code.version;
    let arg = instr.arg as usize;
    let name = |index: usize| {
        code.names
            .get(index)
            .map_or_else(|| format!("<name {index}>"), |n| n.to_string())
    };
    let local = |index: usize| {
        code.varnames
            .get(index)
            .map_or_else(|| format!("<local {index}>"), |n| n.to_string())
    };
    let constant = |index: usize| {
        code.consts
            .get(index)
            .map_or_else(|| format!("<const {index}>"), Const::to_string)
    };
    if instr.op.is_jump() {
        return "->".to_string();
    }
    match instr.op {
        LOAD_CONST | RETURN_CONST => constant(arg),
        KW_NAMES if version >= PyVersion::Py312 => constant(arg),
        LOAD_NAME
        | STORE_NAME
        | DELETE_NAME
        | STORE_GLOBAL
        | DELETE_GLOBAL
        | STORE_ATTR
        | DELETE_ATTR
        | LOAD_METHOD
        | IMPORT_NAME
        | IMPORT_FROM
        | LOAD_FROM_DICT_OR_GLOBALS => name(arg),
        LOAD_GLOBAL if version >= PyVersion::Py313 => {
            if arg & 1 == 1 {
                format!("{} + NULL", name(arg >> 1))
            } else {
                name(arg >> 1)
            }
        }
        LOAD_GLOBAL if version >= PyVersion::Py311 => {
            if arg & 1 == 1 {
                format!("NULL + {}", name(arg >> 1))
            } else {
                name(arg >> 1)
            }
        }
        LOAD_GLOBAL => name(arg),
        LOAD_ATTR if version >= PyVersion::Py313 => {
            if arg & 1 == 1 {
                format!("{} + NULL|self", name(arg >> 1))
            } else {
                name(arg >> 1)
            }
        }
        LOAD_ATTR if version >= PyVersion::Py312 => {
            if arg & 1 == 1 {
                format!("NULL|self + {}", name(arg >> 1))
            } else {
                name(arg >> 1)
            }
        }
        LOAD_ATTR => name(arg),
        LOAD_SUPER_ATTR if version >= PyVersion::Py313 => {
            if arg & 1 == 1 {
                format!("{} + NULL|self", name(arg >> 2))
            } else {
                name(arg >> 2)
            }
        }
        LOAD_SUPER_ATTR => {
            if arg & 1 == 1 {
                format!("NULL|self + {}", name(arg >> 2))
            } else {
                name(arg >> 2)
            }
        }
        LOAD_FAST | LOAD_FAST_CHECK | LOAD_FAST_AND_CLEAR | STORE_FAST | DELETE_FAST => {
            if version.is_311_plus() {
                deref_name(code, arg)
            } else {
                local(arg)
            }
        }
        LOAD_FAST_LOAD_FAST | STORE_FAST_LOAD_FAST | STORE_FAST_STORE_FAST => {
            format!(
                "{}, {}",
                deref_name(code, arg >> 4),
                deref_name(code, arg & 15)
            )
        }
        LOAD_DEREF | STORE_DEREF | LOAD_CLOSURE | MAKE_CELL | LOAD_FROM_DICT_OR_DEREF => {
            deref_name(code, arg)
        }
        COMPARE_OP => compare_repr(version, arg),
        BINARY_OP => NB_OPS.get(arg).copied().unwrap_or("?").to_string(),
        FORMAT_VALUE => {
            let conversion = match arg & 3 {
                1 => "str",
                2 => "repr",
                3 => "ascii",
                _ => "",
            };
            let spec = if arg & 4 != 0 { "with format" } else { "" };
            [conversion, spec]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        }
        CONVERT_VALUE => match arg {
            1 => "str",
            2 => "repr",
            3 => "ascii",
            _ => "",
        }
        .to_string(),
        MAKE_FUNCTION if version <= PyVersion::Py312 => flag_names(arg),
        SET_FUNCTION_ATTRIBUTE => flag_names(arg),
        CALL_INTRINSIC_1 => INTRINSIC_1.get(arg).copied().unwrap_or("?").to_string(),
        _ => String::new(),
    }
}

/// How many `EXTENDED_ARG` prefixes each instruction carries once jump arguments are final
/// (3.9: byte offsets; 3.10: instruction offsets). 3.11+ keeps lines per instruction, so its
/// prefixes never hide a line and are reported as zero.
pub fn extended_arg_prefixes(code: &CodeObject) -> Vec<u8> {
    let v = code.version.bytecode();
    let n = code.instrs.len();
    if v.is_311_plus() {
        return vec![0; n];
    }
    let unit = if v == PyVersion::Py39 { 2 } else { 1 };
    let mut prefixes = vec![0u8; n];
    loop {
        let mut offsets = vec![0usize; n + 1];
        for i in 0..n {
            offsets[i + 1] = offsets[i] + 1 + prefixes[i] as usize;
        }
        let mut changed = false;
        for (i, instr) in code.instrs.iter().enumerate() {
            let arg = if instr.op.is_jump() {
                let target = offsets[instr.arg as usize];
                let relative = matches!(
                    instr.op,
                    Opcode::JUMP_FORWARD
                        | Opcode::FOR_ITER
                        | Opcode::SETUP_FINALLY
                        | Opcode::SETUP_WITH
                );
                if relative {
                    target.saturating_sub(offsets[i + 1]) * unit
                } else {
                    target * unit
                }
            } else {
                instr.arg as usize
            };
            let needed = u8::from(arg > 0xff) + u8::from(arg > 0xffff) + u8::from(arg > 0xff_ffff);
            if needed != prefixes[i] {
                prefixes[i] = needed;
                changed = true;
            }
        }
        if !changed {
            return prefixes;
        }
    }
}

fn flag_names(arg: usize) -> String {
    MAKE_FUNCTION_FLAGS
        .iter()
        .enumerate()
        .filter(|(bit, _)| arg & (1 << bit) != 0)
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn compare_repr(version: PyVersion, arg: usize) -> String {
    match version.bytecode() {
        PyVersion::Py313 => {
            let op = CMP_OPS.get(arg >> 5).copied().unwrap_or("?");
            if arg & 16 != 0 {
                format!("bool({op})")
            } else {
                op.to_string()
            }
        }
        PyVersion::Py312 => CMP_OPS.get(arg >> 4).copied().unwrap_or("?").to_string(),
        _ => CMP_OPS.get(arg).copied().unwrap_or("?").to_string(),
    }
}

/// Names for the `LOAD_DEREF` family: up to 3.10 an index into cells then free variables; from
/// 3.11 an index into all "fast" locals (varnames, then cells not already parameters, then free).
fn deref_name(code: &CodeObject, arg: usize) -> String {
    if code.version.is_311_plus() {
        let mut all: Vec<&Rc<str>> = code.varnames.iter().collect();
        for cell in &code.cellvars {
            if !code.varnames.contains(cell) {
                all.push(cell);
            }
        }
        all.extend(code.freevars.iter());
        return all
            .get(arg)
            .map_or_else(|| format!("<deref {arg}>"), |n| n.to_string());
    }
    code.deref_name(arg)
        .map_or_else(|| format!("<deref {arg}>"), |n| n.to_string())
}
