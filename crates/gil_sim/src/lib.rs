//! GIL Lab's simulator: CPython's execution model, from source text to a trace of threads.
//!
//! The pipeline: [`compile`] turns Python source into CPython's own bytecode for a chosen
//! [`PyVersion`]; the VM runs it with real reference counts; the scheduler decides where threads
//! switch, as each version's GIL does; the trace records what happened.
//!
//! Source code layout:
//! - `version` — the modelled Python versions.
//! - `bytecode` — opcodes, constants, code objects and their `dis` text (a leaf module).
//! - `compile` — ruff AST → bytecode; the only module that names ruff's types.
//! - `bigint`, `pytext` — Python's integers beyond 64 bits and its text forms of values.
//!
//! Architecture invariant: this crate has no web dependency, no I/O, no wall clock and no OS
//! threads. The same code runs natively (tests, `gilsim`) and in the page's wasm.

pub mod bigint;
pub mod bytecode;
pub mod compile;
pub mod pytext;
pub mod version;

pub use compile::{Compiled, Diagnostic, DiagnosticKind, SourcePos, compile};
pub use version::PyVersion;

/// The disassembly of a program for `version`, in the plain form `gilsim dis` prints, or the
/// problems that stop it from compiling.
///
/// ```
/// let text = gil_sim::disassemble("x = 1 + 2\n", gil_sim::PyVersion::Py311).unwrap();
/// assert!(text.contains("STORE_NAME x"));
/// ```
pub fn disassemble(source: &str, version: PyVersion) -> Result<String, Vec<Diagnostic>> {
    let compiled = compile(source, version);
    match compiled.code {
        Some(code) => Ok(bytecode::dis(&code)),
        None => Err(compiled.diagnostics),
    }
}
