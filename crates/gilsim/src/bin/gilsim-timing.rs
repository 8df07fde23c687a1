//! The timing report: simulated figures beside CPython's measurements on this machine kind
//! (docs/cpython.md §1, §3, §7), each with the ratio and whether it is within ±15%.
//!
//! cargo run --release -p gilsim --bin gilsim-timing

use gil_sim::Budget;
use gil_sim::PyVersion;
use gil_sim::Settings;
use gil_sim::Stream;
use gil_sim::ThreadActivity;

/// The seed that compares sequential, threaded and multi-process CPU-bound work.
const CPU_SEED: &str =
    include_str!("../../../gil_sim/test_data/seeds/002_cpu_threads_processes.py");

/// CPython's `io_sleep.py` experiment: 12 tasks sleeping 0.01…0.12 s in threads, optionally
/// beside a CPU-bound thread. Prints the wall time and the median oversleep in ms.
const SLEEPERS: &str = r#"import time, threading

SCALE = 0.01
TASKS = list(range(1, 13))

def io_task(i, out):
    t0 = time.perf_counter()
    time.sleep(i * SCALE)
    out[i] = time.perf_counter() - t0

def run_threads(with_cpu_hog):
    out = {}
    stop = [False]
    def hog():
        x = 0
        while not stop[0]:
            x += 1
    h = None
    if with_cpu_hog:
        h = threading.Thread(target=hog); h.start()
        time.sleep(0.05)
    ts = [threading.Thread(target=io_task, args=(i, out)) for i in TASKS]
    t0 = time.perf_counter()
    for t in ts: t.start()
    for t in ts: t.join()
    wall = time.perf_counter() - t0
    if h:
        stop[0] = True; h.join()
    return wall, out

wall, out = run_threads(HOG)
overs = sorted((out[i] - i * SCALE) * 1000 for i in TASKS)
print(wall, (overs[5] + overs[6]) / 2)
"#;

/// CPython's `convoy.py` experiment for `time.sleep(0.0001)`: µs per I/O op, alone and beside
/// a CPU-bound thread.
const CONVOY: &str = r#"import sys, time, threading

def run(n, hog):
    stop = [False]
    def spin():
        x = 0
        while not stop[0]:
            x += 1
    h = None
    if hog:
        h = threading.Thread(target=spin); h.start(); time.sleep(0.05)
    t0 = time.perf_counter()
    for _ in range(n):
        time.sleep(0.0001)
    dt = time.perf_counter() - t0
    if h:
        stop[0] = True; h.join()
    return dt

sys.setswitchinterval(INTERVAL)
print(run(200, False) / 200 * 1e6, run(200, True) / 200 * 1e6)
"#;

/// Two CPU-bound threads for a simulated second: the GIL's slices.
const SLICES: &str = r#"import sys, threading, time

sys.setswitchinterval(INTERVAL)
stop = [False]
def spin():
    x = 0
    while not stop[0]:
        x += 1
ts = [threading.Thread(target=spin) for _ in range(2)]
for t in ts: t.start()
time.sleep(1.0)
stop[0] = True
for t in ts: t.join()
"#;

struct Run {
    stdout: String,
    slices_ms: Vec<f64>,
}

fn simulate(source: &str, settings: Settings) -> Run {
    let sim = gil_sim::simulate(
        source,
        PyVersion::Py311,
        "timing.py",
        settings,
        Budget::default(),
    )
    .unwrap_or_else(|d| panic!("timing program does not compile: {d:?}"));
    // GIL slices: from a thread taking the GIL with RunningWithGil to its next state change,
    // for the two spinning threads (indices 1 and 2).
    let mut slices_ms = Vec::new();
    for thread in [1, 2] {
        let segments = sim
            .trace
            .segments(0, gil_sim::ThreadIndex(thread), sim.virtual_time);
        for (start, end, activity) in segments {
            if activity == ThreadActivity::RunningWithGil && end > start {
                slices_ms.push((end.0 - start.0) as f64 / 1e9);
            }
        }
    }
    Run {
        stdout: sim.output.text(Stream::Stdout),
        slices_ms,
    }
}

