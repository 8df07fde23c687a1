//! Property tests for threads: the same scenario and seed give the same run (output and
//! trace hash) whatever the seed, and random programs with threads, locks, sleeps and joins
//! never panic the scheduler, under every GIL mode and version.

use std::panic::{AssertUnwindSafe, catch_unwind};

use gil_sim::Stream;
use gil_sim::ThreadActivity;
use gil_sim::VTime;
use gil_sim::{Budget, Ending};
use gil_sim::{GilMode, Settings};
use gil_sim::{PyVersion, simulate};

mod common;

use common::Rng;

const RACE: &str = "import threading\n\ncounter = 0\n\ndef work():\n    global counter\n    for _ in range(20000):\n        counter += 1\n\nts = [threading.Thread(target=work) for _ in range(3)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(counter)\n";

fn settings(rng: &mut Rng) -> (PyVersion, Settings) {
    let versions = PyVersion::ALL;
    let version = versions[rng.below(versions.len())];
    let gil = if rng.below(3) == 0 {
        GilMode::FreeThreaded
    } else {
        GilMode::On
    };
    let settings = Settings {
        gil,
        cores: 1 + rng.below(8) as u32,
        switch_interval: VTime::from_nanos(1000 * (1 + rng.below(5000) as u64)),
        seed: rng.next(),
        ..Settings::default()
    };
    (version, settings)
}

#[test]
fn same_seed_same_run_for_random_seeds() {
    let mut rng = Rng(0x1234_5678);
    let mut distinct = std::collections::BTreeSet::new();
    for _ in 0..24 {
        let (version, settings) = settings(&mut rng);
        let run = || {
            let sim =
                simulate(RACE, version, "race.py", settings, Budget::default()).expect("compiles");
            (
                sim.output.text(Stream::Stdout),
                sim.trace.hash(),
                sim.instructions,
                sim.virtual_time,
            )
        };
        let first = run();
        let second = run();
        assert_eq!(
            first, second,
            "{version:?} {settings:?} is not deterministic"
        );
        distinct.insert(first.1);
    }
    assert!(
        distinct.len() > 12,
        "seeds and settings should give different traces"
    );
}

/// A random program: a few threads doing random steps on shared state with locks.
fn threaded_program(rng: &mut Rng) -> String {
    let steps = [
        "counter += 1",
        "with lock_a:\n            counter += 1",
        "with lock_b:\n            with lock_a:\n                counter += 2",
        "with lock_a:\n            with lock_b:\n                counter += 3",
        "with lock_a:\n            time.sleep(0.001)\n            with lock_b:\n                counter += 1",
        "with lock_b:\n            time.sleep(0.001)\n            with lock_a:\n                counter += 1",
        "time.sleep(0.001)",
        "lock_a.acquire(timeout=0.01) and lock_a.release()",
        "items.append(i)",
        "if items:\n            items.pop()",
        "event.set()",
        "event.wait(0.002)",
        "q.put(i)",
        "q.get(timeout=0.001) if not q.empty() else None",
        "print(i, end='')",
        "1 / (i - 3)",
    ];
    let mut body = String::new();
    for _ in 0..1 + rng.below(4) {
        body.push_str(&format!("        {}\n", steps[rng.below(steps.len())]));
    }
    // Odd threads take the other branch: opposite lock orders deadlock.
    let other = steps[rng.below(steps.len())];
    body.push_str(&format!(
        "        if n % 2:\n            pass\n        else:\n            {}\n",
        other.replace("\n", "\n    ")
    ));
    let threads = 1 + rng.below(4);
    let iterations = 1 + rng.below(30);
    let join = if rng.below(4) == 0 { "" } else { "t.join()" };
    format!(
        "import threading, time, queue\n\ncounter = 0\nitems = []\nlock_a = threading.Lock()\nlock_b = threading.RLock()\nevent = threading.Event()\nq = queue.Queue()\n\ndef work(n):\n    global counter\n    for i in range({iterations}):\n{body}\nts = [threading.Thread(target=work, args=(k,)) for k in range({threads})]\nfor t in ts:\n    t.start()\nfor t in ts:\n    {}\nprint(counter)\n",
        if join.is_empty() { "pass" } else { join }
    )
}

