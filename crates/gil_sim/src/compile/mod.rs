//! The frontend: Python source → CPython's own bytecode for one version.
//!
//! The pipeline follows CPython's: parse (ruff) → symbol table → code generation into an
//! instruction sequence with labels → control-flow-graph optimisation per version → assembly
//! (jump directions, line numbers, exception table). The aim is instruction-for-instruction
//! equality with `dis` of the real interpreter for the supported subset of Python.
//!
//! This is the only module that names ruff's types (imported as `ast`).
//!
//! Layout: `symtable` (scopes), `unit` (one code object under construction), `stmt` and `expr`
//! (code generation), `fold` (constant folding, CPython's `ast_opt.c`), `cfg` (basic blocks and
//! the optimiser), `assemble` (final instructions), `nesting` and `diagnostic` (bad input),
//! `imports` (the modules a program names, for the page to fetch).

mod assemble;
mod cfg;
mod comprehension;
mod diagnostic;
mod expr;
mod fold;
pub mod highlight;
pub mod imports;
mod name_set;
mod nesting;
pub mod scale;
mod stmt;
mod symtable;
mod unit;

use std::rc::Rc;

use ruff_python_ast as ast;
use ruff_text_size::{Ranged, TextRange};

use crate::bytecode::{CodeKind, CodeObject};
use crate::version::PyVersion;

pub use diagnostic::{Diagnostic, DiagnosticKind, SourcePos};
pub use nesting::MAX_NESTING;

use diagnostic::Locator;
use symtable::{ScopeId, SymbolTable};
use unit::Unit;

/// The result of compiling one program: the module's code object when there were no problems,
/// and every problem found.
#[derive(Debug)]
pub struct Compiled {
    pub code: Option<Rc<CodeObject>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Compiles a module's source for `version`'s bytecode.
///
/// ```
/// use gil_sim::{compile, PyVersion};
/// let compiled = compile("x = 1 + 2\n", PyVersion::Py311);
/// assert!(compiled.diagnostics.is_empty());
/// assert!(compiled.code.is_some());
/// let text = gil_sim::disassemble("x = 1 + 2\n", PyVersion::Py311).unwrap();
/// assert!(text.contains("1 LOAD_CONST 3"));
/// ```
pub fn compile(source: &str, version: PyVersion) -> Compiled {
    let locator = Locator::new(source);
    if let Some((range, what)) = nesting::find_excess_nesting(source) {
        return Compiled {
            code: None,
            diagnostics: vec![locator.diagnostic(
                DiagnosticKind::Limit,
                range,
                format!("{what} nested more than {MAX_NESTING} levels deep; GIL Lab stops here"),
            )],
        };
    }
    let parsed = ruff_python_parser::parse_unchecked_source(source, ast::PySourceType::Python);
    let mut diagnostics: Vec<Diagnostic> = parsed
        .errors()
        .iter()
        .map(|error| syntax_diagnostic(&locator, source, error))
        .collect();
    if !diagnostics.is_empty() {
        sort_diagnostics(&mut diagnostics);
        diagnostics.dedup_by_key(|d| d.start);
        return Compiled {
            code: None,
            diagnostics,
        };
    }
    let module = parsed.syntax();
    let symtable = SymbolTable::build(&module.body, source, version);
    if !symtable.errors.is_empty() {
        let mut diagnostics: Vec<Diagnostic> = symtable
            .errors
            .iter()
            .map(|(range, message)| {
                locator.diagnostic(DiagnosticKind::Syntax, *range, message.clone())
            })
            .collect();
        sort_diagnostics(&mut diagnostics);
        return Compiled {
            code: None,
            diagnostics,
        };
    }
    let mut compiler = Compiler {
        version: version.bytecode(),
        symtable,
        locator,
        units: Vec::new(),
        diagnostics: Vec::new(),
    };
    let code = compiler.compile_module(&module.body);
    let mut diagnostics = compiler.diagnostics;
    sort_diagnostics(&mut diagnostics);
    Compiled {
        code: if diagnostics.is_empty() {
            Some(code)
        } else {
            None
        },
        diagnostics,
    }
}

fn syntax_diagnostic(
    locator: &Locator<'_>,
    source: &str,
    error: &ruff_python_parser::ParseError,
) -> Diagnostic {
    let text = error.error.to_string();
    let range = error.location;
    let snippet = source
        .get(range.start().to_usize().saturating_sub(3)..range.end().to_usize())
        .unwrap_or_default();
    let message = if text.contains("unicode") && snippet.contains("\\N{") {
        "named unicode escapes (\\N{...}) are not supported: write the character itself or use \
         \\uXXXX"
            .to_string()
    } else {
        lower_first(&text)
    };
    locator.diagnostic(DiagnosticKind::Syntax, range, message)
}

/// "is" or "are" for a construct's name: plural when the noun before any parenthesised
/// example ends in "s" ("generators (yield) are", "this comprehension is").
fn verb_for(what: &str) -> &'static str {
    let noun = what.split(" (").next().unwrap_or(what);
    if noun.ends_with('s') { "are" } else { "is" }
}

