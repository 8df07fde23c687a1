//! One code object under construction: its instruction sequence with labels, constants, names
//! and the frame-block stack that `break`, `continue` and `return` unwind through.

use std::rc::Rc;

use crate::bytecode::{CodeFlags, CodeKind, Const, Opcode};
use crate::compile::symtable::ScopeId;

/// A jump target inside one unit's instruction sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Label(pub u32);

/// Where an instruction comes from: its line and the byte range of the AST node, or nothing
/// for artificial instructions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    pub line: Option<u32>,
    pub range: Option<(u32, u32)>,
}

impl Loc {
    /// No location (CPython's `NO_LOCATION`).
    pub const NONE: Loc = Loc {
        line: None,
        range: None,
    };

    /// A line without a column range.
    pub fn line(line: u32) -> Loc {
        Loc {
            line: Some(line),
            range: None,
        }
    }
}

/// An instruction before assembly: jumps name a [`Label`], lines may still be unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IrInstr {
    pub op: Opcode,
    pub arg: u32,
    pub target: Option<Label>,
    pub line: Option<u32>,
    pub range: Option<(u32, u32)>,
}

/// What a frame block protects; `break`/`continue`/`return` unwind them innermost first
/// (CPython's `fblockinfo`).
#[derive(Clone, Debug)]
pub enum FrameBlock<'src> {
    WhileLoop {
        top: Label,
        exit: Label,
    },
    ForLoop {
        top: Label,
        exit: Label,
    },
    /// The body of a `try` with `except` handlers (3.11+: inside a `SETUP_FINALLY`).
    TryExcept,
    /// The body of a `try` with `finally`: unwinding runs the final body.
    FinallyTry {
        body: &'src [ruff_python_ast::Stmt],
    },
    /// Running the final body after an exception (unwinding pops the exception state).
    FinallyEnd,
    /// The body of a `with` statement (its location, for the exit call when unwinding).
    With {
        loc: Loc,
    },
    /// An `except` handler body: unwinding pops the exception.
    HandlerCleanup {
        name: Option<String>,
    },
    /// Between `PUSH_EXC_INFO` and the handler match (3.11+).
    ExceptionHandler,
    /// Something with one value on the stack to pop when unwinding (3.11+ `POP_VALUE`).
    PopValue,
}

/// A code object being compiled.
pub struct Unit<'src> {
    pub kind: CodeKind,
    pub scope: ScopeId,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub first_line: u32,
    pub arg_count: u32,
    pub posonly_arg_count: u32,
    pub kwonly_arg_count: u32,
    pub flags: CodeFlags,
    pub instrs: Vec<IrInstr>,
    /// Position in `instrs` where each label is bound.
    pub labels: Vec<Option<usize>>,
    /// For each instruction, how many labels existed when it was emitted (block creation order).
    pub created: Vec<u32>,
    pub consts: Vec<Const>,
    pub names: Vec<Rc<str>>,
    pub varnames: Vec<Rc<str>>,
    pub cellvars: Vec<Rc<str>>,
    pub freevars: Vec<Rc<str>>,
    pub fblocks: Vec<FrameBlock<'src>>,
    /// The location given to instructions emitted now; no line emits artificial instructions.
    pub loc: Loc,
    /// Class bodies: the private-name mangling prefix.
    pub private: Option<String>,
    /// While positive, instructions are not emitted (3.9's `BEGIN_DO_NOT_EMIT_BYTECODE` for
    /// branches a constant test never takes; line numbers still advance).
    pub suppress: u32,
    /// 3.12+: names bound by the inlined comprehensions being compiled, innermost last; they
    /// are fast locals of this unit while the comprehension runs.
    pub inlined: Vec<Vec<String>>,
}

impl<'src> Unit<'src> {
    pub fn new(
        kind: CodeKind,
        scope: ScopeId,
        name: &str,
        qualname: &str,
        first_line: u32,
    ) -> Unit<'src> {
        Unit {
            kind,
            scope,
            name: Rc::from(name),
            qualname: Rc::from(qualname),
            first_line,
            arg_count: 0,
            posonly_arg_count: 0,
            kwonly_arg_count: 0,
            flags: CodeFlags::default(),
            instrs: Vec::new(),
            labels: Vec::new(),
            created: Vec::new(),
            consts: Vec::new(),
            names: Vec::new(),
            varnames: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            fblocks: Vec::new(),
            loc: Loc::line(first_line),
            private: None,
            suppress: 0,
            inlined: Vec::new(),
        }
    }

    /// Appends an instruction at the current line.
    pub fn emit(&mut self, op: Opcode, arg: u32) {
        if self.suppress > 0 {
            return;
        }
        self.created.push(self.labels.len() as u32);
        self.instrs.push(IrInstr {
            op,
            arg,
            target: None,
            line: self.loc.line,
            range: self.loc.range,
        });
    }

    /// Appends a jump (or block set-up) to `target`.
    pub fn emit_jump(&mut self, op: Opcode, target: Label) {
        if self.suppress > 0 {
            return;
        }
        self.created.push(self.labels.len() as u32);
        self.instrs.push(IrInstr {
            op,
            arg: 0,
            target: Some(target),
            line: self.loc.line,
            range: self.loc.range,
        });
    }

    /// A fresh, unbound label.
    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// Binds `label` to the next instruction.
    pub fn bind(&mut self, label: Label) {
        self.labels[label.0 as usize] = Some(self.instrs.len());
    }

    /// Index of `constant` in `co_consts`, adding it once.
    pub fn add_const(&mut self, constant: Const) -> u32 {
        if let Some(index) = self.consts.iter().position(|c| c.same_constant(&constant)) {
            return index as u32;
        }
        self.consts.push(constant);
        self.consts.len() as u32 - 1
    }

    /// Index of `name` in `co_names`, adding it once.
    pub fn add_name(&mut self, name: &str) -> u32 {
        index_of(&mut self.names, name)
    }

    /// Index of local `name` in `co_varnames`, adding it once.
    pub fn add_varname(&mut self, name: &str) -> u32 {
        index_of(&mut self.varnames, name)
    }

    /// Emits `LOAD_CONST constant`.
    pub fn load_const(&mut self, constant: Const) {
        let index = self.add_const(constant);
        self.emit(Opcode::LOAD_CONST, index);
    }

    /// The index a `*_DEREF` instruction uses for cell or free variable `name` during codegen:
    /// cells then free variables numbered from 0, as up to 3.10. Assembly renumbers them for
    /// 3.11+, where they follow the locals.
    pub fn deref_index(&self, name: &str) -> u32 {
        let position = self
            .cellvars
            .iter()
            .chain(self.freevars.iter())
            .position(|n| &**n == name);
        match position {
            Some(index) => index as u32,
            None => panic!("internal error: {name} is neither a cell nor a free variable"),
        }
    }
}

fn index_of(list: &mut Vec<Rc<str>>, name: &str) -> u32 {
    if let Some(index) = list.iter().position(|n| &**n == name) {
        return index as u32;
    }
    list.push(Rc::from(name));
    list.len() as u32 - 1
}
