//! The library corpus (`test_data/library`): concurrency programs in the shapes tutorials,
//! books and the Python documentation use, run against CPython's committed snapshots and
//! compared in the normalised form (`common/normalise.rs`). Each version prints "N of M
//! match"; on 3.11 and 3.13 at least 95% must. Where a CPython is installed, its snapshots are
//! checked against it (and `GIL_LAB_SNAPSHOTS=write` rewrites them).

use std::path::{Path, PathBuf};

use common::normalise::normalise;
use common::snapshots::{self, Outcome, VERSIONS, data_dir};
use common::{python, python_files};

mod common;

/// The share of programs that must match on the versions the page is mostly used with.
const REQUIRED: f64 = 0.95;
const REQUIRED_ON: [&str; 2] = ["3.11", "3.13"];

/// The corpus programs, relative to the test data folder.
fn programs() -> Vec<PathBuf> {
    python_files(&data_dir().join("library"))
        .into_iter()
        .map(|f| Path::new("library").join(f.file_name().expect("a file name")))
        .collect()
}

/// The oldest minor version a program runs on (`# gil-lab: requires 3.11` on its first line).
fn oldest_minor(file: &Path) -> u32 {
    let text = std::fs::read_to_string(data_dir().join(file)).expect("reading a corpus file");
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# gil-lab: requires 3."))
        .and_then(|m| m.trim().parse().ok())
        .unwrap_or(9)
}

fn minor(label: &str) -> u32 {
    label[2..].parse().expect("a version label 3.N")
}

/// True when the two runs agree in the compared form.
fn same(cpython: &Outcome, ours: &Outcome) -> bool {
    cpython.status == ours.status
        && normalise(&cpython.stdout) == normalise(&ours.stdout)
        && normalise(&cpython.stderr) == normalise(&ours.stderr)
}

#[test]
fn library_programs_match_cpython() {
    let files = programs();
    assert!(
        files.len() >= 80,
        "the library corpus has {} programs",
        files.len()
    );
    let (mut missing, mut stale, mut short) = (Vec::new(), Vec::new(), Vec::new());
    for (label, version) in VERSIONS {
        let python = python(label);
        let runs: Vec<PathBuf> = files
            .iter()
            .filter(|f| oldest_minor(f) <= minor(label))
            .cloned()
            .collect();
        let results = snapshots::on_two_threads(&runs, |file| {
            let fresh = python.as_ref().map(|p| snapshots::cpython_run(p, file));
            (fresh, snapshots::simulate(file, version))
        });
        let (mut matched, mut differ) = (0, Vec::new());
        for (file, (fresh, ours)) in results {
            let name = format!("{} on {label}", file.display());
            if let Some(fresh) = &fresh {
                let text = fresh.to_snapshot();
                if snapshots::writing()
                    && snapshots::read(&file, label, "out").as_deref() != Some(&text)
                {
                    snapshots::write(&file, label, "out", &text);
                }
                if snapshots::read(&file, label, "out").as_deref() != Some(&text) {
                    stale.push(name.clone());
                }
            }
            let Some(expected) =
                snapshots::read(&file, label, "out").and_then(|t| Outcome::from_snapshot(&t))
            else {
                missing.push(name);
                continue;
            };
            if same(&expected, &ours) {
                matched += 1;
            } else {
                differ.push(file.display().to_string());
            }
        }
        let total = matched + differ.len();
        println!("library corpus on {label}: {matched} of {total} match");
        if !differ.is_empty() {
            println!("  differ: {}", differ.join(" "));
        }
        if REQUIRED_ON.contains(&label) && (matched as f64) < REQUIRED * total as f64 {
            short.push(format!("{label}: {matched} of {total}"));
        }
    }
    assert!(
        missing.is_empty(),
        "no snapshot for (scripts/snapshots.sh writes them):\n{}",
        missing.join("\n")
    );
    assert!(
        stale.is_empty(),
        "snapshots out of date against this machine's CPython:\n{}",
        stale.join("\n")
    );
    assert!(
        short.is_empty(),
        "fewer than {}% match: {}",
        REQUIRED * 100.0,
        short.join(", ")
    );
}

/// `urllib.request.urlopen` (the shape of the documentation's thread-pool example) waits on
/// the simulated network as `requests.get` does: three requests on five workers overlap, so
/// the run takes one round trip, not three; no data crosses the network.
#[test]
fn urlopen_runs_on_the_simulated_network() {
    let source = "import concurrent.futures\nimport urllib.request\n\n\
        URLS = ['http://a.example/', 'http://b.example/', 'http://c.example/']\n\n\
        def load_url(url, timeout):\n    with urllib.request.urlopen(url, timeout=timeout) as conn:\n        return conn.read()\n\n\
        with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:\n    \
        future_to_url = {executor.submit(load_url, url, 60): url for url in URLS}\n    \
        for future in concurrent.futures.as_completed(future_to_url):\n        \
        print('%r page is %d bytes' % (future_to_url[future], len(future.result())))\n";
    let settings = gil_sim::Settings::default();
    let sim = gil_sim::simulate(
        source,
        gil_sim::PyVersion::Py311,
        "docs.py",
        settings,
        gil_sim::Budget::default(),
    )
    .expect("the program compiles");
    let out = sim.output.text(gil_sim::Stream::Stdout);
    assert_eq!(
        out.lines()
            .filter(|l| l.ends_with("page is 0 bytes"))
            .count(),
        3,
        "{out}"
    );
    let latency = settings.io_latency;
    assert!(
        sim.virtual_time.0 < latency.0 * 2,
        "{:?} for a latency of {latency:?}",
        sim.virtual_time
    );
}

