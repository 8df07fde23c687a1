//! The memory budget: a program that keeps growing its objects (a list appended to forever,
//! a dict comprehension over a huge range) stops at a stated size instead of exhausting the
//! page's memory, which would kill the page. CPython would grow until the machine ran out.
//!
//! Measuring walks every object, so it runs only when enough was stored since the last
//! measurement ([`Heap::grown`](crate::vm::heap::Heap::grown): new objects and bulk additions
//! to lists) or after a number of slow-path instructions that grows with the heap, so the
//! walk stays a small part of the run. Everything that stores memory (calls, item stores,
//! appends) takes the loop's slow path.

use crate::vm::Vm;

/// The most bytes the program's objects may occupy (about: see [`crate::vm::heap::Heap::memory`]).
pub const MAX_MEMORY_BYTES: usize = 256 << 20;

/// The most items a builtin gathers into one sequence, or walks in one call without running
/// Python code for them: more raise `MemoryError` ("too many items for this simulator"), so
/// that native work, which the page cannot slice, stays short.
pub const MAX_ITEMS: usize = 10_000_000;

/// What the run stopped at, as the page and the CLI state it.
pub const MEMORY_BUDGET: &str = "the memory budget (256 MB of objects)";

/// Bytes stored since the last measurement that bring the next one forward.
const GROWN_BEFORE_CHECK: usize = 16 << 20;

/// Slow-path instructions between two measurements, at least (more on a larger heap).
const SLOW_OPS_BETWEEN_CHECKS: u32 = 1 << 14;

impl Vm {
    /// Counts one slow-path instruction; true when the program's objects are past
    /// [`MAX_MEMORY_BYTES`] (measured now and then, see the module's comment).
    #[inline(always)]
    pub(crate) fn over_memory_budget(&mut self) -> bool {
        self.memory_countdown = self.memory_countdown.saturating_sub(1);
        (self.memory_countdown == 0 || self.heap.grown >= GROWN_BEFORE_CHECK)
            && self.measure_memory()
    }

    #[cold]
    #[inline(never)]
    fn measure_memory(&mut self) -> bool {
        let live = u32::try_from(self.heap.live()).unwrap_or(u32::MAX);
        self.memory_countdown = SLOW_OPS_BETWEEN_CHECKS.max(live);
        self.heap.stored_before = self.heap.stored_before.wrapping_add(self.heap.grown);
        self.heap.grown = 0;
        self.heap.memory() > MAX_MEMORY_BYTES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stated_budget_is_the_one_enforced() {
        assert!(MEMORY_BUDGET.contains(&format!("({} MB", MAX_MEMORY_BYTES >> 20)));
    }
}