fn after(text: &str, prefix: &str) -> f64 {
    text.split(prefix)
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|word| {
            word.trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .unwrap_or(f64::NAN)
}

fn numbers(text: &str) -> Vec<f64> {
    text.split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect()
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn main() {
    let mut rows: Vec<(String, f64, f64, &str)> = Vec::new();
    let settings = Settings::default();

    let cpu4 = simulate(CPU_SEED, settings);
    let seq = after(&cpu4.stdout, "Single-threaded time: ");
    let thr = after(&cpu4.stdout, "Multi-threaded time: ");
    let proc4 = after(&cpu4.stdout, "Multi-process time: ");
    rows.push((
        "CPU 4×20M: sequential (s)".into(),
        seq,
        1.985,
        "2-core 3.11.7 quiet, 1.96–2.01",
    ));
    rows.push((
        "CPU 4×20M: 4 threads ÷ sequential".into(),
        thr / seq,
        2.035 / 1.985,
        "1.87–2.20 ÷ 1.96–2.01",
    ));
    rows.push((
        "CPU 4×20M: speedup of 4 processes, 4 cores".into(),
        seq / proc4,
        3.7 / 1.245,
        "16-core 3.12.3: 3.0–4.4 ÷ 1.19–1.30",
    ));
    let cpu2 = simulate(
        CPU_SEED,
        Settings {
            cores: 2,
            ..settings
        },
    );
    let seq2 = after(&cpu2.stdout, "Single-threaded time: ");
    let proc2 = after(&cpu2.stdout, "Multi-process time: ");
    rows.push((
        "CPU 4×20M: speedup of 4 processes, 2 cores".into(),
        seq2 / proc2,
        1.985 / 1.045,
        "2-core: 1.96–2.01 ÷ 1.02–1.07",
    ));

    for (hog, reference, note) in [
        ("False", 0.122, "12 threads: 0.122 s"),
        ("True", 0.22, "with a CPU thread: 0.19–0.25 s"),
    ] {
        let run = simulate(&SLEEPERS.replace("HOG", hog), settings);
        let values = numbers(&run.stdout);
        rows.push((
            format!("12 sleepers 0.01–0.12 s, CPU thread {hog}: wall (s)"),
            values.first().copied().unwrap_or(f64::NAN),
            reference,
            note,
        ));
        if hog == "True" {
            rows.push((
                "12 sleepers + CPU thread: median oversleep (ms)".into(),
                values.get(1).copied().unwrap_or(f64::NAN),
                5.25,
                "5.2–5.3 ms in 4 of 5 runs",
            ));
        }
    }

    for (interval, alone, with_hog, note) in [
        (
            "0.005",
            177.0,
            5303.0,
            "5 ms: 177 alone, 5,303 with CPU thread",
        ),
        ("0.001", 177.0, 1281.0, "1 ms: 1,281 with CPU thread"),
    ] {
        let run = simulate(&CONVOY.replace("INTERVAL", interval), settings);
        let values = numbers(&run.stdout);
        if interval == "0.005" {
            rows.push((
                "sleep(0.0001) alone (µs per op)".into(),
                values.first().copied().unwrap_or(f64::NAN),
                alone,
                "155–177 µs",
            ));
        }
        rows.push((
            format!("convoy: sleep(0.0001) beside a CPU thread, interval {interval} s (µs/op)"),
            values.get(1).copied().unwrap_or(f64::NAN),
            with_hog,
            note,
        ));
    }

    for (interval, reference, note) in [
        ("0.005", 5.125, "median 5.125 ms (p10–p90 5.10–5.18)"),
        ("0.001", 1.11, "median 1.11 ms"),
    ] {
        let mut run = simulate(&SLICES.replace("INTERVAL", interval), settings);
        rows.push((
            format!("median GIL slice, 2 CPU threads, interval {interval} s (ms)"),
            median(&mut run.slices_ms),
            reference,
            note,
        ));
    }

    println!(
        "{:<66} {:>10} {:>10} {:>7}  within ±15%  CPython reference",
        "figure", "simulated", "CPython", "ratio"
    );
    let mut outside = 0;
    for (name, simulated, cpython, note) in &rows {
        let ratio = simulated / cpython;
        let ok = (0.85..=1.15).contains(&ratio);
        if !ok {
            outside += 1;
        }
        println!(
            "{name:<66} {simulated:>10.3} {cpython:>10.3} {ratio:>7.2}  {:<11}  {note}",
            if ok { "yes" } else { "NO" }
        );
    }
    println!(
        "\n{} of {} figures within ±15%",
        rows.len() - outside,
        rows.len()
    );
}
