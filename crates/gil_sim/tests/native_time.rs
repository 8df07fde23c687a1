//! Time that native code spends: builtins charge CPython's measured time per item, and a
//! thread inside one holds the GIL as long as CPython's does.

use gil_sim::PyVersion;
use gil_sim::Stream;
use gil_sim::{Budget, GilMode, Settings};

const TWO_THREADS: &str = "import threading\n\
def work():\n    print(sum(range(10**7)))\n\
ts = [threading.Thread(target=work) for _ in range(2)]\n\
for t in ts:\n    t.start()\n\
for t in ts:\n    t.join()\n";

fn seconds(gil: GilMode, version: PyVersion) -> f64 {
    let settings = Settings {
        gil,
        ..Settings::default()
    };
    let sim = gil_sim::simulate(TWO_THREADS, version, "sums.py", settings, Budget::default())
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(
        sim.output.text(Stream::Stdout),
        "49999995000000\n49999995000000\n"
    );
    sim.virtual_time.as_secs_f64()
}

/// A sum over a range holds the GIL for CPython's time per item: two threads take twice
/// as long as one with the GIL, about as long as one without it.
#[test]
fn summing_a_range_takes_cpythons_time_and_holds_the_gil() {
    let with_gil = seconds(GilMode::On, PyVersion::Py311);
    let free = seconds(GilMode::FreeThreaded, PyVersion::Py313);
    assert!(
        (0.284..0.300).contains(&with_gil),
        "{with_gil} s with the GIL"
    );
    assert!((0.142..0.2).contains(&free), "{free} s without it");
}

#[test]
fn a_range_of_a_trillion_items_is_summed_at_once() {
    let source = "print(sum(range(10**12)) == 10**12 * (10**12 - 1) // 2)\n";
    let budget = Budget {
        max_virtual_time: gil_sim::VTime::MAX,
        ..Budget::default()
    };
    let report = gil_sim::run_program(source, PyVersion::Py312, "big.py", budget)
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(report.output.text(Stream::Stdout), "True\n");
    // CPython takes about four hours; so does the simulated clock.
    assert!(report.virtual_time.as_secs_f64() > 14_000.0);
}

/// What CPython 3.11 printed for the ticker programs in `test_data/native_time`: the ticks
/// the ticker thread made while the main thread ran the builtin, median of ten runs on this
/// machine kind (sum of a generator: 28-41 ticks, median 30, in 0.175-0.252 s; sorted with a
/// Python key: 12-14 ticks, median 12, in 0.097-0.123 s).
const CPYTHON_TICKS: [(&str, f64); 2] = [
    ("ticker_beside_sum_of_generator.py", 30.0),
    ("ticker_beside_sorted_with_key.py", 12.0),
];

fn native_time_program(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data/native_time")
        .join(name);
    std::fs::read_to_string(path).expect("a native-time program")
}

/// Simulates program `name` of `test_data/native_time` on `version` under `settings`.
fn run(name: &str, version: PyVersion, settings: Settings) -> gil_sim::Simulation {
    let source = native_time_program(name);
    gil_sim::simulate(&source, version, name, settings, Budget::default())
        .unwrap_or_else(|d| panic!("{d:?}"))
}

/// Python code that a builtin runs (the generator under `sum`, the key function of `sorted`)
/// gives up the GIL at its own check sites, as in CPython: a ticker thread beside it ticks
/// about as often as under CPython 3.11 (within 25%).
#[test]
fn a_ticker_runs_while_a_builtin_runs_python_code() {
    for (name, cpython) in CPYTHON_TICKS {
        let sim = run(name, PyVersion::Py311, Settings::default());
        let stdout = sim.output.text(Stream::Stdout);
        let ticks: f64 = stdout
            .split_whitespace()
            .next()
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("{name} printed {stdout:?}"));
        println!("{name}: {ticks} ticks (CPython 3.11: {cpython})");
        assert!(
            (ticks - cpython).abs() <= 0.25 * cpython,
            "{name}: {ticks} ticks against CPython's {cpython}"
        );
    }
}

/// A generator that blocks (`q.get()` waiting for child processes) inside `sorted` blocks
/// like any Python code and gives CPython's result.
#[test]
fn a_generator_under_sorted_can_block() {
    let name = "sorted_queue_gets_from_processes.py";
    for version in [PyVersion::Py39, PyVersion::Py311, PyVersion::Py313] {
        let sim = run(name, version, Settings::default());
        assert_eq!(
            sim.output.text(Stream::Stdout),
            "[0, 1, 4, 9]\n3 10\n",
            "{version:?}: {}",
            sim.output.text(Stream::Stderr)
        );
    }
}

/// A program's `__str__` (run by `str()` and an f-string) and `__lt__` (run by `sorted`) give
/// up the GIL at their own check sites: the ticker beside them ticks at CPython 3.11's rate
/// (ten runs here: 17-25 ticks in 0.103-0.149 s, median 19 in 0.117 s, 162 ticks a second),
/// within 25%. Before they ran to completion inside the builtin: 4 ticks.
#[test]
fn special_methods_run_by_builtins_give_up_the_gil() {
    let name = "ticker_beside_special_methods.py";
    let sim = run(name, PyVersion::Py311, Settings::default());
    let stdout = sim.output.text(Stream::Stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let numbers: Vec<f64> = last
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let [ticks, seconds] = numbers[..] else {
        panic!("{name} printed {stdout:?}");
    };
    let rate = ticks / seconds;
    println!("{name}: {ticks} ticks in {seconds} s, {rate:.0} a second (CPython 3.11: 162)");
    assert!(
        stdout.starts_with("Slow(9)\nSlow(1) [1, 2, 3, 4, 5]\n"),
        "{stdout}"
    );
    assert!(
        (rate - 162.0).abs() <= 0.25 * 162.0,
        "{rate} ticks a second"
    );
    assert!(ticks >= 10.0, "{ticks} ticks");
}

/// Eight free-threaded threads on two cores take turns on them: the trace never has more than
/// two of them on cores, both cores are used, and the CPU-bound work takes about four times
/// as long as one thread's (within 15%; two busy cores also slow each other a little).
#[test]
fn eight_free_threaded_threads_share_two_cores() {
    let name = "eight_threads_on_two_cores.py";
    let settings = Settings {
        gil: GilMode::FreeThreaded,
        cores: 2,
        ..Settings::default()
    };
    let sim = run(name, PyVersion::Py313, settings);
    let problems = gil_sim::check_invariants(&sim, &settings);
    assert!(problems.is_empty(), "{problems:#?}");
    let used: std::collections::BTreeSet<u32> = sim
        .trace
        .cores
        .iter()
        .filter(|c| c.thread.is_some())
        .map(|c| c.core)
        .collect();
    assert_eq!(used.len(), 2, "cores used: {used:?}");
    let ratio: f64 = sim
        .output
        .text(Stream::Stdout)
        .trim()
        .parse()
        .expect("a ratio");
    println!("eight threads on two cores: {ratio}× one thread's time");
    assert!((ratio / 4.0 - 1.0).abs() <= 0.15, "{ratio}");
}
