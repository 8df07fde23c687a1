//! The seed table: every seed program, unmodified, through `gilsim run` in the modes that
//! `docs/seeds.md` lists, each checked against what CPython shows. Prints the table
//! program × mode → outcome, PASS/FAIL.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run printed and how it ended.
struct Outcome {
    stdout: String,
    stderr: String,
    status: i32,
}

/// A row's verdict, with what was seen.
enum Verdict {
    Pass(String),
    Fail(String),
}

type Check = fn(&Outcome) -> Verdict;

/// One row: program, options, the expectation in words, and its check.
struct Row {
    program: &'static str,
    options: &'static [&'static str],
    expected: &'static str,
    check: Check,
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../gil_sim/test_data/seeds")
}

fn run(program: &str, options: &[&str]) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .arg("run")
        .args(options)
        .arg(seeds_dir().join(program))
        .output()
        .expect("gilsim runs");
    Outcome {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        status: output.status.code().unwrap_or(-1),
    }
}

/// The number after `prefix` on the first line that has it.
fn number_after(text: &str, prefix: &str) -> Option<f64> {
    let at = text.find(prefix)? + prefix.len();
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(rest.len());
    rest[..end].trim_end_matches('.').parse().ok()
}

fn verdict(ok: bool, seen: String) -> Verdict {
    if ok {
        Verdict::Pass(seen)
    } else {
        Verdict::Fail(seen)
    }
}

fn exact(out: &Outcome, expected: &str) -> Verdict {
    verdict(
        out.status == 0 && out.stdout == expected,
        format!("{:?} (exit {})", out.stdout.trim_end(), out.status),
    )
}

fn counter(out: &Outcome, prefix: &str, expected: f64, lose: bool) -> Verdict {
    let Some(found) = number_after(&out.stdout, prefix).or(number_after(&out.stderr, prefix))
    else {
        return Verdict::Fail(format!("no '{prefix}' line; exit {}", out.status));
    };
    let lost = 1.0 - found / expected;
    let ok = out.status == 0
        && if lose {
            found < expected
        } else {
            found == expected
        };
    verdict(ok, format!("{found} (lost {:.0}%)", lost * 100.0))
}

fn race_counter(out: &Outcome, expected: f64, lose: bool) -> Verdict {
    let starting = (0..5)
        .filter(|i| {
            out.stderr
                .contains(&format!(" - DEBUG - Thread {i}, starting"))
        })
        .count();
    if starting != 5 {
        return Verdict::Fail(format!("{starting} of 5 'starting' log lines"));
    }
    counter(out, "got ", expected, lose)
}

fn speedups(
    out: &Outcome,
    threads: std::ops::RangeInclusive<f64>,
    processes: std::ops::RangeInclusive<f64>,
) -> Verdict {
    let t = number_after(&out.stdout, "Threading speedup: ").unwrap_or(0.0);
    let p = number_after(&out.stdout, "Multiprocessing speedup: ").unwrap_or(0.0);
    verdict(
        out.status == 0 && threads.contains(&t) && processes.contains(&p),
        format!("threads {t}×, processes {p}×"),
    )
}

