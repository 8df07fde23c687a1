//! The semantics behind the instructions, one concept per module: attribute access, calls,
//! arithmetic, comparison, iteration, subscripts, containers, classes and text formatting.
//! `slow` maps each instruction the loop does not inline onto these.

pub mod arith;
pub mod attr;
pub mod call;
pub mod class;
pub mod compare;
pub mod containers;
pub mod format;
pub mod iter;
pub mod slow;
pub mod spec;
pub mod subscr;
