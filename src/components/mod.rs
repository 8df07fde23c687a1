//! One component per file, each with its props directly above it.

pub mod disassembly;
pub mod editor;
pub mod header;
pub mod version_picker;
