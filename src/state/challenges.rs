//! The scheduler's challenges: a seed program scaled down (fewer iterations or threads), the
//! settings it runs under and the goal the reader reaches by picking threads.

use gil_sim::GilMode;
use gil_sim::Goal;
use gil_sim::PyVersion;

/// One challenge.
#[derive(Clone, Debug, PartialEq)]
pub struct Challenge {
    /// Stable name, kept in share links.
    pub id: &'static str,
    pub title: &'static str,
    /// What to make happen, in a sentence.
    pub task: &'static str,
    /// Shown once it is reached.
    pub solved: &'static str,
    pub source: String,
    pub version: PyVersion,
    pub gil: GilMode,
    /// Offer a choice after every instruction, not only at the version's switch points.
    pub bytecode: bool,
    pub goal: Goal,
}

/// A seed program with some of its text replaced (the scaling down).
fn scaled(seed: &str, changes: &[(&str, &str)]) -> String {
    changes
        .iter()
        .fold(seed.to_string(), |text, (from, to)| text.replace(from, to))
}

const RACE: &str = include_str!("../../crates/gil_sim/test_data/seeds/003_race_global.py");
const COUNTER: &str = include_str!("../../crates/gil_sim/test_data/seeds/002_counter_race.py");
const LOCKED: &str = include_str!("../../crates/gil_sim/test_data/seeds/003_lock_with.py");
const BANK: &str = include_str!("../../crates/gil_sim/test_data/seeds/002_bank_deadlock.py");
const HELLO: &str = include_str!("../../crates/gil_sim/test_data/seeds/004_hello_threads.py");

/// Every challenge, one or more per topic of the seed programs (races, the GIL's absence,
/// locks, deadlock, output); built once, as the page draws the list at every render.
pub fn all() -> &'static [Challenge] {
    static ALL: std::sync::OnceLock<Vec<Challenge>> = std::sync::OnceLock::new();
    ALL.get_or_init(build)
}

fn build() -> Vec<Challenge> {
    vec![
        Challenge {
            id: "lost-updates",
            title: "Lose half the updates (3.9)",
            task: "Two threads each add 1 to shared_value twice. Make the program print Final value: 2.",
            solved: "Solved: two of the four updates were written over. Each was read by one thread, and the other thread wrote before it stored its sum.",
            source: scaled(RACE, &[("range(1000000)", "range(2)")]),
            version: PyVersion::Py39,
            gil: GilMode::On,
            bytecode: false,
            goal: Goal::Output("Final value: 2\n".to_string()),
        },
        Challenge {
            id: "no-gil",
            title: "Lose an update without the GIL (3.13 free-threaded)",
            task: "Two workers call counter.increment(1) twice each. Make the log say got 3 instead of 4.",
            solved: "Solved: without a GIL a thread can be stopped between reading self.count and storing the sum, at any instruction.",
            source: scaled(
                COUNTER,
                &[("NUM_THREADS = 5", "NUM_THREADS = 2"), ("10**6", "2")],
            ),
            version: PyVersion::Py313,
            gil: GilMode::FreeThreaded,
            bytecode: false,
            goal: Goal::Output("Counter should be 4, got 3".to_string()),
        },
        Challenge {
            id: "lock-wait",
            title: "Make a thread wait at the lock",
            task: "Stop T1 inside with mutex: and run T2 until it has to wait for the lock.",
            solved: "Solved: T2 blocked on mutex while T1 held it. It can run again only after T1 leaves the with block, so no update is lost.",
            source: scaled(LOCKED, &[("range(1000000)", "range(2)")]),
            version: PyVersion::Py39,
            gil: GilMode::On,
            bytecode: false,
            goal: Goal::LockWait,
        },
        Challenge {
            id: "deadlock",
            title: "Deadlock the bank",
            task: "Make the two transfers lock their first accounts before either takes its second.",
            solved: "Solved: each thread holds one account's lock and waits for the other's. Neither can ever go on.",
            source: BANK.to_string(),
            version: PyVersion::Py311,
            gil: GilMode::On,
            bytecode: false,
            goal: Goal::Deadlock,
        },
        Challenge {
            id: "print-order",
            title: "Threads print out of order",
            task: "Thread 0 starts first. Make thread number 1 print its line before thread number 0.",
            solved: "Solved: starting first does not mean running first. The scheduler decides who runs.",
            source: scaled(HELLO, &[("range(4)", "range(2)")]),
            version: PyVersion::Py311,
            gil: GilMode::On,
            bytecode: false,
            goal: Goal::Output("I'm thread number 1!\nI'm thread number 0!".to_string()),
        },
    ]
}

/// The challenge named `id`.
pub fn by_id(id: &str) -> Option<&'static Challenge> {
    all().iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::Settings;
    use gil_sim::{Granularity, Next};

    /// Random schedules until one reaches the goal: every challenge can be solved, and none
    /// is solved before the reader has done anything.
    #[test]
    fn every_challenge_can_be_solved() {
        let mut next = crate::state::xorshift(0x2545_f491_4f6c_dd1d);
        for challenge in all() {
            assert_eq!(by_id(challenge.id), Some(challenge));
            let start = || {
                gil_sim::Steered {
                    source: &challenge.source,
                    version: challenge.version,
                    file_name: "main.py",
                    settings: Settings {
                        gil: challenge.gil,
                        ..Settings::default()
                    },
                    granularity: if challenge.bytecode {
                        Granularity::Instructions
                    } else {
                        Granularity::SwitchPoints
                    },
                }
                .steer(gil_sim::Budget::default())
                .expect("the challenge compiles")
            };
            assert!(!start().reached(&challenge.goal), "{}", challenge.id);
            let solved = (0..2_000).find(|_| {
                let mut run = start();
                while let Next::Choose(point) = run.next().clone() {
                    let pick = point.candidates[next() as usize % point.candidates.len()];
                    assert!(run.choose(pick.0));
                }
                run.reached(&challenge.goal)
            });
            assert!(solved.is_some(), "{} was never solved", challenge.id);
            println!("{}: solved by random schedule {solved:?}", challenge.id);
        }
    }
}
