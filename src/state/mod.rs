//! Page state: one module per page, each with its state, actions and reducer.

pub mod challenges;
pub mod colouring;
pub mod deflate;
pub mod indent;
pub mod link;
pub mod memory;
pub mod playground;
pub mod run;
pub mod steering;
pub mod steps;
pub mod tutorial;

/// A small deterministic generator for the page's tests (xorshift64).
#[cfg(test)]
pub fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
