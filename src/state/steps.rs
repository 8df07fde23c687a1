//! The run's trace events as steps the reader can move through: the simulator tells each in
//! words ([`gil_sim::narration`]); the page keeps them with their time.

pub use gil_sim::thread_words;

/// One trace event as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Simulated time in picoseconds.
    pub time_ps: u64,
    /// The threads (of the event's process) it concerns.
    pub process: u32,
    pub threads: Vec<u32>,
    pub text: String,
}

/// Every step of a finished run.
pub fn steps_of(sim: &gil_sim::Simulation, gil: gil_sim::GilMode) -> Vec<Step> {
    gil_sim::narrate(&sim.trace, gil, &sim.lock_names)
        .into_iter()
        .map(|step| Step {
            time_ps: step.time.0,
            process: step.process,
            threads: step.threads,
            text: step.text,
        })
        .collect()
}
