//! Time that native code spends: builtins charge CPython's measured time per item, and a
//! thread inside one holds the GIL as long as CPython's does.

use gil_sim::PyVersion;
use gil_sim::sched::{Budget, GilMode, Settings};
use gil_sim::vm::output::Stream;

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
        max_virtual_time: gil_sim::vm::VTime::MAX,
        ..Budget::default()
    };
    let report = gil_sim::run_program(source, PyVersion::Py312, "big.py", budget)
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(report.output.text(Stream::Stdout), "True\n");
    // CPython takes about four hours; so does the simulated clock.
    assert!(report.virtual_time.as_secs_f64() > 14_000.0);
}
