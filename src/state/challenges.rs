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

/// A worker stores a second reference to a list while the main thread counts them.
const SHARED_REFERENCE: &str = "import sys\nimport threading\n\ndata = []\n\n\
def keep():\n    global held\n    held = data\n\n\
t = threading.Thread(target=keep)\nt.start()\n\
print(\"references to data:\", sys.getrefcount(data))\nt.join()\n";

/// A counter read and written through function calls: on 3.11 a call is a switch point.
const THROUGH_CALLS: &str = "import threading\n\ncount = 0\n\n\
def read():\n    return count\n\n\
def write(value):\n    global count\n    count = value\n\n\
def work():\n    for _ in range(2):\n        write(read() + 1)\n\n\
threads = [threading.Thread(target=work) for _ in range(2)]\n\
for t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n\
print(\"count:\", count)\n";

/// One thread waits for a server while another computes.
const WAIT_AND_WORK: &str = "import threading\nimport time\n\n\
def download():\n    print(\"download: asks the server\")\n    time.sleep(0.1)\n    print(\"download: has the page\")\n\n\
def compute():\n    total = sum(range(1000))\n    print(\"compute: done\")\n\n\
a = threading.Thread(target=download)\nb = threading.Thread(target=compute)\n\
a.start()\nb.start()\na.join()\nb.join()\n";

/// A thread that waits keeps what its frame refers to alive.
const WAITING_FRAME: &str = "import sys\nimport threading\n\n\
payload = [0] * 1000\ngo = threading.Event()\n\n\
def worker(data):\n    go.wait()\n\n\
t = threading.Thread(target=worker, args=(payload,))\nt.start()\n\
print(\"references while the thread lives:\", sys.getrefcount(payload))\n\
go.set()\nt.join()\n\
print(\"references after it has ended:\", sys.getrefcount(payload))\n";

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
        Challenge {
            id: "shared-count",
            title: "Count before the other thread's reference",
            task: "The worker makes a second name for data. Make the main thread print references to data: 2.",
            solved: "Solved: the main thread counted before the worker's assignment. A reference count is one number that every thread changes; the GIL keeps each change whole, not their order.",
            source: SHARED_REFERENCE.to_string(),
            version: PyVersion::Py311,
            gil: GilMode::On,
            bytecode: false,
            goal: Goal::Output("references to data: 2".to_string()),
        },
        Challenge {
            id: "call-switch",
            title: "Lose an update on 3.11, through calls",
            task: "Two threads each run write(read() + 1) twice. Make the program print count: 3.",
            solved: "Solved: on 3.11 entering a function is a switch point. A thread switched out on its way into write() had already read the count, and wrote back a sum that was out of date.",
            source: THROUGH_CALLS.to_string(),
            version: PyVersion::Py311,
            gil: GilMode::On,
            bytecode: false,
            goal: Goal::Output("count: 3".to_string()),
        },
        Challenge {
            id: "wait-overlap",
            title: "Work while another thread waits",
            task: "Let the download ask the server first, then have compute finish before the download has its page.",
            solved: "Solved: the download released the GIL while it waited for the server, and compute ran in the meantime. Waiting threads overlap with work; computing threads only take turns.",
            source: WAIT_AND_WORK.to_string(),
            version: PyVersion::Py311,
            gil: GilMode::On,
            bytecode: false,
            goal: Goal::Output(
                "download: asks the server\ncompute: done\ndownload: has the page".to_string(),
            ),
        },
        Challenge {
            id: "waiting-frame",
            title: "What a waiting thread keeps alive",
            task: "Make the main thread count payload's references before the worker's frame holds it: make it print references while the thread lives: 3.",
            solved: "Solved: until worker() starts, only the Thread's arguments hold payload for it. Once it runs, its frame holds one more reference, for as long as it waits: memory a waiting thread refers to stays alive until the thread ends.",
            source: WAITING_FRAME.to_string(),
            version: PyVersion::Py311,
            gil: GilMode::On,
            bytecode: false,
            goal: Goal::Output("references while the thread lives: 3".to_string()),
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
