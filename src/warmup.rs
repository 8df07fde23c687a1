//! Warming up while the page is idle: the browser compiles WebAssembly functions on their
//! first call, and the first import of `threading` fetches and compiles it. Doing both in short
//! steps right after the page opens keeps the reader's first run free of long pauses. An
//! exploration afterwards, while the page is idle, does the same for the explorer and the
//! scheduler's steered runs: the browser optimises a function only after it has run for a
//! while, and a reader's first exploration would otherwise run unoptimised code.

use gil_sim::Budget;
use gil_sim::CHECKPOINT_EVERY;
use gil_sim::LiveRun;
use gil_sim::PyVersion;
use yew::Callback;

/// A small program that walks the paths a first run takes: threads, a lock, a class, a loop,
/// an f-string and `print`.
const PROGRAM: &str = "import threading\n\
lock = threading.Lock()\n\
total = 0\n\
class Box:\n    def __init__(self):\n        self.n = 0\n\
def work(box):\n    global total\n    for i in range(40):\n        with lock:\n            total += 1\n        box.n += i\n\
box = Box()\n\
threads = [threading.Thread(target=work, args=(box,)) for _ in range(2)]\n\
for t in threads:\n    t.start()\n\
for t in threads:\n    t.join()\n\
print(f\"{total} {box.n}\")\n";

/// Instructions the warm-up run advances in its first step; each later step doubles it (the
/// first steps meet code the browser has not compiled yet; later ones run compiled code, and
/// every browser turn costs a few milliseconds of its own).
const FIRST_STEP: u64 = 400;
const LAST_STEP: u64 = 50_000;

/// Starts warming up for `version`, one short step per browser turn; `done` is called at the
/// end.
pub fn start(version: PyVersion, done: Callback<()>) {
    crate::library::when_ready(PROGRAM, move || {
        compile_library(gil_sim::library_needs(PROGRAM), version, done)
    });
}

/// Compiles one of the library modules the warm-up program imports (`names`), then the
/// next, then starts the warm-up run.
fn compile_library(mut names: Vec<&'static str>, version: PyVersion, done: Callback<()>) {
    crate::turn::after_turn(move || match names.pop() {
        Some(name) => {
            gil_sim::precompile(name, version);
            compile_library(names, version, done);
        }
        None => {
            let settings = gil_sim::Settings::default();
            match gil_sim::start_simulation(
                PROGRAM,
                version,
                "warmup.py",
                settings,
                Budget::default(),
                CHECKPOINT_EVERY,
            ) {
                Ok(run) => step(run, version, done, FIRST_STEP),
                Err(_) => done.emit(()),
            }
        }
    });
}

fn step(mut run: LiveRun, version: PyVersion, done: Callback<()>, size: u64) {
    crate::turn::after_turn(move || {
        if run.advance(size) {
            let (sim, _) = gil_sim::finish_live(run);
            let view = crate::state::run::RunView::new(sim, version, gil_sim::Settings::default());
            drop(view);
            done.emit(());
            explore_a_little();
        } else {
            step(run, version, done, (size * 2).min(LAST_STEP));
        }
    });
}

/// Two threads adding 1 three times each on 3.9, where the addition can be split: 329
/// schedules, about as many steps as a reader's first exploration (a smaller one left the
/// reader's first exploration a third slower than the next).
const SMALL_RACE: &str = "import threading\n\
n = 0\n\
def work():\n    global n\n    for _ in range(3):\n        n += 1\n\
ts = [threading.Thread(target=work) for _ in range(2)]\n\
for t in ts:\n    t.start()\n\
for t in ts:\n    t.join()\n";

/// Steps per warm-up exploration slice.
const EXPLORE_STEP: u64 = 300;

fn explore_a_little() {
    let program = gil_sim::Steered {
        source: SMALL_RACE,
        version: PyVersion::Py39,
        file_name: "warmup.py",
        settings: gil_sim::Settings::default(),
        granularity: gil_sim::Granularity::SwitchPoints,
    };
    if let Ok(explorer) = program.explorer(gil_sim::Limits::default()) {
        explore_slice(Box::new(explorer));
    }
}

fn explore_slice(mut explorer: Box<gil_sim::Explorer>) {
    crate::turn::when_idle(move || {
        if !explorer.advance(EXPLORE_STEP) {
            explore_slice(explorer);
        }
    });
}
