//! Steered runs over random small threaded programs, on 3.9, 3.11 and free-threaded 3.13:
//! every outcome a sample of schedules finds is one the explorer finds (a sample may only
//! show what can happen), and a run steered by hand, undone and steered on, is the run a
//! fresh start with the same choices gives. Both depend on copies of a run never seeing each
//! other's inline caches.

use gil_sim::Budget;
use gil_sim::ManualRun;
use gil_sim::{Exploration, Limits};
use gil_sim::{GilMode, Settings};
use gil_sim::{Granularity, Next};
use gil_sim::{PyVersion, Steered};

mod common;

use common::Rng;

/// The configurations every program runs under.
const CONFIGS: [(PyVersion, GilMode); 3] = [
    (PyVersion::Py39, GilMode::On),
    (PyVersion::Py311, GilMode::On),
    (PyVersion::Py313, GilMode::FreeThreaded),
];

/// Programs per configuration.
const PROGRAMS: usize = 240;

/// A small program: two or three threads, each running its own few steps over globals
/// (some of which only a thread creates), an instance's attributes and methods, a class
/// attribute, a dict, a list and a lock.
fn small_program(rng: &mut Rng) -> String {
    let steps = [
        "a = n",
        "c = n",
        "b = a + 1",
        "counter += 1",
        "counter = counter + n",
        "box.value += 1",
        "box.bump()",
        "x = box.value\n        box.value = x + n",
        "Box.shared = n",
        "items.append(n)",
        "d[n % 2] = n",
        "with lock:\n            counter += 1",
        "if a:\n            b = n",
        "print(n)",
    ];
    let threads = 2 + rng.below(2) * rng.below(2);
    let rounds = 1 + rng.below(2);
    let mut functions = String::new();
    for k in 0..threads {
        functions.push_str(&format!(
            "def work{k}(n):\n    global a, b, c, counter\n    for _ in range({rounds}):\n"
        ));
        for _ in 0..1 + rng.below(2) {
            functions.push_str(&format!("        {}\n", steps[rng.below(steps.len())]));
        }
        functions.push_str("\n\n");
    }
    let start_a = if rng.below(2) == 0 { "a = 0\n" } else { "" };
    let targets: Vec<String> = (0..threads).map(|k| format!("work{k}")).collect();
    format!(
        "import threading\n\n{start_a}b = 0\ncounter = 0\nitems = []\nd = {{}}\nlock = threading.Lock()\n\n\nclass Box:\n    shared = 0\n\n    def __init__(self):\n        self.value = 0\n\n    def bump(self):\n        self.value += 1\n\n\nbox = Box()\n\n\n{functions}ts = [threading.Thread(target=f, args=(k + 1,)) for k, f in enumerate([{}])]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(b, counter, box.value, Box.shared, sorted(items), d)\nprint(a)\nprint(c)\n",
        targets.join(", ")
    )
}

fn steered(source: &str, version: PyVersion, gil: GilMode) -> Steered<'_> {
    Steered {
        source,
        version,
        file_name: "small.py",
        settings: Settings {
            gil,
            seed: 7,
            ..Settings::default()
        },
        granularity: Granularity::SwitchPoints,
    }
}

fn limits() -> Limits {
    Limits {
        schedules: 3_000,
        budget: Budget {
            max_instructions: 200_000,
            ..Budget::default()
        },
    }
}

/// An outcome as the explorer tells them apart.
fn key(found: &Exploration) -> Vec<(String, String, Vec<String>)> {
    found
        .outcomes
        .iter()
        .map(|o| (o.end.words(), o.stdout.clone(), o.errors.clone()))
        .collect()
}

#[test]
fn every_sampled_outcome_is_one_the_explorer_finds() {
    let mut rng = Rng(0x5eed_0001);
    for (version, gil) in CONFIGS {
        let (mut compared, mut incomplete) = (0, 0);
        for _ in 0..PROGRAMS {
            let source = small_program(&mut rng);
            let run = steered(&source, version, gil);
            let explored = run.explore(limits()).expect("compiles");
            if !explored.complete {
                incomplete += 1;
                continue;
            }
            let sampled = run.sample(limits(), 12).expect("compiles");
            let all = key(&explored);
            for outcome in key(&sampled) {
                assert!(
                    all.contains(&outcome),
                    "{version:?} {gil:?}: the sampler found {outcome:?}, which no explored schedule gives ({all:?}) for\n{source}"
                );
            }
            compared += 1;
        }
        println!(
            "{version:?} {gil:?}: {compared} programs compared, {incomplete} too big to explore"
        );
        assert!(
            compared >= 200,
            "{version:?} {gil:?}: only {compared} of {PROGRAMS} explored completely"
        );
    }
}

/// Chooses among the candidates at random until the run ends (or `limit` choices).
fn wander(run: &mut ManualRun, rng: &mut Rng, limit: usize) {
    for _ in 0..limit {
        let Next::Choose(point) = run.next().clone() else {
            return;
        };
        let pick = point.candidates[rng.below(point.candidates.len())];
        assert!(run.choose(pick.0));
    }
}

/// What a steered run has shown so far: its state and what comes next.
fn seen(run: &mut ManualRun) -> String {
    format!("{:?} {:?}", run.snapshot(), run.next())
}

#[test]
fn undo_then_choices_equals_a_fresh_run_with_those_choices() {
    let mut rng = Rng(0x5eed_0002);
    for (version, gil) in CONFIGS {
        for _ in 0..PROGRAMS {
            let source = small_program(&mut rng);
            let run = steered(&source, version, gil);
            let mut manual = run.steer(limits().budget).expect("compiles");
            wander(&mut manual, &mut rng, 400);
            let made = manual.choices().len();
            manual.undo(1 + rng.below(made.max(1)));
            wander(&mut manual, &mut rng, 400);
            let choices = manual.choices().to_vec();
            let mut fresh = run.steer(limits().budget).expect("compiles");
            assert_eq!(fresh.choose_all(&choices), choices.len());
            assert_eq!(
                seen(&mut manual),
                seen(&mut fresh),
                "{version:?} {gil:?}: undo and choices {choices:?} differ from a fresh run for\n{source}"
            );
        }
    }
}