const ROWS: &[Row] = &[
    Row {
        program: "000_sleep_threads.py",
        options: &[],
        expected: "Finished in 12.0 second(s) (±0.02)",
        check: |out| {
            let seconds = number_after(&out.stdout, "Finished in ").unwrap_or(-1.0);
            verdict(
                out.status == 0 && (seconds - 12.0).abs() <= 0.02,
                format!("{seconds} s"),
            )
        },
    },
    Row {
        program: "001_getrefcount.py",
        options: &["--python", "2.7"],
        expected: "References to a : 3",
        check: |out| exact(out, "References to a : 3\n"),
    },
    Row {
        program: "001_getrefcount.py",
        options: &["--python", "3.9"],
        expected: "References to a : 3",
        check: |out| exact(out, "References to a : 3\n"),
    },
    Row {
        program: "001_getrefcount.py",
        options: &["--python", "3.11"],
        expected: "References to a : 3",
        check: |out| exact(out, "References to a : 3\n"),
    },
    Row {
        program: "001_getrefcount.py",
        options: &["--python", "3.13"],
        expected: "References to a : 3",
        check: |out| exact(out, "References to a : 3\n"),
    },
    Row {
        program: "002_getrefcount_del.py",
        options: &["--python", "3.9"],
        expected: "3 then 2",
        check: |out| exact(out, "3\n2\n"),
    },
    Row {
        program: "002_getrefcount_del.py",
        options: &["--python", "3.12"],
        expected: "3 then 2",
        check: |out| exact(out, "3\n2\n"),
    },
    Row {
        program: "002_counter_race.py",
        options: &["--python", "3.9"],
        expected: "< 5000000 (CPython 3.9 loses 43–52%)",
        check: |out| race_counter(out, 5e6, true),
    },
    Row {
        program: "002_counter_race.py",
        options: &["--python", "3.10"],
        expected: "5000000",
        check: |out| race_counter(out, 5e6, false),
    },
    Row {
        program: "002_counter_race.py",
        options: &["--python", "3.11"],
        expected: "5000000",
        check: |out| race_counter(out, 5e6, false),
    },
    Row {
        program: "002_counter_race.py",
        options: &["--python", "3.12"],
        expected: "5000000",
        check: |out| race_counter(out, 5e6, false),
    },
    Row {
        program: "002_counter_race.py",
        options: &["--python", "3.13"],
        expected: "5000000",
        check: |out| race_counter(out, 5e6, false),
    },
    Row {
        program: "002_counter_race.py",
        options: &["--python", "3.13", "--gil", "off"],
        expected: "< 5000000",
        check: |out| race_counter(out, 5e6, true),
    },
    Row {
        program: "002_counter_lock.py",
        options: &["--python", "3.9"],
        expected: "5000000",
        check: |out| race_counter(out, 5e6, false),
    },
    Row {
        program: "002_counter_lock.py",
        options: &["--python", "3.13", "--gil", "off"],
        expected: "5000000",
        check: |out| race_counter(out, 5e6, false),
    },
    Row {
        program: "002_bank_deadlock.py",
        options: &[],
        expected: "balances, Locked account 1/2, deadlock: both threads, both locks, lines 16 and 19; exit 3",
        check: |out| {
            let stdout_ok = out.stdout.contains("Account 1: $1000")
                && out.stdout.contains("Locked account 1")
                && out.stdout.contains("Locked account 2")
                && !out.stdout.contains("Transferred");
            let names = [
                "deadlock detected",
                "Thread-1 (unsafe_transfer) holds account",
                "Thread-2 (unsafe_transfer) holds account",
                "account1.lock (taken at line 16)",
                "account2.lock (taken at line 16)",
                "at line 19",
            ];
            let missing: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| !out.stderr.contains(n))
                .collect();
            verdict(
                out.status == 3 && stdout_ok && missing.is_empty(),
                format!("exit {}, missing {missing:?}", out.status),
            )
        },
    },
    Row {
        program: "002_bank_ordered.py",
        options: &[],
        expected: "Account 1: $800, Account 2: $1200",
        check: |out| {
            verdict(
                out.status == 0 && out.stdout.contains("Account 1: $800\nAccount 2: $1200"),
                format!("exit {}", out.status),
            )
        },
    },
    Row {
        program: "002_cpu_threads_processes.py",
        options: &[],
        expected: "threading 0.8–1.1×; 4 processes on 4 cores ≈3× (docs/cpython.md §7: 2.3–3.7)",
        check: |out| speedups(out, 0.8..=1.1, 2.6..=3.6),
    },
    Row {
        program: "002_cpu_threads_processes.py",
        options: &["--cores", "2"],
        expected: "threading 0.8–1.1×; 4 processes on 2 cores ≈1.9× (1.6–2.0)",
        check: |out| speedups(out, 0.8..=1.1, 1.6..=2.0),
    },
    Row {
        program: "002_cpu_threads_processes.py",
        options: &["--gil", "off"],
        expected: "free-threaded: threads ≈ processes (≈3× both on 4 cores)",
        check: |out| speedups(out, 2.6..=3.6, 2.6..=3.6),
    },
    Row {
        program: "002_cpu_threads_processes.py",
        options: &["--os", "macos", "--run-as", "notebook"],
        expected: "spawn from a notebook: children die with AttributeError; bogus speedup > 4×",
        check: |out| {
            let crashes = out
                .stderr
                .matches("AttributeError: Can't get attribute 'cpu_bound_task' on <module '__main__' (built-in)>")
                .count();
            let speedup = number_after(&out.stdout, "Multiprocessing speedup: ").unwrap_or(0.0);
            verdict(
                out.status == 0 && crashes == 4 && speedup > 4.0,
                format!("{crashes} children crashed, speedup {speedup}×"),
            )
        },
    },
    Row {
        program: "002_io_threads.py",
        options: &[],
        expected: "threads 3.0–4.5× faster",
        check: |out| {
            let speedup = number_after(&out.stdout, "Speed difference: ").unwrap_or(0.0);
            verdict(
                out.status == 0 && (3.0..=4.5).contains(&speedup),
                format!("{speedup}×"),
            )
        },
    },
    Row {
        program: "003_pool_counter.py",
        options: &[],
        expected: "each worker prints 101, 102, 103; main prints 100; distinct pids",
        check: |out| {
            let pids: std::collections::BTreeSet<String> = out
                .stdout
                .lines()
                .filter_map(|l| l.split("PID: ").nth(1))
                .map(|rest| rest.split(',').next().unwrap_or("").to_string())
                .collect();
            let counts: Vec<usize> = ["101", "102", "103"]
                .iter()
                .map(|n| out.stdout.lines().filter(|l| l == n).count())
                .collect();
            verdict(
                out.status == 0
                    && pids.len() == 3
                    && counts == [2, 2, 2]
                    && out
                        .stdout
                        .ends_with("Main execution finished\nGlobal counter in main: 100\n"),
                format!("{} pids, 101–103 counts {counts:?}", pids.len()),
            )
        },
    },
    Row {
        program: "003_race_global.py",
        options: &["--python", "2.7"],
        expected: "< 2000000",
        check: |out| counter(out, "Final value: ", 2e6, true),
    },
    Row {
        program: "003_race_global.py",
        options: &["--python", "3.9"],
        expected: "< 2000000 (CPython loses 25–42%)",
        check: |out| counter(out, "Final value: ", 2e6, true),
    },
    Row {
        program: "003_race_global.py",
        options: &["--python", "3.10"],
        expected: "2000000",
        check: |out| counter(out, "Final value: ", 2e6, false),
    },
    Row {
        program: "003_race_global.py",
        options: &["--python", "3.12"],
        expected: "2000000",
        check: |out| counter(out, "Final value: ", 2e6, false),
    },
    Row {
        program: "003_race_global.py",
        options: &["--python", "3.13", "--gil", "off"],
        expected: "< 2000000",
        check: |out| counter(out, "Final value: ", 2e6, true),
    },
    Row {
        program: "003_lock_with.py",
        options: &["--python", "3.9"],
        expected: "2000000",
        check: |out| counter(out, "Corrected Final value: ", 2e6, false),
    },
    Row {
        program: "003_lock_with.py",
        options: &["--python", "3.13", "--gil", "off"],
        expected: "2000000",
        check: |out| counter(out, "Corrected Final value: ", 2e6, false),
    },
    Row {
        program: "003_lock_acquire_release.py",
        options: &["--python", "2.7"],
        expected: "2000000",
        check: |out| counter(out, "Corrected Final value: ", 2e6, false),
    },
    Row {
        program: "003_lock_acquire_release.py",
        options: &["--python", "3.11"],
        expected: "2000000",
        check: |out| counter(out, "Corrected Final value: ", 2e6, false),
    },
    Row {
        program: "004_hello_threads.py",
        options: &[],
        expected: "four 'I'm thread number n!' (line ends may interleave)",
        check: |out| {
            let flat = out.stdout.replace('\n', "");
            let all = (0..4).all(|n| flat.matches(&format!("I'm thread number {n}!")).count() == 1);
            verdict(
                out.status == 0 && all && out.stdout.matches('\n').count() == 4,
                format!("{:?}", out.stdout),
            )
        },
    },
];