/// `open()` works on an in-memory file system shared by the run's processes: threads write
/// files, a child process writes one its parent reads after `join()`, appends accumulate, a
/// missing file is CPython's error; `io.StringIO` and `io.BytesIO` too. The expected text is
/// what CPython 3.11 printed for this program (run in an empty folder).
#[test]
fn files_live_in_memory_shared_by_processes() {
    let source = r#"import io
import multiprocessing
import threading

def writer(n):
    with open(f"part-{n}.txt", "w") as f:
        f.write(f"line from worker {n}\n")
        f.writelines(["a\n", "b\n"])

threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
for t in threads: t.start()
for t in threads: t.join()
for n in range(3):
    with open(f"part-{n}.txt") as f:
        print(n, f.readline().strip(), len(f.readlines()))
with open("log.txt", "a") as f:
    f.write("one\n")
with open("log.txt", "a") as f:
    f.write("two\n")
print(open("log.txt").read().split())

def child():
    with open("from-child.txt", "w") as f:
        f.write("hello from the child")

if __name__ == "__main__":
    p = multiprocessing.Process(target=child)
    p.start(); p.join()
    with open("from-child.txt") as f:
        print(f.read())
    try:
        open("missing.txt")
    except FileNotFoundError as e:
        print(e)
    buf = io.StringIO()
    buf.write("x=1\n"); buf.write("y=2\n")
    print(buf.getvalue().splitlines())
    b = io.BytesIO(b"abc")
    print(b.read(2), b.read())
    with open("data.bin", "wb") as f:
        f.write(b"\x00\x01")
    print(open("data.bin", "rb").read())
"#;
    let expected = r#"0 line from worker 0 2
1 line from worker 1 2
2 line from worker 2 2
['one', 'two']
hello from the child
[Errno 2] No such file or directory: 'missing.txt'
['x=1', 'y=2']
b'ab' b'c'
b'\x00\x01'
"#;
    for version in [
        gil_sim::PyVersion::Py39,
        gil_sim::PyVersion::Py311,
        gil_sim::PyVersion::Py313,
    ] {
        let sim = gil_sim::simulate(
            source,
            version,
            "files.py",
            gil_sim::Settings::default(),
            gil_sim::Budget::default(),
        )
        .expect("the program compiles");
        assert_eq!(
            sim.output.text(gil_sim::Stream::Stdout),
            expected,
            "{version:?}"
        );
    }
}

/// One line per draw sequence of `test_data/random/draws.py`: its label and an FNV-1a hash
/// of its 10 000 draws (the output itself is about 2 MB a version).
fn draw_digest(out: &str) -> String {
    out.lines()
        .map(|line| {
            let (label, draws) = line.split_once(": ").unwrap_or((line, ""));
            let hash = draws.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            });
            format!("{label}\t{hash:016x}\n")
        })
        .collect()
}

/// `random` gives CPython's numbers: 10 000 draws of each function after `seed(k)` (and
/// of `Random` instances, shuffles, samples...) equal CPython's on every version.
#[test]
fn random_draws_equal_cpythons() {
    let file = Path::new("random/draws.py");
    for (label, version) in VERSIONS {
        let fresh = python(label).map(|p| draw_digest(&snapshots::cpython_run(&p, file).stdout));
        if let Some(fresh) = &fresh {
            if snapshots::writing()
                && snapshots::read(file, label, "digest").as_ref() != Some(fresh)
            {
                snapshots::write(file, label, "digest", fresh);
            }
            assert_eq!(
                snapshots::read(file, label, "digest").as_ref(),
                Some(fresh),
                "the snapshot of {label} is out of date"
            );
        }
        let expected = snapshots::read(file, label, "digest").unwrap_or_else(|| {
            panic!("no snapshot of the draws on {label} (scripts/snapshots.sh writes it)")
        });
        let ours = draw_digest(&snapshots::simulate(file, version).stdout);
        let equal = ours
            .lines()
            .zip(expected.lines())
            .filter(|(a, b)| a == b)
            .count();
        println!(
            "random on {label}: {equal} of {} draw sequences equal CPython's",
            expected.lines().count()
        );
        assert_eq!(ours, expected, "random on {label}");
    }
}