#[test]
fn random_threaded_programs_never_panic() {
    let mut rng = Rng(0xdead_beef);
    let budget = Budget {
        max_instructions: 2_000_000,
        ..Budget::default()
    };
    let mut endings = std::collections::BTreeMap::new();
    for _ in 0..120 {
        let source = threaded_program(&mut rng);
        let (version, settings) = settings(&mut rng);
        let result = catch_unwind(AssertUnwindSafe(|| {
            simulate(&source, version, "threads.py", settings, budget).map(|s| {
                assert_in_time_order(&s.trace);
                let problems = gil_sim::check_invariants(&s, &settings);
                assert!(problems.is_empty(), "{problems:#?}");
                s.ending
            })
        }));
        match result {
            Ok(Ok(ending)) => {
                let kind = match ending {
                    Ending::Exited(0) => "exited",
                    Ending::Uncaught => "uncaught",
                    Ending::Deadlock(_) => "deadlock",
                    Ending::Stopped(_) => "stopped",
                    other => panic!("unexpected ending {other:?} for\n{source}"),
                };
                *endings.entry(kind).or_insert(0) += 1;
            }
            Ok(Err(diagnostics)) => panic!("does not compile: {diagnostics:?}\n{source}"),
            Err(_) => panic!("panic on {version:?} {settings:?} for\n{source}"),
        }
    }
    println!("endings: {endings:?}");
    assert!(
        endings.get("exited").copied().unwrap_or(0) >= 40,
        "{endings:?}"
    );
    assert!(
        endings.get("deadlock").copied().unwrap_or(0) >= 1,
        "{endings:?}"
    );
}

/// Events never go back in time, so stepping through a run never does either.
fn assert_in_time_order(trace: &gil_sim::Trace) {
    for pair in trace.events.windows(2) {
        assert!(pair[0].0 <= pair[1].0, "{:?} then {:?}", pair[0], pair[1]);
    }
}

/// Threads that run past each other within a turn, and processes that run in turns of a
/// quantum, still give a trace in time order.
#[test]
fn traces_are_in_time_order_with_threads_and_processes() {
    let programs = [
        include_str!("../test_data/determinism/race.py"),
        include_str!("../test_data/determinism/processes.py"),
    ];
    for source in programs {
        for (version, gil) in [
            (PyVersion::Py27, GilMode::On),
            (PyVersion::Py39, GilMode::On),
            (PyVersion::Py313, GilMode::FreeThreaded),
        ] {
            let settings = Settings {
                gil,
                ..Settings::default()
            };
            let sim = simulate(source, version, "order.py", settings, Budget::default())
                .expect("compiles");
            assert!(sim.trace.events.len() > 10);
            assert_in_time_order(&sim.trace);
        }
    }
}

