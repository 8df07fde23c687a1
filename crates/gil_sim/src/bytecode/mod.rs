//! CPython's bytecode as data: opcodes, constants, code objects and their `dis` text.
//!
//! A leaf module: it knows nothing of parsing or running. The compiler builds these values and
//! the VM decodes them into its own executable form.

mod code;
mod constant;
mod dis;
mod opcode;

pub use code::{CodeFlags, CodeKind, CodeObject, ExceptionEntry, Instr};
pub use constant::{Const, repr_bytes};
pub use dis::{dis, instruction_words};
pub use opcode::Opcode;
