//! GIL Lab's page: a Yew app that draws what the simulator computes.
//!
//! Architecture invariant: no simulation logic lives here. Reducers in `state` call the
//! `gil_sim` façade; components in `components` turn state into HTML and DOM events into
//! actions.
//!
//! Layout: `app` (the page), `runner` (runs in slices, playback), `address` (links, embed),
//! `keys` (shortcuts), `crash` (the banner a panic leaves), `turn` (yielding between slices), `warmup`, `state` (page state and reducers), `components` (one per file).

mod address;
mod app;
mod autosave;
mod components;
mod crash;
mod exploring;
mod keys;
mod library;
mod runner;
mod saving;
mod state;
mod steering;
mod turn;
mod warmup;

pub use app::App;
pub use state::playground::{PlaygroundAction, PlaygroundState};

/// Mounts the page on `<body>`; a panic from then on leaves an error banner.
pub fn start() {
    crash::install();
    yew::Renderer::<App>::new().render();
}
