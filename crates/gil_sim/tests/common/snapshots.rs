//! What CPython said about the corpus, committed beside it so that the tests stand alone:
//! `test_data/snapshots/<corpus>/<program>/<version>.dis` (the plain disassembly) and
//! `<version>.out` (exit status, stdout and stderr). Tests compare the simulator with these on
//! every machine; where a CPython of that version is installed they also check that the
//! snapshot is still what it says, and `GIL_LAB_SNAPSHOTS=write` rewrites them from it
//! (`scripts/snapshots.sh`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The versions snapshots are kept for: the label CPython is found by, and the simulator's.
pub const VERSIONS: [(&str, gil_sim::PyVersion); 5] = [
    ("3.9", gil_sim::PyVersion::Py39),
    ("3.10", gil_sim::PyVersion::Py310),
    ("3.11", gil_sim::PyVersion::Py311),
    ("3.12", gil_sim::PyVersion::Py312),
    ("3.13", gil_sim::PyVersion::Py313),
];

/// The test data folder; corpus paths are given relative to it (tracebacks show them so).
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data")
}

/// True when the run should rewrite the snapshots from the installed CPythons.
pub fn writing() -> bool {
    std::env::var("GIL_LAB_SNAPSHOTS").is_ok_and(|v| v == "write")
}

/// Where the snapshot of `kind` (`dis` or `out`) for corpus file `file` (relative to the test
/// data folder) on version `label` lives.
pub fn path(file: &Path, label: &str, kind: &str) -> PathBuf {
    let stem = file.with_extension("");
    data_dir()
        .join("snapshots")
        .join(stem)
        .join(format!("{label}.{kind}"))
}

/// The snapshot's text, or None when there is none.
pub fn read(file: &Path, label: &str, kind: &str) -> Option<String> {
    std::fs::read_to_string(path(file, label, kind)).ok()
}

/// Writes a snapshot.
pub fn write(file: &Path, label: &str, kind: &str, text: &str) {
    let at = path(file, label, kind);
    std::fs::create_dir_all(at.parent().expect("a snapshot has a folder"))
        .expect("creating a snapshot folder");
    std::fs::write(&at, text).unwrap_or_else(|e| panic!("writing {}: {e}", at.display()));
}

/// Records which interpreter each version's snapshots came from.
pub fn write_oracle_version(label: &str, python: &Path) {
    let output = Command::new(python)
        .arg("-c")
        .arg("import sys; print(sys.version.split()[0])")
        .output()
        .expect("asking CPython its version");
    let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let file = data_dir().join("snapshots/ORACLES.txt");
    std::fs::create_dir_all(data_dir().join("snapshots")).expect("creating the snapshot folder");
    let old = std::fs::read_to_string(&file).unwrap_or_default();
    let mut lines: Vec<String> = old
        .lines()
        .filter(|l| !l.starts_with(&format!("{label} ")))
        .map(str::to_string)
        .collect();
    lines.push(format!("{label} {version}"));
    lines.sort_by_key(|l| {
        l.split(['.', ' '])
            .take(2)
            .map(|p| p.parse::<u32>().unwrap_or(0))
            .collect::<Vec<_>>()
    });
    std::fs::write(&file, lines.join("\n") + "\n").expect("writing ORACLES.txt");
}

/// What a run printed and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// The snapshot form: a header with the status and both lengths in bytes, then stdout and
    /// stderr as they are (so any text reads back exactly).
    pub fn to_snapshot(&self) -> String {
        format!(
            "exit {}, stdout {} bytes, stderr {} bytes\n{}{}",
            self.status,
            self.stdout.len(),
            self.stderr.len(),
            self.stdout,
            self.stderr
        )
    }

    /// Reads the snapshot form back; None when it is not one.
    pub fn from_snapshot(text: &str) -> Option<Outcome> {
        let (header, rest) = text.split_once('\n')?;
        let words: Vec<&str> = header.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        let [
            "exit",
            status,
            "stdout",
            out_len,
            "bytes",
            "stderr",
            err_len,
            "bytes",
        ] = words.as_slice()
        else {
            return None;
        };
        let (out_len, err_len): (usize, usize) = (out_len.parse().ok()?, err_len.parse().ok()?);
        if rest.len() != out_len + err_len || !rest.is_char_boundary(out_len) {
            return None;
        }
        Some(Outcome {
            status: status.parse().ok()?,
            stdout: rest[..out_len].to_string(),
            stderr: rest[out_len..].to_string(),
        })
    }
}

/// Runs `file` (relative to the test data folder) under CPython, from that folder. CPython
/// shows the main file's absolute path in tracebacks; the folder's own path is taken out, so
/// the snapshot names the file as the simulator's run does, on any machine.
pub fn cpython_run(python: &Path, file: &Path) -> Outcome {
    let output = Command::new(python)
        .arg("-B")
        .arg(file)
        .current_dir(data_dir())
        .env("PYTHONHASHSEED", "0")
        .output()
        .expect("running CPython");
    let here = format!("{}/", data_dir().display());
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&here, "");
    Outcome {
        stdout: text(&output.stdout),
        stderr: text(&output.stderr),
        status: output.status.code().unwrap_or(-1),
    }
}

