//! Differential tests against real CPython (pyenv's 3.9–3.13 on this machine kind):
//! `gilsim dis` must equal `dis` for every corpus and seed program on every version, and
//! `gilsim run` must print what `python file.py` prints (stdout, stderr, exit status).
//! A version whose interpreter is missing is skipped with a message.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{python, python_files};
use gil_sim::PyVersion;
use gil_sim::vm::output::Stream;
use gil_sim::vm::run::Budget;

mod common;

const VERSIONS: [(&str, PyVersion); 5] = [
    ("3.9", PyVersion::Py39),
    ("3.10", PyVersion::Py310),
    ("3.11", PyVersion::Py311),
    ("3.12", PyVersion::Py312),
    ("3.13", PyVersion::Py313),
];

/// Seed programs that run on one thread; the others need the thread model.
const SINGLE_THREAD_SEEDS: [&str; 2] = ["001_getrefcount.py", "002_getrefcount_del.py"];

/// Marks a corpus program whose output differs from run to run (wall-clock times...).
const NONDETERMINISTIC: &str = "# gil-lab: nondeterministic";

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data")
}

fn corpus() -> Vec<PathBuf> {
    let mut files = python_files(&data_dir().join("programs"));
    files.extend(python_files(&data_dir().join("seeds")));
    files
}

/// CPython's disassembly of every file, by path.
fn cpython_dis(python: &Path, files: &[PathBuf]) -> HashMap<PathBuf, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/dis_plain.py");
    let output = Command::new(python)
        .arg("-B")
        .arg(&script)
        .args(files)
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
        out.insert(PathBuf::from(path), body.trim_end().to_string());
    }
    out
}

#[test]
fn dis_matches_cpython_for_every_corpus_and_seed_program() {
    let files = corpus();
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for (label, version) in VERSIONS {
        let Some(python) = python(label) else {
            eprintln!("skipping dis on {label}: no CPython {label} under pyenv");
            continue;
        };
        let expected = cpython_dis(&python, &files);
        for file in &files {
            let source = std::fs::read_to_string(file).expect("reading a corpus file");
            let ours = match gil_sim::disassemble(&source, version) {
                Ok(text) => text.trim_end().to_string(),
                Err(diagnostics) => format!("error: {diagnostics:?}"),
            };
            compared += 1;
            if expected.get(file).map(String::as_str) != Some(ours.as_str()) {
                mismatches.push(format!("{} on {label}", file.display()));
            }
        }
    }
    println!(
        "dis: {compared} file × version pairs compared, {} equal",
        compared - mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "dis differs from CPython for:\n{}",
        mismatches.join("\n")
    );
}

/// What a run printed and how it ended.
#[derive(Debug, PartialEq)]
struct Outcome {
    stdout: String,
    stderr: String,
    status: i32,
}

fn cpython_run(python: &Path, file: &Path) -> Outcome {
    let output = Command::new(python)
        .arg("-B")
        .arg(file)
        .env("PYTHONHASHSEED", "0")
        .output()
        .expect("running CPython");
    Outcome {
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
        status: output.status.code().unwrap_or(-1),
    }
}

fn gilsim_run(file: &Path, version: PyVersion) -> Outcome {
    let source = std::fs::read_to_string(file).expect("reading a corpus file");
    let shown = file.display().to_string();
    match gil_sim::run_program(&source, version, &shown, Budget::default()) {
        Ok(report) => Outcome {
            stdout: report.output.text(Stream::Stdout),
            stderr: report.output.text(Stream::Stderr),
            status: report.ending.status(),
        },
        Err(diagnostics) => Outcome {
            stdout: String::new(),
            stderr: format!("{diagnostics:?}"),
            status: 1,
        },
    }
}

fn runnable() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = python_files(&data_dir().join("programs"))
        .into_iter()
        .filter(|f| {
            let source = std::fs::read_to_string(f).unwrap_or_default();
            !source.contains(NONDETERMINISTIC)
        })
        .collect();
    for seed in SINGLE_THREAD_SEEDS {
        files.push(data_dir().join("seeds").join(seed));
    }
    files
}

#[test]
fn run_output_matches_cpython_on_every_version() {
    let files = runnable();
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for (label, version) in VERSIONS {
        let Some(python) = python(label) else {
            eprintln!("skipping runs on {label}: no CPython {label} under pyenv");
            continue;
        };
        let results: Vec<(PathBuf, bool)> = std::thread::scope(|scope| {
            let halves: Vec<_> = files
                .chunks(files.len().div_ceil(2))
                .map(|chunk| {
                    let python = python.clone();
                    scope.spawn(move || {
                        chunk
                            .iter()
                            .map(|file| {
                                let expected = cpython_run(&python, file);
                                let ours = gilsim_run(file, version);
                                if expected != ours {
                                    eprintln!(
                                        "--- {} on {label}\nCPython: {expected:?}\ngilsim:  {ours:?}",
                                        file.display()
                                    );
                                }
                                (file.clone(), expected == ours)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            halves
                .into_iter()
                .flat_map(|h| h.join().expect("a test thread"))
                .collect()
        });
        for (file, equal) in results {
            compared += 1;
            if !equal {
                mismatches.push(format!("{} on {label}", file.display()));
            }
        }
    }
    println!(
        "run: {compared} program × version pairs compared, {} equal",
        compared - mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "output differs from CPython for:\n{}",
        mismatches.join("\n")
    );
}
