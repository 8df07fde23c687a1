//! One component per file, each with its props directly above it.

pub mod compare;
pub mod controls;
pub mod disassembly;
pub mod editor;
pub mod examples;
pub mod explorer;
pub mod header;
pub mod intro;
pub mod outcome;
pub mod playback;
pub mod scheduler;
pub mod share;
pub mod timeline;
pub mod tutorial;
pub mod waitfor;
