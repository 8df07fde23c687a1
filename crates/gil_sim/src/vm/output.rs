//! The program's output: every write to stdout or stderr, in order, with the virtual time and
//! the thread that made it. `print` makes one write per piece (each argument, each separator,
//! the line end), as CPython's `print` does, so output from threads can interleave the same way.

use crate::vm::VTime;

/// Which standard stream a write went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// One write.
#[derive(Clone, Debug, PartialEq)]
pub struct Write {
    pub stream: Stream,
    pub text: String,
    pub time: VTime,
    /// The simulated thread that wrote it.
    pub thread: u32,
}

/// Most bytes kept; later writes are dropped and counted.
pub const MAX_OUTPUT_BYTES: usize = 4 << 20;

/// All writes of a run.
#[derive(Clone, Debug, Default)]
pub struct Output {
    pub writes: Vec<Write>,
    bytes: usize,
    /// Bytes dropped after the cap.
    pub dropped: usize,
}

impl Output {
    /// Records a write.
    pub fn write(&mut self, stream: Stream, text: &str, time: VTime, thread: u32) {
        if text.is_empty() {
            return;
        }
        if self.bytes + text.len() > MAX_OUTPUT_BYTES {
            self.dropped += text.len();
            return;
        }
        self.bytes += text.len();
        self.writes.push(Write {
            stream,
            text: text.to_string(),
            time,
            thread,
        });
    }

    /// Everything written to one stream, concatenated.
    pub fn text(&self, stream: Stream) -> String {
        self.writes
            .iter()
            .filter(|w| w.stream == stream)
            .map(|w| w.text.as_str())
            .collect()
    }

    /// Both streams in the order written (what a terminal shows).
    pub fn interleaved(&self) -> String {
        self.writes.iter().map(|w| w.text.as_str()).collect()
    }
}
