//! The race table of docs/cpython.md §2 as a test: each read–modify–write variant under the old
//! GIL, 3.9–3.13 and free-threaded mode, over several seeds. Updates must be lost exactly where
//! CPython lost them (cells CPython did not measure are printed, not asserted).

use gil_sim::Budget;
use gil_sim::Stream;
use gil_sim::VTime;
use gil_sim::{GilMode, Settings};
use gil_sim::{PyVersion, simulate};

const THREADS: u32 = 2;
const ITERATIONS: u32 = 100_000;

/// The loop body of each variant, run by two threads on a shared `Counter` instance `c` (or
/// the global `counter`), and CPython's verdict per mode: lost updates or not (None: not
/// measured). Modes: 2.7, 3.9, 3.10, 3.11, 3.12, 3.13, free-threaded.
const VARIANTS: &[(&str, &str, [Option<bool>; 7])] = &[
    (
        "global counter += 1",
        "global counter\n        counter += 1",
        [
            Some(true),
            Some(true),
            Some(false),
            Some(false),
            Some(false),
            Some(false),
            Some(true),
        ],
    ),
    (
        "method self.count += offset",
        "c.increment(1)",
        [
            Some(true),
            Some(true),
            Some(false),
            Some(false),
            Some(false),
            Some(false),
            Some(true),
        ],
    ),
    (
        "split read and write",
        "c.split(1)",
        [
            None,
            Some(true),
            Some(false),
            Some(false),
            Some(false),
            Some(false),
            Some(true),
        ],
    ),
    (
        "Python call between read and write",
        "c.call_between(1)",
        [
            None,
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
        ],
    ),
    (
        "count is a property",
        "c.prop += 1",
        [
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
        ],
    ),
    (
        "with self.lock",
        "c.locked(1)",
        [
            None,
            Some(false),
            Some(false),
            Some(false),
            Some(false),
            Some(false),
            Some(false),
        ],
    ),
];

fn program(body: &str) -> String {
    format!(
        r#"import threading

counter = 0

def _noop():
    pass

class Counter:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def increment(self, offset):
        self.count += offset

    def split(self, offset):
        v = self.count
        v = v + offset
        self.count = v

    def call_between(self, offset):
        v = self.count
        _noop()
        self.count = v + offset

    def locked(self, offset):
        with self.lock:
            self.count += offset

    @property
    def prop(self):
        return self.count

    @prop.setter
    def prop(self, value):
        self.count = value

c = Counter()

def worker():
    global counter
    for _ in range({ITERATIONS}):
        {body}

threads = [threading.Thread(target=worker) for _ in range({THREADS})]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter + c.count)
"#
    )
}

