//! The memory lane against CPython: what one thread's frame holds after building an object
//! is within a tenth of what `tracemalloc` counted for the same expression
//! (`docs/measurements/data/object_sizes_<version>.tsv`, written by
//! `docs/measurements/experiments/object_sizes.py`).

use gil_sim::{Budget, PyVersion, Settings};

/// The program: a thread builds the object in a local and waits with it.
fn holding(expression: &str) -> String {
    format!(
        "import threading, time\n\
         class P:\n    def __init__(self, i):\n        self.x = i\n        self.y = i\n\
         def hold():\n    kept = {expression}\n    time.sleep(0.01)\n\
         t = threading.Thread(target=hold)\nt.start()\nt.join()\n"
    )
}

#[test]
fn a_thread_holds_what_cpython_counts() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/measurements/data");
    let mut compared = 0;
    let mut largest: f64 = 0.0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(data).expect("the measurements folder") {
        let path = entry.expect("a file").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(release) = name
            .strip_prefix("object_sizes_")
            .and_then(|n| n.strip_suffix(".tsv"))
        else {
            continue;
        };
        let minor = release.rsplit_once('.').map_or(release, |(v, _)| v);
        let version = PyVersion::parse(minor).expect("a modelled version");
        let text = std::fs::read_to_string(&path).expect("readable");
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let (expression, bytes) = line.split_once('\t').expect("expression, tab, bytes");
            let cpython: u64 = bytes.parse().expect("bytes");
            let sim = gil_sim::simulate(
                &holding(expression),
                version,
                "sizes.py",
                Settings::default(),
                Budget::default(),
            )
            .unwrap_or_else(|_| panic!("{expression} compiles"));
            let held = sim.memory().most_held;
            if held == 0 {
                for m in &sim.trace.memory {
                    eprintln!("DBG {expression} {:?}", m);
                }
                eprintln!("{}", sim.output.text(gil_sim::Stream::Stderr));
            }
            compared += 1;
            let off = held.abs_diff(cpython) as f64 / cpython as f64;
            largest = largest.max(off);
            if off > 0.10 {
                problems.push(format!(
                    "{release} {expression}: CPython {cpython}, simulated {held} ({:+.0}%)",
                    (held as f64 / cpython as f64 - 1.0) * 100.0
                ));
            }
        }
    }
    println!(
        "compared {compared} sizes, the largest difference {:.2}%",
        largest * 100.0
    );
    assert!(compared >= 40, "only {compared} sizes compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
