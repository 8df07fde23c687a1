//! The tutorial's chapters as data: prose blocks, the scenarios embedded in them, and the
//! "myth or fact" boxes that check a popular claim against the simulation.
//!
//! Authors write Markdown in `content/`; with the `markdown` feature, [`markdown::load_dir`]
//! turns it into [`Chapter`]s at build time, and the page decodes them with [`decode`]. Text
//! stays text: the page builds its elements from this model, never from HTML.

#![no_std]
extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

pub mod directive;
#[cfg(feature = "markdown")]
pub mod markdown;
#[cfg(feature = "markdown")]
pub mod page;

/// One chapter: its address, title, one-line summary and body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chapter {
    /// The chapter's part of the address (`#learn/<slug>`).
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub blocks: Vec<Block>,
}

/// A block of a chapter's body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// A heading below the chapter title (level 2 or deeper).
    Heading {
        level: u8,
        text: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// A list; each item is its own blocks.
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    /// Code shown as it is (not run).
    Code(String),
    Scenario(Scenario),
    Claim(Claim),
    /// One of the scheduler's challenges, by id.
    Challenge(String),
}

/// Text within a block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link { href: String, text: Vec<Inline> },
    Break,
}

/// A program the reader runs from the chapter, with its settings, what its run must show, and
/// "try this" prompts that change one setting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub title: String,
    pub program: Program,
    pub settings: Settings,
    /// What the run shows; checked by the chapters' test, and by the page after a run.
    pub expect: Vec<Expect>,
    pub tries: Vec<Try>,
}

/// Where a scenario's program comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Program {
    /// A seed program by file name, unmodified.
    Seed(String),
    /// A seed program with one text replaced (scaled down): file, text, replacement.
    ScaledSeed {
        file: String,
        from: String,
        to: String,
    },
    /// The code written in the chapter.
    Inline(String),
}

/// The playground settings a scenario or a prompt sets; `None` leaves the default.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// "2.7", "3.9" … "3.13".
    pub python: Option<String>,
    pub gil: Option<GilSetting>,
    pub cores: Option<u32>,
    pub switch_interval_us: Option<u64>,
    pub run_as: Option<RunAs>,
    pub os: Option<Os>,
}

impl Settings {
    /// These settings with `other`'s where it sets them.
    pub fn with(&self, other: &Settings) -> Settings {
        Settings {
            python: other.python.clone().or_else(|| self.python.clone()),
            gil: other.gil.or(self.gil),
            cores: other.cores.or(self.cores),
            switch_interval_us: other.switch_interval_us.or(self.switch_interval_us),
            run_as: other.run_as.or(self.run_as),
            os: other.os.or(self.os),
        }
    }
}

impl Settings {
    /// The settings in words, as a card shows them: "Python 3.9 · GIL on".
    pub fn words(&self) -> String {
        let mut words = alloc::vec![alloc::format!(
            "Python {}",
            self.python.as_deref().unwrap_or("3.11")
        )];
        words.push(
            match self.gil {
                Some(GilSetting::Off) => "free-threaded",
                Some(GilSetting::Naive) => "naive no-GIL",
                Some(GilSetting::On) | None => "GIL on",
            }
            .into(),
        );
        if let Some(cores) = self.cores {
            words.push(alloc::format!("{cores} cores"));
        }
        if let Some(us) = self.switch_interval_us {
            words.push(alloc::format!("switch interval {us} µs"));
        }
        if self.run_as == Some(RunAs::Notebook) {
            words.push("run from a notebook".into());
        }
        if let Some(os) = self.os {
            words.push(alloc::format!("{os:?}"));
        }
        words.join(" · ")
    }
}

/// The GIL setting of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GilSetting {
    On,
    /// Free-threaded CPython.
    Off,
    /// The naive no-GIL thought experiment.
    Naive,
}

/// How the program is started.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunAs {
    Script,
    Notebook,
}

/// The operating system a scenario runs on (it picks `multiprocessing`'s start method).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Os {
    Linux,
    Macos,
    Windows,
}

/// A "try this" prompt: words, the settings it changes, and what the run shows then.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Try {
    pub label: String,
    pub settings: Settings,
    pub expect: Vec<Expect>,
}

/// Something a run must show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Expect {
    /// The output contains this text.
    Output(String),
    /// The output does not contain this text.
    NoOutput(String),
    /// The simulator detected lost updates.
    LostUpdates,
    NoLostUpdates,
    /// Naive no-GIL mode found reference counts gone wrong (a use-after-free or a leak).
    RefcountErrors,
    /// A thread found a lock taken and waited for it.
    LockWaits,
    Deadlock,
    /// The program ran to its end.
    Finishes,
    /// The number printed right after `label` lies in `low..=high`.
    Number {
        label: String,
        low: f64,
        high: f64,
    },
    /// The most that one thread's frames held alone at one time lies in `low..=high` MB.
    ThreadHolds {
        low: f64,
        high: f64,
    },
    /// The program's objects shrank back after their peak: at the end they are within a
    /// tenth of the way from where they started to the peak.
    MemoryFreed,
}