fn lower_first(text: &str) -> String {
    let trimmed = text.trim_end_matches('.');
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Compilation state for one module: the unit stack (innermost last) and the problems found.
pub(crate) struct Compiler<'src> {
    pub version: PyVersion,
    pub symtable: SymbolTable,
    pub locator: Locator<'src>,
    pub units: Vec<Unit<'src>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'src> Compiler<'src> {
    /// The unit being compiled.
    pub fn unit(&mut self) -> &mut Unit<'src> {
        self.units
            .last_mut()
            .expect("internal error: no code unit is open")
    }

    /// The scope of the unit being compiled.
    pub fn scope_id(&self) -> ScopeId {
        self.units
            .last()
            .expect("internal error: no code unit is open")
            .scope
    }

    /// Records an unsupported construct.
    pub fn unsupported(&mut self, range: TextRange, what: &str) {
        let diagnostic = self.locator.diagnostic(
            DiagnosticKind::Unsupported,
            range,
            format!("{what} {} not supported yet", verb_for(what)),
        );
        self.diagnostics.push(diagnostic);
    }

    /// Records a syntax error that the parser leaves to the compiler (as CPython's compiler does).
    pub fn syntax_error(&mut self, range: TextRange, message: &str) {
        let diagnostic = self
            .locator
            .diagnostic(DiagnosticKind::Syntax, range, message);
        self.diagnostics.push(diagnostic);
    }

    /// The 1-based line where a node starts.
    pub fn line_of(&self, node: &impl Ranged) -> u32 {
        self.locator.line(node.start())
    }

    /// Sets the current location to the node's and returns the previous one, to restore
    /// afterwards.
    pub fn set_line(&mut self, node: &impl Ranged) -> unit::Loc {
        let loc = self.loc_of(node);
        std::mem::replace(&mut self.unit().loc, loc)
    }

    /// The location of a node.
    pub fn loc_of(&self, node: &impl Ranged) -> unit::Loc {
        let range = node.range();
        unit::Loc {
            line: Some(self.line_of(node)),
            range: Some((range.start().to_u32(), range.end().to_u32())),
        }
    }

    fn compile_module(&mut self, body: &'src [ast::Stmt]) -> Rc<CodeObject> {
        let module = self.symtable.module();
        self.units.push(Unit::new(
            CodeKind::Module,
            module,
            "<module>",
            "<module>",
            1,
        ));
        self.module_body(body);
        let unit = self
            .units
            .pop()
            .expect("internal error: module unit vanished");
        Rc::new(assemble::assemble(unit, self.version))
    }

    /// Pops the innermost unit and assembles it into a code object.
    pub fn finish_unit(&mut self) -> Rc<CodeObject> {
        let unit = self
            .units
            .pop()
            .expect("internal error: no code unit to finish");
        Rc::new(assemble::assemble(unit, self.version))
    }
}

#[cfg(test)]
mod tests;

/// Orders diagnostics by position.
fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    crate::small_sort::sort_by_key(diagnostics, |d| d.start);
}
