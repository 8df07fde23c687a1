//! `gilsim-bench`: times the simulator's VM on single-thread loops beside CPython 3.11
//! running the same files, and prints the ratio (gilsim ÷ CPython; below 1 is faster).
//!
//! ```text
//! cargo run --profile native -p gilsim --bin gilsim-bench [-- N]
//! ```
//!
//! Each program runs several times; the best time counts. CPython's time is its process time
//! minus the time of an empty program (interpreter start-up); gilsim's is compile + run in
//! this process.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use gil_sim::Budget;
use gil_sim::PyVersion;
use gil_sim::Stream;

const RUNS: usize = 5;

/// The benchmark programs: a name and the source, with `N` standing for the loop count.
const PROGRAMS: [(&str, &str); 4] = [
    (
        "function loop: count += 1 on a local",
        "def work(n):\n    count = 0\n    for _ in range(n):\n        count += 1\n    return count\nprint(work(N))\n",
    ),
    (
        "method loop: c.increment(1) doing self.count += offset",
        "class Counter:\n    def __init__(self):\n        self.count = 0\n    def increment(self, offset):\n        self.count += offset\ndef work(n):\n    c = Counter()\n    for _ in range(n):\n        c.increment(1)\n    return c.count\nprint(work(N))\n",
    ),
    (
        "attribute loop: self.count += 1 inside a method",
        "class Counter:\n    def __init__(self):\n        self.count = 0\n    def run(self, n):\n        for _ in range(n):\n            self.count += 1\n        return self.count\nprint(Counter().run(N))\n",
    ),
    (
        "global loop: global count; count += 1",
        "count = 0\ndef work(n):\n    global count\n    for _ in range(n):\n        count += 1\nwork(N)\nprint(count)\n",
    ),
];

fn python311() -> Option<PathBuf> {
    let root = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pyenv")))?;
    let mut found: Vec<PathBuf> = std::fs::read_dir(root.join("versions"))
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("3.11"))
        .map(|e| e.path().join("bin/python"))
        .filter(|p| p.exists())
        .collect();
    found.sort();
    found.pop()
}

fn best<F: FnMut() -> Duration>(mut f: F) -> Duration {
    (0..RUNS).map(|_| f()).min().unwrap_or_default()
}

