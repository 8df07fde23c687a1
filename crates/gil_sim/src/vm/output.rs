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
    /// The simulated process it belongs to (0 is the program's own).
    pub process: u32,
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
    /// About how many bytes a copy of the recorded writes occupies (each text is an
    /// allocation of its own; a copy holds exactly its writes).
    pub fn footprint(&self) -> usize {
        self.bytes + self.writes.len() * (std::mem::size_of::<Write>() + 16)
    }

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
            process: 0,
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

    /// Adds another process's writes (from `process`), keeping everything in time order.
    pub fn merge(&mut self, other: Output, process: u32) {
        let mut merged = Vec::with_capacity(self.writes.len() + other.writes.len());
        let mut mine = std::mem::take(&mut self.writes).into_iter().peekable();
        let mut theirs = other.writes.into_iter().peekable();
        loop {
            let take_mine = match (mine.peek(), theirs.peek()) {
                (Some(a), Some(b)) => a.time <= b.time,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_mine {
                mine.next()
            } else {
                theirs.next().map(|mut w| {
                    w.process = process;
                    w
                })
            };
            merged.extend(next);
        }
        self.writes = merged;
        self.bytes += other.bytes;
        self.dropped += other.dropped;
    }

    /// Both streams in the order written (what a terminal shows).
    pub fn interleaved(&self) -> String {
        self.writes.iter().map(|w| w.text.as_str()).collect()
    }
}