#[test]
fn seed_copies_are_the_unmodified_seed_programs() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed-programs");
    if !shared.is_dir() {
        eprintln!("skipped: {} is absent", shared.display());
        return;
    }
    for row in ROWS {
        let ours = std::fs::read(seeds_dir().join(row.program)).expect("seed copy");
        let theirs = std::fs::read(shared.join(row.program)).expect("shared seed");
        assert_eq!(ours, theirs, "{} differs from the shared seed", row.program);
    }
}

#[test]
fn seed_table() {
    let programs: std::collections::BTreeSet<&str> = ROWS.iter().map(|r| r.program).collect();
    assert_eq!(programs.len(), 14, "every seed program has a row");
    let results: Vec<(usize, Verdict)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|worker| {
                scope.spawn(move || {
                    (0..ROWS.len())
                        .filter(|i| i % 2 == worker)
                        .map(|i| (i, (ROWS[i].check)(&run(ROWS[i].program, ROWS[i].options))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all: Vec<(usize, Verdict)> = workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker"))
            .collect();
        all.sort_by_key(|(i, _)| *i);
        all
    });
    println!(
        "\n{:<30} {:<26} {:<8} {:<52} expected",
        "program", "mode", "result", "outcome"
    );
    let mut failures = 0;
    for (i, verdict) in &results {
        let row = &ROWS[*i];
        let mode = if row.options.is_empty() {
            "3.11, GIL on".to_string()
        } else {
            row.options.join(" ")
        };
        let (word, seen) = match verdict {
            Verdict::Pass(seen) => ("PASS", seen),
            Verdict::Fail(seen) => {
                failures += 1;
                ("FAIL", seen)
            }
        };
        println!(
            "{:<30} {:<26} {:<8} {:<52} {}",
            row.program, mode, word, seen, row.expected
        );
    }
    assert_eq!(failures, 0, "seed table has failures");
}

/// `gilsim explore` finds every final value of two threads of three `counter += 1` on 3.9
/// (2 to 6) and only 6 on 3.11, and the bank seed's deadlock.
#[test]
fn explore_prints_every_outcome() {
    let dir = std::env::temp_dir().join(format!("gilsim-explore-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let program = dir.join("counter.py");
    std::fs::write(
        &program,
        "import threading\n\ncounter = 0\n\ndef work():\n    global counter\n    for _ in range(3):\n        counter += 1\n\nts = [threading.Thread(target=work) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(counter)\n",
    )
    .expect("the program is written");
    let explore = |args: &[&str], file: &Path| {
        let output = Command::new(env!("CARGO_BIN_EXE_gilsim"))
            .arg("explore")
            .args(args)
            .arg(file)
            .output()
            .expect("gilsim runs");
        (
            String::from_utf8_lossy(&output.stdout).into_owned(),
            output.status.code(),
        )
    };
    let (text, status) = explore(&["--python", "3.9"], &program);
    assert_eq!(status, Some(0), "{text}");
    assert!(text.contains("5 distinct outcomes"), "{text}");
    let mut values: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("    | "))
        .collect();
    values.sort();
    assert_eq!(values, ["2", "3", "4", "5", "6"], "{text}");
    assert!(text.contains("Lost updates in "), "{text}");
    let (text, _) = explore(&["--python", "3.11", "--json"], &program);
    assert!(text.contains("\"stdout\":\"6\\n\""), "{text}");
    assert_eq!(text.matches("\"end\"").count(), 1, "{text}");
    // Prove the fix: with a lock around the increment, no schedule loses an update.
    let locked = dir.join("locked.py");
    std::fs::write(
        &locked,
        "import threading\n\ncounter = 0\nlock = threading.Lock()\n\ndef work():\n    global counter\n    for _ in range(3):\n        with lock:\n            counter += 1\n\nts = [threading.Thread(target=work) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(counter)\n",
    )
    .expect("the program is written");
    let (text, status) = explore(&["--python", "3.9"], &locked);
    assert_eq!(status, Some(0), "{text}");
    assert!(text.contains("1 distinct outcome:"), "{text}");
    assert!(text.contains("No lost update in any of the "), "{text}");
    assert!(text.contains("No deadlock in any of the "), "{text}");
    let (text, status) = explore(&["--python", "3.9", "--sample", "40"], &program);
    assert_eq!(status, Some(4), "a sample proves nothing: {text}");
    assert!(
        text.contains("40 sampled schedules (PCT, seed 1)"),
        "{text}"
    );
    let (text, status) = explore(&[], &seeds_dir().join("002_bank_deadlock.py"));
    assert_eq!(status, Some(0));
    assert!(text.contains("deadlock in"), "{text}");
    let (text, status) = explore(&[], &seeds_dir().join("002_bank_ordered.py"));
    assert_eq!(status, Some(0));
    assert!(text.contains("No deadlock in any of the "), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}