#[test]
fn pinned_trace_hashes_hold_natively() {
    for (name, source, version, settings) in gil_sim::golden_scenarios() {
        let sim = simulate(source, version, name, settings, Budget::default()).expect("compiles");
        let problems = gil_sim::check_invariants(&sim, &settings);
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
    let pinned = include_str!("../test_data/determinism/hashes.txt");
    let now = gil_sim::golden_hashes();
    assert_eq!(
        now, pinned,
        "trace hashes changed; if the model changed on purpose, update test_data/determinism/hashes.txt to:\n{now}"
    );
}

#[test]
fn running_on_from_the_last_state_shown_gives_the_same_states() {
    let (sim, checkpoints, settings) = race_with_checkpoints();
    let events = sim.trace.events.len();
    // Forward one event at a time (playback), a few events at a time (fast playback), then
    // back and forward again (scrubbing); each compared with a fresh rebuild from the copies.
    let mut steps: Vec<usize> = (0..40).collect();
    steps.extend([30, 10, 39, 5, 6, 24, 17, 12]);
    steps.extend((40..events).step_by(events / 25 + 1));
    steps.extend([events / 2, events / 3, events / 3 + 1, events - 1, 0, 1]);
    for step in steps {
        let fresh =
            gil_sim::Checkpoints::new(settings, Budget::default(), checkpoints.copies.clone());
        let expected = fresh.state_at(step).expect("a state");
        assert_eq!(checkpoints.state_at(step), Some(expected), "step {step}");
    }
}

/// The determinism race on 3.9 (100 µs interval, seed 5), keeping a copy of the state every
/// 50 000 instructions.
fn race_with_checkpoints() -> (gil_sim::Simulation, gil_sim::Checkpoints, Settings) {
    let settings = Settings {
        switch_interval: VTime::from_nanos(100_000),
        seed: 5,
        ..Settings::default()
    };
    let (sim, checkpoints) = gil_sim::simulate_with_checkpoints(
        include_str!("../test_data/determinism/race.py"),
        PyVersion::Py39,
        "race.py",
        settings,
        Budget::default(),
        50_000,
    )
    .expect("compiles");
    (sim, checkpoints, settings)
}

#[test]
fn state_at_a_step_is_the_same_from_any_checkpoint() {
    let (sim, checkpoints, settings) = race_with_checkpoints();
    assert!(
        checkpoints.copies.len() > 1,
        "a run this long keeps several copies"
    );
    let from_start = gil_sim::Checkpoints::new(
        settings,
        Budget::default(),
        checkpoints.copies[..1].to_vec(),
    );
    let events = sim.trace.events.len();
    for step in [0, events / 3, events / 2, events - 1] {
        let quick = checkpoints.state_at(step).expect("a state");
        let slow = from_start.state_at(step).expect("a state");
        assert_eq!(quick, slow, "step {step}");
        assert!(quick.events > step);
    }
    let last = checkpoints.state_at(events - 1).expect("a state");
    assert_eq!(last.stdout, sim.output.text(Stream::Stdout));
    let counter = last.globals.iter().find(|(name, _, _)| name == "counter");
    assert!(counter.is_some(), "{:?}", last.globals);
    // Mid-run, a worker stands at an instruction of its loop, as `dis` names it (3.9).
    let middle = checkpoints.state_at(events / 2).expect("a state");
    let loop_ops = [
        "FOR_ITER",
        "STORE_FAST",
        "LOAD_GLOBAL",
        "LOAD_CONST",
        "INPLACE_ADD",
        "STORE_GLOBAL",
        "JUMP_ABSOLUTE",
    ];
    let workers: Vec<&str> = middle
        .threads
        .iter()
        .filter(|t| t.thread > 0 && !t.instruction.is_empty())
        .map(|t| t.instruction.as_str())
        .collect();
    assert!(
        workers
            .iter()
            .any(|i| loop_ops.iter().any(|op| i.starts_with(op))),
        "{workers:?}"
    );
}

/// A thread switched out between `LOAD_GLOBAL counter` and `STORE_GLOBAL counter` holds the
/// value it read; once another thread has written since, the snapshot says what it is now.
#[test]
fn a_thread_in_the_middle_of_counter_plus_one_holds_the_value_it_read() {
    let (sim, checkpoints, _) = race_with_checkpoints();
    let mid_update = ["LOAD_CONST", "INPLACE_ADD", "STORE_GLOBAL"];
    let (mut held_seen, mut stale_seen) = (0, 0);
    for step in 0..sim.trace.events.len().min(300) {
        let state = checkpoints.state_at(step).expect("a state");
        let counter = state
            .globals
            .iter()
            .find(|(name, _, _)| name == "counter")
            .map(|(_, value, _)| value.clone());
        for thread in &state.threads {
            let in_middle = thread.line == 8
                && mid_update
                    .iter()
                    .any(|op| thread.instruction.starts_with(op));
            match thread.held.as_slice() {
                [] => assert!(
                    !in_middle || thread.activity == ThreadActivity::Done,
                    "step {step}: {thread:?}"
                ),
                [held] => {
                    assert!(in_middle, "step {step}: {thread:?}");
                    assert_eq!((held.name.as_str(), held.line), ("counter", 8));
                    held_seen += 1;
                    if let Some(now) = &held.now {
                        assert_eq!(Some(now), counter.as_ref(), "step {step}");
                        assert_ne!(now, &held.read);
                        stale_seen += 1;
                    }
                }
                more => panic!("step {step}: holds {more:?}"),
            }
        }
    }
    assert!(held_seen > 0 && stale_seen > 0, "{held_seen} {stale_seen}");
}

#[test]
fn free_threaded_313_immortalizes_functions_when_a_thread_starts() {
    let source = "import sys, threading\n\ndef work():\n    pass\n\nprint(sys.getrefcount(work))\nt = threading.Thread(target=work)\nt.start()\nt.join()\nprint(sys.getrefcount(work))\nprint(sys.getrefcount([]))\n";
    let run = |gil| {
        let settings = Settings {
            gil,
            ..Settings::default()
        };
        simulate(
            source,
            PyVersion::Py313,
            "ft.py",
            settings,
            Budget::default(),
        )
        .expect("compiles")
        .output
        .text(Stream::Stdout)
    };
    assert_eq!(run(GilMode::On), "2\n2\n1\n");
    assert_eq!(run(GilMode::FreeThreaded), "2\n4294967295\n1\n");
}

#[test]
fn a_run_advanced_in_slices_is_the_same_run() {
    for (name, source, version, settings) in gil_sim::golden_scenarios() {
        let whole = gil_sim::simulate(source, version, "scenario.py", settings, Budget::default())
            .expect("compiles");
        for slice in [1_000, 37_123] {
            let mut run = gil_sim::start_simulation(
                source,
                version,
                "scenario.py",
                settings,
                Budget::default(),
                200_000,
            )
            .expect("compiles");
            let mut slices = 0;
            while !run.advance(slice) {
                slices += 1;
                assert!(run.instructions() <= whole.instructions, "{name}");
            }
            let (sliced, checkpoints) = gil_sim::finish_live(run);
            if whole.instructions > 2 * slice {
                assert!(slices > 0, "{name}: more than one slice");
            }
            assert_eq!(
                sliced.trace.hash(),
                whole.trace.hash(),
                "{name}, slices of {slice}"
            );
            assert_eq!(
                sliced.output.text(Stream::Stdout),
                whole.output.text(Stream::Stdout)
            );
            assert_eq!(
                sliced.output.text(Stream::Stderr),
                whole.output.text(Stream::Stderr)
            );
            assert_eq!(sliced.ending, whole.ending, "{name}");
            let events = sliced.trace.events.len();
            let last = checkpoints.state_at(events - 1).expect("a state");
            assert_eq!(last.stdout, whole.output.text(Stream::Stdout), "{name}");
        }
    }
}

#[test]
fn a_cancelled_run_keeps_its_partial_trace() {
    let source = "import threading\n\ndef spin():\n    while True:\n        pass\n\nthreading.Thread(target=spin).start()\nspin()\n";
    let mut run = gil_sim::start_simulation(
        source,
        PyVersion::Py311,
        "spin.py",
        Settings::default(),
        Budget::default(),
        200_000,
    )
    .expect("compiles");
    assert!(!run.advance(300_000));
    let (sim, _) = gil_sim::finish_live(run);
    assert!(matches!(sim.ending, gil_sim::Ending::Stopped(_)));
    assert!(sim.instructions >= 300_000);
    assert!(sim.trace.events.len() > 2, "the trace so far is kept");
    assert!(
        sim.output
            .text(Stream::Stderr)
            .contains("the run was cancelled"),
        "{}",
        sim.output.text(Stream::Stderr)
    );
}

/// A run stopped at a cap ends its trace where it stopped: the state after its last event,
/// rebuilt from the copies the page keeps, has everything the run printed (before, the last
/// step showed the state at the last switch, millions of instructions earlier).
#[test]
fn the_last_step_of_a_stopped_run_is_where_it_stopped() {
    let source = "import threading\n\ndef count(name):\n    n = 0\n    while True:\n        n += 1\n        if n % 2_000 == 0:\n            print(name, n)\n\nthreading.Thread(target=count, args=('T',)).start()\ncount('main')\n";
    for gil in [GilMode::On, GilMode::FreeThreaded] {
        let settings = Settings {
            gil,
            ..Settings::default()
        };
        let budget = Budget {
            max_instructions: 3_000_000,
            ..Budget::default()
        };
        let mut run = gil_sim::start_simulation(
            source,
            PyVersion::Py311,
            "count.py",
            settings,
            budget,
            400_000,
        )
        .expect("compiles");
        while !run.advance(250_000) {}
        let (sim, checkpoints) = gil_sim::finish_live(run);
        assert!(
            matches!(&sim.ending, gil_sim::Ending::Stopped(what) if what.contains("instruction budget")),
            "{:?}",
            sim.ending
        );
        let printed = sim.output.text(Stream::Stdout);
        assert!(printed.lines().count() > 20, "{printed}");
        let events = sim.trace.events.len();
        let last = checkpoints.state_at(events - 1).expect("a state");
        assert_eq!(last.stdout, printed, "{gil:?}");
        assert!(
            last.stderr.contains("it reached the instruction budget"),
            "{gil:?}"
        );
    }
}