/// A popular claim, its verdict, and the scenario that shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub claim: String,
    /// Where the claim is heard (an article, a talk).
    pub heard: String,
    pub verdict: Verdict,
    /// The verdict explained in a sentence or two.
    pub why: String,
    /// What a run would show if the claim were true: the verdict is a fact when every run of
    /// the scenario (and its prompts) shows it, a myth when none does, "it depends" otherwise.
    pub true_if: Vec<Expect>,
    pub scenario: Scenario,
}

impl Claim {
    /// Whether the claim holds in a run that showed `observed`.
    pub fn holds(&self, observed: &Observed) -> bool {
        self.true_if.iter().all(|e| e.holds(observed))
    }

    /// The verdict that runs where the claim held or not (`held`) support.
    pub fn verdict_of(held: &[bool]) -> Verdict {
        match (held.iter().all(|h| *h), held.iter().any(|h| *h)) {
            (true, _) => Verdict::Fact,
            (false, false) => Verdict::Myth,
            (false, true) => Verdict::Depends,
        }
    }
}

/// What the simulation and CPython say about a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Fact,
    Myth,
    /// True in some versions or settings, not in others.
    Depends,
}

impl Verdict {
    /// The verdict in a word, as the box shows it.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Fact => "Fact",
            Verdict::Myth => "Myth",
            Verdict::Depends => "It depends",
        }
    }
}

/// The document title of a page of the site: its name, then the site's ("GIL Lab" alone for
/// the playground). The static pages and the page use it alike.
pub fn page_title(name: Option<&str>) -> String {
    match name {
        Some(name) => alloc::format!("{name} · GIL Lab"),
        None => "GIL Lab".into(),
    }
}

/// Decodes the chapters the build encoded with [`encode`]; `None` if the bytes are not theirs.
pub fn decode(bytes: &[u8]) -> Option<Vec<Chapter>> {
    postcard::from_bytes(bytes).ok()
}

/// Encodes chapters for the page.
pub fn encode(chapters: &[Chapter]) -> Vec<u8> {
    postcard::to_allocvec(chapters).unwrap_or_default()
}

impl Chapter {
    /// Every scenario of the chapter, claims' included, in order.
    pub fn scenarios(&self) -> Vec<&Scenario> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Scenario>) {
            for block in blocks {
                match block {
                    Block::Scenario(s) => out.push(s),
                    Block::Claim(c) => out.push(&c.scenario),
                    Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                    Block::Quote(inner) => walk(inner, out),
                    Block::Heading { .. }
                    | Block::Paragraph(_)
                    | Block::Code(_)
                    | Block::Challenge(_) => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out
    }
}

/// What a run showed, as the expectations read it (built from the simulator's result by the
/// chapters' test and by the page).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observed {
    /// Everything the program printed, stdout and stderr in order.
    pub output: String,
    pub lost_updates: u64,
    /// Reference counts the naive no-GIL mode found wrong.
    pub refcount_errors: u64,
    pub deadlock: bool,
    /// Times a thread found a lock taken and waited for it.
    pub lock_waits: u64,
    /// The program ran to its end (not stopped by a budget or a deadlock).
    pub finished: bool,
    /// Its memory lane in bytes: at the start, at the peak, at the end, and the most that one
    /// thread's frames held alone.
    pub memory: [u64; 4],
}

/// Bytes in megabytes (10^6 bytes), as the page writes them.
fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

impl Expect {
    /// Whether `observed` shows this.
    pub fn holds(&self, observed: &Observed) -> bool {
        match self {
            Expect::Output(text) => observed.output.contains(text.as_str()),
            Expect::NoOutput(text) => !observed.output.contains(text.as_str()),
            Expect::LostUpdates => observed.lost_updates > 0,
            Expect::NoLostUpdates => observed.lost_updates == 0,
            Expect::RefcountErrors => observed.refcount_errors > 0,
            Expect::LockWaits => observed.lock_waits > 0,
            Expect::Deadlock => observed.deadlock,
            Expect::Finishes => observed.finished,
            Expect::Number { label, low, high } => {
                number_after(&observed.output, label).is_some_and(|n| *low <= n && n <= *high)
            }
            Expect::ThreadHolds { low, high } => {
                (*low..=*high).contains(&megabytes(observed.memory[3]))
            }
            Expect::MemoryFreed => {
                let [start, peak, end, _] = observed.memory;
                peak > start && end.saturating_sub(start) * 10 <= peak - start
            }
        }
    }
}

