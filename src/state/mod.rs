//! Page state: one module per page, each with its state, actions and reducer.

pub mod colouring;
pub mod deflate;
pub mod indent;
pub mod link;
pub mod playground;
pub mod run;
pub mod steps;