fn modes() -> [(&'static str, PyVersion, GilMode); 7] {
    [
        ("2.7", PyVersion::Py27, GilMode::On),
        ("3.9", PyVersion::Py39, GilMode::On),
        ("3.10", PyVersion::Py310, GilMode::On),
        ("3.11", PyVersion::Py311, GilMode::On),
        ("3.12", PyVersion::Py312, GilMode::On),
        ("3.13", PyVersion::Py313, GilMode::On),
        ("free-threaded", PyVersion::Py313, GilMode::FreeThreaded),
    ]
}

/// The printed total, and the change the detected lost updates erased.
fn final_value(source: &str, version: PyVersion, gil: GilMode, seed: u64) -> (u64, Option<i128>) {
    let settings = Settings {
        gil,
        seed,
        // A short interval gives many switches in a short run (CPython: same verdicts at 1 µs).
        switch_interval: VTime::from_nanos(50_000),
        ..Settings::default()
    };
    let run = simulate(source, version, "race.py", settings, Budget::default())
        .expect("the race program compiles");
    let stdout = run.output.text(Stream::Stdout);
    let total = stdout.trim().parse().unwrap_or_else(|_| {
        panic!(
            "unexpected output {stdout:?} / {:?}",
            run.output.text(Stream::Stderr)
        )
    });
    (total, run.lost_change)
}

#[test]
fn race_table_matches_cpython() {
    let expected_total = u64::from(THREADS * ITERATIONS);
    let modes = modes();
    print!("\n{:<36}", "variant");
    for (name, _, _) in &modes {
        print!(" {name:>14}");
    }
    println!();
    let mut mismatches = Vec::new();
    for (variant, body, cpython) in VARIANTS {
        let source = program(body);
        print!("{variant:<36}");
        for ((name, version, gil), expected) in modes.iter().zip(cpython) {
            let runs: Vec<(u64, Option<i128>)> = [1, 2, 3]
                .iter()
                .map(|seed| final_value(&source, *version, *gil, *seed))
                .collect();
            let lost: Vec<u64> = runs
                .iter()
                .map(|(total, _)| expected_total - total)
                .collect();
            // The detector accounts for every lost increment: what its lost updates erased
            // is exactly the shortfall.
            for ((_, erased), lost) in runs.iter().zip(&lost) {
                if *erased != Some(i128::from(*lost)) {
                    mismatches.push(format!(
                        "{variant} on {name}: {lost} increments lost, the detector saw {erased:?}"
                    ));
                }
            }
            let any_lost = lost.iter().any(|l| *l > 0);
            let all_lost = lost.iter().all(|l| *l > 0);
            let cell = format!(
                "{}{}",
                if any_lost { "lost" } else { "0" },
                match expected {
                    Some(true) if all_lost => " ✓",
                    Some(false) if !any_lost => " ✓",
                    None => " (–)",
                    _ => " ✗",
                }
            );
            print!(" {cell:>14}");
            let ok = match expected {
                Some(true) => all_lost,
                Some(false) => !any_lost,
                None => true,
            };
            if !ok {
                mismatches.push(format!("{variant} on {name}: lost {lost:?}"));
            }
        }
        println!();
    }
    assert!(
        mismatches.is_empty(),
        "differs from CPython: {mismatches:#?}"
    );
}

/// Two threads copying a reference to one shared object: with the GIL or free-threaded
/// (atomic/biased counting) its count stays exact; in the naive no-GIL experiment lost
/// increments free it early (then it is used after the free) and lost decrements leak it.
const SHARED_REFERENCE: &str = "import threading\n\nclass Data:\n    pass\n\nshared = Data()\n\ndef work():\n    for _ in range(100000):\n        x = shared\n        y = x\n\nts = [threading.Thread(target=work) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint('done')\n";

#[test]
fn naive_refcounts_free_early_and_leak_only_in_the_naive_experiment() {
    use gil_sim::Finding;
    use gil_sim::RefcountFinding;
    let findings = |gil: GilMode, seed: u64| -> Vec<RefcountFinding> {
        let settings = Settings {
            gil,
            seed,
            ..Settings::default()
        };
        let run = simulate(
            SHARED_REFERENCE,
            PyVersion::Py313,
            "naive.py",
            settings,
            Budget::default(),
        )
        .expect("compiles");
        assert_eq!(run.output.text(Stream::Stdout), "done\n");
        run.findings
            .into_iter()
            .filter_map(|f| match f {
                Finding::Refcount(found) => Some(found.kind),
                Finding::Deadlock(_) => None,
            })
            .collect()
    };
    let (mut use_after_free, mut leaks) = (0, 0);
    for seed in 1..=8 {
        assert!(findings(GilMode::On, seed).is_empty());
        assert!(findings(GilMode::FreeThreaded, seed).is_empty());
        for kind in findings(GilMode::Naive, seed) {
            match kind {
                RefcountFinding::UseAfterFree { .. } => use_after_free += 1,
                RefcountFinding::Leak { .. } => leaks += 1,
                RefcountFinding::Drift {
                    true_count,
                    racy_count,
                    ..
                } if racy_count > i64::from(true_count) => leaks += 1,
                _ => {}
            }
        }
    }
    println!("naive mode over 8 seeds: {use_after_free} use-after-free, {leaks} leaks");
    assert!(use_after_free > 0 && leaks > 0);
}