impl Expect {
    /// What a run showed about this expectation, as a sentence that is true of the run
    /// whether or not it holds (the card marks which): "It lost no update.", "After “x:” it
    /// printed 0.102; the chapter expects 0.09 to 0.12."
    pub fn observed_words(&self, observed: &Observed) -> String {
        let held = self.holds(observed);
        let times = |n: u64| {
            if n == 1 {
                "once".into()
            } else {
                alloc::format!("{n} times")
            }
        };
        match self {
            Expect::Output(text) | Expect::NoOutput(text) => {
                let printed = observed.output.contains(text.as_str());
                let verb = if printed { "printed" } else { "did not print" };
                alloc::format!("It {verb} “{text}”.")
            }
            Expect::LostUpdates | Expect::NoLostUpdates => match observed.lost_updates {
                0 => "It lost no update.".into(),
                1 => "It lost an update.".into(),
                n => alloc::format!("It lost {n} updates."),
            },
            Expect::RefcountErrors => match observed.refcount_errors {
                0 => "It kept every reference count right.".into(),
                n => alloc::format!("It got reference counts wrong {}.", times(n)),
            },
            Expect::LockWaits => match observed.lock_waits {
                0 => "No thread had to wait at a lock.".into(),
                n => alloc::format!("A thread had to wait at a lock {}.", times(n)),
            },
            Expect::Deadlock if held => "It deadlocked.".into(),
            Expect::Deadlock => "It did not deadlock.".into(),
            Expect::Finishes if held => "It ran to its end.".into(),
            Expect::Finishes => "It did not run to its end.".into(),
            Expect::Number { label, low, high } => match number_after(&observed.output, label) {
                Some(value) => alloc::format!(
                    "After “{label}” it printed {value}; the chapter expects {low} to {high}."
                ),
                None => alloc::format!("It printed no number after “{label}”."),
            },
            Expect::ThreadHolds { low, high } => alloc::format!(
                "One thread's frames held at most {:.1} MB alone; the chapter expects {low} to {high} MB.",
                megabytes(observed.memory[3])
            ),
            Expect::MemoryFreed => {
                let [start, peak, end, _] = observed.memory;
                alloc::format!(
                    "Its objects took {:.1} MB at the start, {:.1} MB at the peak and {:.1} MB at the end.",
                    megabytes(start),
                    megabytes(peak),
                    megabytes(end)
                )
            }
        }
    }
}

/// The number printed right after the first `label` in `output`.
pub fn number_after(output: &str, label: &str) -> Option<f64> {
    let at = output.find(label)? + label.len();
    let rest = output[at..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    rest[..end]
        .replace('_', "")
        .trim_end_matches('.')
        .parse()
        .ok()
}

impl Program {
    /// The program's text; `seed` gives a seed program's text by file name. `None` for an
    /// unknown seed, or a scaling whose text is not in the seed.
    pub fn source<'a>(&self, seed: impl Fn(&str) -> Option<&'a str>) -> Option<String> {
        match self {
            Program::Seed(file) => seed(file).map(String::from),
            Program::ScaledSeed { file, from, to } => {
                let text = seed(file)?;
                text.contains(from.as_str())
                    .then(|| text.replacen(from.as_str(), to, 1))
            }
            Program::Inline(code) => Some(code.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_line_says_what_the_run_showed_whether_or_not_it_agrees() {
        let observed = Observed {
            output: "CPU work: 0.102 s\n".into(),
            lost_updates: 4,
            lock_waits: 1,
            finished: true,
            ..Observed::default()
        };
        let number = Expect::Number {
            label: "CPU work:".into(),
            low: 0.09,
            high: 0.12,
        };
        assert_eq!(
            number.observed_words(&observed),
            "After “CPU work:” it printed 0.102; the chapter expects 0.09 to 0.12."
        );
        assert!(number.holds(&observed));
        assert_eq!(
            Expect::NoLostUpdates.observed_words(&observed),
            "It lost 4 updates."
        );
        assert!(!Expect::NoLostUpdates.holds(&observed));
        assert_eq!(
            Expect::LockWaits.observed_words(&observed),
            "A thread had to wait at a lock once."
        );
        assert_eq!(
            Expect::NoOutput("CPU".into()).observed_words(&observed),
            "It printed “CPU”."
        );
        assert_eq!(
            Expect::Deadlock.observed_words(&observed),
            "It did not deadlock."
        );
    }
}