/// The simulator's run of `file`, with what it broke of the invariants that hold after any
/// run ([`gil_sim::invariants`]).
pub fn simulate(file: &Path, version: gil_sim::PyVersion) -> Outcome {
    let shown = file.display().to_string();
    let settings = gil_sim::Settings::default();
    match gil_sim::simulate(
        &std::fs::read_to_string(data_dir().join(file)).expect("reading a corpus file"),
        version,
        &shown,
        settings,
        gil_sim::Budget::default(),
    ) {
        Ok(sim) => {
            let problems = gil_sim::check_invariants(&sim, &settings);
            assert!(problems.is_empty(), "{shown} on {version:?}: {problems:#?}");
            Outcome {
                stdout: sim.output.text(gil_sim::Stream::Stdout),
                stderr: sim.output.text(gil_sim::Stream::Stderr),
                status: sim.ending.status(),
            }
        }
        Err(diagnostics) => Outcome {
            stdout: String::new(),
            stderr: format!("{diagnostics:?}"),
            status: 1,
        },
    }
}

/// `each` of `files`, in their order, on two threads (the machines have two cores): CPython's
/// run and the simulator's, for example. A panic names the file it happened on.
pub fn on_two_threads<T: Send>(
    files: &[PathBuf],
    each: impl Fn(&Path) -> T + Sync,
) -> Vec<(PathBuf, T)> {
    let each = &each;
    std::thread::scope(|scope| {
        let halves: Vec<_> = files
            .chunks(files.len().div_ceil(2).max(1))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|file| {
                            let result =
                                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                    each(file)
                                }))
                                .unwrap_or_else(|_| panic!("{}: the run panicked", file.display()));
                            (file.clone(), result)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves
            .into_iter()
            .flat_map(|h| h.join().expect("a test thread"))
            .collect()
    })
}

/// One comparison's tally, printed as the tests' counts.
#[derive(Default)]
pub struct Tally {
    pub compared: usize,
    pub mismatches: Vec<String>,
    /// Snapshots checked against an installed CPython, and those found out of date.
    pub checked: usize,
    pub stale: Vec<String>,
    pub missing: Vec<String>,
    pub written: usize,
}

impl Tally {
    /// Compares `ours` with the snapshot of `file` on `label`, first checking the snapshot
    /// against `fresh` (what CPython says here), or writing it from `fresh` when asked.
    pub fn compare(
        &mut self,
        file: &Path,
        label: &str,
        kind: &str,
        fresh: Option<&str>,
        ours: &str,
    ) {
        let name = format!("{} on {label}", file.display());
        if let Some(fresh) = fresh
            && writing()
            && read(file, label, kind).as_deref() != Some(fresh)
        {
            write(file, label, kind, fresh);
            self.written += 1;
        }
        let Some(snapshot) = read(file, label, kind) else {
            self.missing.push(name);
            return;
        };
        if let Some(fresh) = fresh {
            self.checked += 1;
            if fresh != snapshot {
                self.stale.push(name.clone());
            }
        }
        self.compared += 1;
        if ours != snapshot {
            self.mismatches.push(name);
        }
    }

    /// Prints the counts and fails on anything missing, stale or different.
    pub fn finish(self, what: &str) {
        println!(
            "{what}: {} file × version pairs compared with CPython's snapshots, {} equal; {} snapshots checked against an installed CPython, {} written",
            self.compared,
            self.compared - self.mismatches.len(),
            self.checked,
            self.written,
        );
        assert!(
            self.missing.is_empty(),
            "{what}: no snapshot for (scripts/snapshots.sh writes them where CPython is installed):\n{}",
            self.missing.join("\n")
        );
        assert!(
            self.stale.is_empty(),
            "{what}: the snapshot is not what CPython says here (scripts/snapshots.sh rewrites it):\n{}",
            self.stale.join("\n")
        );
        assert!(
            self.mismatches.is_empty(),
            "{what}: the simulator differs from CPython's snapshot for:\n{}",
            self.mismatches.join("\n")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::Outcome;

    #[test]
    fn outcomes_read_back_exactly() {
        let outcome = Outcome {
            status: 3,
            stdout: "exit 0, stdout 1 bytes\nα\n".to_string(),
            stderr: "Traceback\n".to_string(),
        };
        assert_eq!(
            Outcome::from_snapshot(&outcome.to_snapshot()),
            Some(outcome)
        );
        assert_eq!(
            Outcome::from_snapshot("exit 0, stdout 5 bytes, stderr 0 bytes\nab"),
            None
        );
    }
}