fn time_cpython(python: &Path, file: &Path) -> (Duration, String) {
    let mut stdout = String::new();
    let time = best(|| {
        let start = Instant::now();
        let output = Command::new(python)
            .arg("-B")
            .arg(file)
            .output()
            .expect("running CPython");
        let elapsed = start.elapsed();
        stdout = String::from_utf8_lossy(&output.stdout).to_string();
        elapsed
    });
    (time, stdout)
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let dir = std::env::temp_dir().join(format!("gilsim-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creating a temporary directory");
    let python = python311();
    if python.is_none() {
        println!("CPython 3.11 not found under pyenv: printing gilsim's times only");
    }
    let startup = python.as_ref().map(|py| {
        let empty = dir.join("empty.py");
        std::fs::write(&empty, "pass\n").expect("writing a benchmark file");
        time_cpython(py, &empty).0
    });
    println!("loops of {n} iterations, best of {RUNS} runs\n");
    println!(
        "{:<56} {:>9} {:>9} {:>7} {:>12} {:>8}",
        "program", "CPython", "gilsim", "ratio", "instructions", "ns/instr"
    );
    for (index, (name, template)) in PROGRAMS.iter().enumerate() {
        let source = template.replace('N', &n.to_string());
        let file = dir.join(format!("bench{index}.py"));
        std::fs::write(&file, &source).expect("writing a benchmark file");
        let mut report = None;
        let ours = best(|| {
            let start = Instant::now();
            let result = gil_sim::run_program(
                &source,
                PyVersion::Py311,
                "bench.py",
                Budget {
                    max_instructions: u64::MAX,
                    ..Budget::default()
                },
            );
            let elapsed = start.elapsed();
            report = result.ok();
            elapsed
        });
        let Some(report) = report else {
            println!("{name}: does not compile");
            continue;
        };
        let our_stdout = report.output.text(Stream::Stdout);
        let per_instruction = ours.as_nanos() as f64 / report.instructions.max(1) as f64;
        match (&python, startup) {
            (Some(py), Some(startup)) => {
                let (theirs, their_stdout) = time_cpython(py, &file);
                let theirs = theirs.saturating_sub(startup);
                let ratio = ours.as_secs_f64() / theirs.as_secs_f64().max(1e-9);
                let check = if their_stdout == our_stdout {
                    ""
                } else {
                    "  (OUTPUT DIFFERS)"
                };
                println!(
                    "{name:<56} {:>8.3}s {:>8.3}s {ratio:>7.2} {:>12} {per_instruction:>8.2}{check}",
                    theirs.as_secs_f64(),
                    ours.as_secs_f64(),
                    report.instructions,
                );
            }
            _ => println!(
                "{name:<56} {:>9} {:>8.3}s {:>7} {:>12} {per_instruction:>8.2}",
                "-",
                ours.as_secs_f64(),
                "-",
                report.instructions,
            ),
        }
    }
    counter_race(&dir, python.as_deref(), startup);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The seed `002_counter_race.py` at full size (five threads × 10⁶ method calls, the
/// scheduler and its trace on): gilsim on 3.11 semantics beside CPython 3.11, and the lost
/// updates it reports on 3.9 semantics.
fn counter_race(dir: &Path, python: Option<&Path>, startup: Option<Duration>) {
    let source = include_str!("../../../gil_sim/test_data/seeds/002_counter_race.py");
    let file = dir.join("002_counter_race.py");
    std::fs::write(&file, source).expect("writing a benchmark file");
    let run = |version| {
        gil_sim::simulate(
            source,
            version,
            "002_counter_race.py",
            gil_sim::Settings::default(),
            Budget::default(),
        )
        .expect("the seed compiles")
    };
    let mut last = None;
    let ours = best(|| {
        let start = Instant::now();
        last = Some(run(PyVersion::Py311));
        start.elapsed()
    });
    let Some(sim) = last else {
        return;
    };
    println!(
        "\nseed 002_counter_race.py, 5 threads × 10^6 calls, 3.11 semantics: gilsim {:.3}s, {} instructions, {} trace events, trace hash {:016x}",
        ours.as_secs_f64(),
        sim.instructions,
        sim.trace.events.len(),
        sim.trace.hash()
    );
    if let (Some(py), Some(startup)) = (python, startup) {
        let (theirs, _) = time_cpython(py, &file);
        let theirs = theirs.saturating_sub(startup);
        println!(
            "CPython 3.11: {:.3}s; ratio gilsim ÷ CPython = {:.2}",
            theirs.as_secs_f64(),
            ours.as_secs_f64() / theirs.as_secs_f64().max(1e-9)
        );
    }
    let (with_copies, checkpoints) = gil_sim::simulate_with_checkpoints(
        source,
        PyVersion::Py311,
        "002_counter_race.py",
        gil_sim::Settings::default(),
        Budget::default(),
        gil_sim::CHECKPOINT_EVERY,
    )
    .expect("the seed compiles");
    let events = with_copies.trace.events.len();
    let mut slowest = Duration::ZERO;
    for step in [events / 4, events / 2, events - 1] {
        let start = Instant::now();
        let _ = checkpoints.state_at(step);
        slowest = slowest.max(start.elapsed());
    }
    println!(
        "state at a step (stepping back): {} copies of the state, slowest of 3 lookups {:.1} ms",
        checkpoints.copies.len(),
        slowest.as_secs_f64() * 1e3
    );
    let old = run(PyVersion::Py39);
    let stderr = old.output.text(Stream::Stderr);
    let outcome = stderr.lines().last().unwrap_or("").to_string();
    println!(
        "3.9 semantics: {outcome}; {} lost updates detected",
        old.lost_updates
    );
    if let Some(first) = old.lost_update_details.first() {
        println!("  first: {}", first.describe());
    }
}
