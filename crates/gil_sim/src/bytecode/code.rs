//! Code objects: what the compiler produces and the VM runs.

use std::rc::Rc;

use crate::bytecode::{Const, Opcode};
use crate::version::PyVersion;

/// One assembled instruction. Jump arguments hold the *instruction index* of the target (caches
/// and `EXTENDED_ARG` are not materialised, so indexes are stable across versions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instr {
    pub op: Opcode,
    pub arg: u32,
    /// Source line, or `None` for instructions CPython gives no line (shown with the last line).
    pub line: Option<u32>,
    /// Byte range of the source node (3.11+ positions, for traceback carets).
    pub range: Option<(u32, u32)>,
}

/// One entry of a 3.11+ exception table: instructions in `start..end` jump to `handler` with the
/// value stack cut to `depth` (plus the last instruction offset pushed when `push_lasti`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    pub start: u32,
    pub end: u32,
    pub handler: u32,
    pub depth: u32,
    pub push_lasti: bool,
}

/// What kind of code a code object holds; decides name resolution and the frame's start-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    Module,
    Class,
    Function,
}

/// The flags of `co_flags` that the VM needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CodeFlags {
    pub varargs: bool,
    pub varkeywords: bool,
    /// `CO_GENERATOR`: calling the function makes a generator.
    pub generator: bool,
}

/// A compiled code object, the equivalent of CPython's `PyCodeObject`.
#[derive(Clone, Debug)]
pub struct CodeObject {
    pub kind: CodeKind,
    pub version: PyVersion,
    /// `co_name`.
    pub name: Rc<str>,
    /// `co_qualname` (shown in `dis` headers and tracebacks from 3.11).
    pub qualname: Rc<str>,
    pub first_line: u32,
    pub arg_count: u32,
    pub posonly_arg_count: u32,
    pub kwonly_arg_count: u32,
    pub flags: CodeFlags,
    pub instrs: Vec<Instr>,
    pub consts: Vec<Const>,
    pub names: Vec<Rc<str>>,
    /// Local variable names; parameters first.
    pub varnames: Vec<Rc<str>>,
    pub cellvars: Vec<Rc<str>>,
    pub freevars: Vec<Rc<str>>,
    pub exception_table: Vec<ExceptionEntry>,
}

impl CodeObject {
    /// Every code object nested in this one's constants, depth first, this one first — the order
    /// in which `dis` prints them.
    pub fn walk(self: &Rc<Self>) -> Vec<Rc<CodeObject>> {
        let mut out = vec![Rc::clone(self)];
        for constant in &self.consts {
            if let Const::Code(inner) = constant {
                out.extend(inner.walk());
            }
        }
        out
    }

    /// The name of cell or free variable `index` (cells first, then free variables), as
    /// `LOAD_DEREF` numbers them up to 3.10.
    pub fn deref_name(&self, index: usize) -> Option<&Rc<str>> {
        self.cellvars
            .get(index)
            .or_else(|| self.freevars.get(index.checked_sub(self.cellvars.len())?))
    }
}
