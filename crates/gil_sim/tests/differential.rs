//! Differential tests against CPython's snapshots (`common/snapshots.rs`): `gilsim dis` must
//! equal CPython's `dis` for every corpus and seed program on every version, and `gilsim run`
//! must print what `python file.py` prints (stdout, stderr, exit status) for every
//! deterministic one. The snapshots are committed, so this runs on any machine; where a CPython
//! of a version is installed, its snapshots are also checked against it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::snapshots::{self, Outcome, Tally, VERSIONS, data_dir};
use common::{python, python_files};

mod common;

/// Seed programs that run on one thread; the others need the thread model.
const SINGLE_THREAD_SEEDS: [&str; 2] = ["001_getrefcount.py", "002_getrefcount_del.py"];

/// Marks a corpus program whose output differs from run to run (wall-clock times...).
const NONDETERMINISTIC: &str = "# gil-lab: nondeterministic";

/// Every corpus and seed file, relative to the test data folder.
fn corpus() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["programs", "seeds"] {
        files.extend(
            python_files(&data_dir().join(dir))
                .into_iter()
                .map(|f| Path::new(dir).join(f.file_name().expect("a file name"))),
        );
    }
    files
}

/// CPython's disassembly of every file, by path.
fn cpython_dis(python: &Path, files: &[PathBuf]) -> HashMap<PathBuf, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/dis_plain.py");
    let output = Command::new(python)
        .arg("-B")
        .arg(&script)
        .args(files)
        .current_dir(data_dir())
        .output()
        .expect("running the dis oracle");
    assert!(
        output.status.success(),
        "dis oracle failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    let mut out = HashMap::new();
    for chunk in text.split("=== ").skip(1) {
        let (path, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        out.insert(PathBuf::from(path), body.trim_end().to_string() + "\n");
    }
    out
}

fn read_source(file: &Path) -> String {
    std::fs::read_to_string(data_dir().join(file)).expect("reading a corpus file")
}

#[test]
fn dis_matches_cpython_for_every_corpus_and_seed_program() {
    let files = corpus();
    let mut tally = Tally::default();
    for (label, version) in VERSIONS {
        let fresh = python(label).map(|python| {
            if snapshots::writing() {
                snapshots::write_oracle_version(label, &python);
            }
            cpython_dis(&python, &files)
        });
        for file in &files {
            let ours = match gil_sim::disassemble(&read_source(file), version) {
                Ok(text) => text.trim_end().to_string() + "\n",
                Err(diagnostics) => format!("error: {diagnostics:?}\n"),
            };
            let expected = fresh.as_ref().and_then(|f| f.get(file)).map(String::as_str);
            tally.compare(file, label, "dis", expected, &ours);
        }
    }
    tally.finish("dis");
}

/// The programs whose output is the same on every run.
fn runnable() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = corpus()
        .into_iter()
        .filter(|f| f.starts_with("programs") && !read_source(f).contains(NONDETERMINISTIC))
        .collect();
    for seed in SINGLE_THREAD_SEEDS {
        files.push(Path::new("seeds").join(seed));
    }
    files
}

#[test]
fn run_output_matches_cpython_on_every_version() {
    let files = runnable();
    let mut tally = Tally::default();
    for (label, version) in VERSIONS {
        let python = python(label);
        let results = snapshots::on_two_threads(&files, |file| {
            let fresh = python.as_ref().map(|p| snapshots::cpython_run(p, file));
            (fresh, snapshots::simulate(file, version))
        });
        for (file, (fresh, ours)) in results {
            let expected =
                snapshots::read(&file, label, "out").and_then(|text| Outcome::from_snapshot(&text));
            if expected.as_ref() != Some(&ours) {
                eprintln!(
                    "--- {} on {label}\nCPython: {expected:?}\ngilsim:  {ours:?}",
                    file.display()
                );
            }
            let fresh = fresh.map(|f| f.to_snapshot());
            tally.compare(&file, label, "out", fresh.as_deref(), &ours.to_snapshot());
        }
    }
    tally.finish("run");
}
