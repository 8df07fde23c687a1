//! The explorer against brute force: every final value two threads of `counter += 1` can
//! leave, per version, and the deadlock of the bank seed found (and proven absent once the
//! locks are taken in order).

use std::collections::BTreeSet;

use gil_sim::Budget;
use gil_sim::Granularity;
use gil_sim::{EndKind, Exploration, Limits};
use gil_sim::{GilMode, Settings};
use gil_sim::{PyVersion, Steered};

fn counter_program(threads: u32, increments: u32) -> String {
    format!(
        "import threading\n\ncounter = 0\n\ndef work():\n    global counter\n    for _ in range({increments}):\n        counter += 1\n\nts = [threading.Thread(target=work) for _ in range({threads})]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(counter)\n"
    )
}

fn run_explorer(source: &str, version: PyVersion, gil: GilMode) -> Exploration {
    let settings = Settings {
        gil,
        ..Settings::default()
    };
    let started = std::time::Instant::now();
    let found = Steered {
        source,
        version,
        file_name: "explore.py",
        settings,
        granularity: Granularity::SwitchPoints,
    }
    .explore(Limits::default())
    .expect("compiles");
    println!(
        "{version:?} {gil:?}: {} outcomes, {} schedules, {} pruned, {} steps, {} copies, complete {}, {:?}",
        found.outcomes.len(),
        found.schedules,
        found.pruned,
        found.steps,
        found.copies,
        found.complete,
        started.elapsed()
    );
    found
}

fn final_values(found: &Exploration) -> BTreeSet<u64> {
    found
        .outcomes
        .iter()
        .map(|o| {
            assert_eq!(o.end, EndKind::Exited(0), "{o:?}");
            o.stdout.trim().parse().expect("a number")
        })
        .collect()
}

/// Every final value of `threads` threads each doing `increments` non-atomic increments
/// (read, then write read + 1), by enumerating every interleaving of the reads and writes.
fn brute_force(threads: usize, increments: usize) -> BTreeSet<u64> {
    fn go(
        pc: &mut Vec<usize>,
        held: &mut Vec<u64>,
        counter: u64,
        increments: usize,
        out: &mut BTreeSet<u64>,
    ) {
        let mut moved = false;
        for t in 0..pc.len() {
            if pc[t] == 2 * increments {
                continue;
            }
            moved = true;
            let (saved_pc, saved_held) = (pc[t], held[t]);
            let next = if pc[t].is_multiple_of(2) {
                held[t] = counter;
                counter
            } else {
                held[t] + 1
            };
            pc[t] += 1;
            go(pc, held, next, increments, out);
            pc[t] = saved_pc;
            held[t] = saved_held;
        }
        if !moved {
            out.insert(counter);
        }
    }
    let mut out = BTreeSet::new();
    go(
        &mut vec![0; threads],
        &mut vec![0; threads],
        0,
        increments,
        &mut out,
    );
    out
}

#[test]
fn two_threads_of_three_increments_on_39_reach_every_value_brute_force_finds() {
    let expected = brute_force(2, 3);
    assert_eq!(expected, (2..=6).collect());
    let found = run_explorer(&counter_program(2, 3), PyVersion::Py39, GilMode::On);
    assert!(found.complete);
    assert_eq!(final_values(&found), expected);
    // Each outcome's schedule, replayed, ends the same way.
    for outcome in &found.outcomes {
        let replay = Steered {
            source: &counter_program(2, 3),
            version: PyVersion::Py39,
            file_name: "explore.py",
            settings: Settings::default(),
            granularity: Granularity::SwitchPoints,
        }
        .simulate_schedule(Budget::default(), &outcome.schedule)
        .expect("compiles");
        assert_eq!(replay.output.text(gil_sim::Stream::Stdout), outcome.stdout);
    }
}

#[test]
fn on_311_and_later_the_increment_cannot_be_split() {
    for version in [PyVersion::Py311, PyVersion::Py312, PyVersion::Py313] {
        let found = run_explorer(&counter_program(2, 3), version, GilMode::On);
        assert!(found.complete);
        assert_eq!(final_values(&found), BTreeSet::from([6]), "{version:?}");
    }
}

#[test]
fn without_the_gil_every_value_is_reachable_again() {
    let found = run_explorer(
        &counter_program(2, 3),
        PyVersion::Py313,
        GilMode::FreeThreaded,
    );
    assert!(found.complete);
    assert_eq!(final_values(&found), brute_force(2, 3));
}

#[test]
fn small_counters_match_brute_force_in_every_mode() {
    for (threads, increments) in [(2, 1), (2, 2), (3, 1)] {
        let expected = brute_force(threads, increments);
        let source = counter_program(threads as u32, increments as u32);
        for (version, gil) in [
            (PyVersion::Py39, GilMode::On),
            (PyVersion::Py310, GilMode::On),
            (PyVersion::Py313, GilMode::FreeThreaded),
        ] {
            let found = run_explorer(&source, version, gil);
            assert!(found.complete);
            let wanted = if version == PyVersion::Py310 {
                BTreeSet::from([(threads * increments) as u64])
            } else {
                expected.clone()
            };
            assert_eq!(
                final_values(&found),
                wanted,
                "{threads}x{increments} {version:?} {gil:?}"
            );
        }
    }
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!("test_data/seeds/{name}")).expect("a seed program")
}

#[test]
fn the_bank_seed_can_deadlock_and_ordered_locks_never_do() {
    for version in [PyVersion::Py39, PyVersion::Py311] {
        let unsafe_run = run_explorer(&seed("002_bank_deadlock.py"), version, GilMode::On);
        assert!(unsafe_run.complete);
        let deadlocks: Vec<_> = unsafe_run
            .outcomes
            .iter()
            .filter(|o| o.end == EndKind::Deadlock)
            .collect();
        assert!(!deadlocks.is_empty(), "{:?}", unsafe_run.outcomes);
        // Its schedule, replayed, deadlocks again.
        let replay = Steered {
            source: &seed("002_bank_deadlock.py"),
            version,
            file_name: "explore.py",
            settings: Settings::default(),
            granularity: Granularity::SwitchPoints,
        }
        .simulate_schedule(Budget::default(), &deadlocks[0].schedule)
        .expect("compiles");
        assert!(matches!(replay.ending, gil_sim::Ending::Deadlock(_)));
        assert!(
            unsafe_run
                .outcomes
                .iter()
                .any(|o| o.end == EndKind::Exited(0))
        );

        let ordered = run_explorer(&seed("002_bank_ordered.py"), version, GilMode::On);
        assert!(ordered.complete);
        assert!(ordered.schedules > 1);
        assert!(
            ordered.outcomes.iter().all(|o| o.end == EndKind::Exited(0)),
            "{:?}",
            ordered.outcomes
        );
    }
}

/// Too many schedules to explore: seeded PCT samples still find lost updates on 3.9, and
/// none on 3.11; the same seed gives the same sample.
#[test]
fn sampling_finds_lost_updates_in_a_bigger_race() {
    let source = counter_program(2, 50);
    let sample = |version| {
        Steered {
            source: &source,
            version,
            file_name: "sample.py",
            settings: Settings::default(),
            granularity: Granularity::SwitchPoints,
        }
        .sample(Limits::default(), 200)
        .expect("compiles")
    };
    let on39 = sample(PyVersion::Py39);
    assert_eq!(on39.schedules, 200);
    assert!(!on39.complete);
    let values = final_values(&on39);
    assert!(values.iter().any(|v| *v < 100), "{values:?}");
    assert!(values.contains(&100), "{values:?}");
    assert_eq!(sample(PyVersion::Py39), on39);
    assert_eq!(
        final_values(&sample(PyVersion::Py311)),
        BTreeSet::from([100])
    );
}

/// An exploration advanced a few steps at a time finds exactly what one run to the end finds.
#[test]
fn an_exploration_in_slices_is_the_same_exploration() {
    use gil_sim::Explorer;
    let source = counter_program(2, 2);
    let whole = run_explorer(&source, PyVersion::Py39, GilMode::On);
    let mut sliced = Steered {
        source: &source,
        version: PyVersion::Py39,
        file_name: "explore.py",
        settings: Settings::default(),
        granularity: Granularity::SwitchPoints,
    }
    .explorer(Limits::default())
    .expect("compiles");
    let mut slices = 0;
    while !Explorer::advance(&mut sliced, 7) {
        slices += 1;
        assert!(sliced.found().steps <= whole.steps);
    }
    assert!(slices > 10);
    assert_eq!(sliced.found(), &whole);
}
