//! Property tests: whatever the reader types, the compiler and the VM never panic, runs are
//! deterministic, and small generated programs print what CPython 3.11 prints.
//!
//! Inputs come from a seeded generator (no extra dependency): mutations of the corpus
//! programs, and random programs from a small grammar of the supported subset.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use gil_sim::Budget;
use gil_sim::PyVersion;
use gil_sim::Stream;

const VERSIONS: [PyVersion; 5] = [
    PyVersion::Py39,
    PyVersion::Py310,
    PyVersion::Py311,
    PyVersion::Py312,
    PyVersion::Py313,
];

mod common;

use common::programs::{ProgramGen, corpus_sources, mutate};
use common::snapshots::{self, Tally};
use common::{Rng, python};

fn small_budget() -> Budget {
    Budget {
        max_instructions: 200_000,
        ..Budget::default()
    }
}

/// Compiles and runs `source` on every version; panics are reported with the input.
fn never_panics(source: &str) {
    for version in VERSIONS {
        let result = catch_unwind(AssertUnwindSafe(|| {
            let _ = gil_sim::disassemble(source, version);
            let _ = gil_sim::run_program(source, version, "fuzz.py", small_budget());
        }));
        assert!(result.is_ok(), "panic on {version:?} for input:\n{source}");
    }
}

#[test]
fn mutated_corpus_programs_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let sources = corpus_sources();
    for round in 0..5 {
        for source in &sources {
            let mutated = mutate(&mut rng, source);
            never_panics(&mutated);
            if round == 0 {
                // Truncations exercise unfinished constructs.
                let cut = rng.below(source.len().max(1));
                if source.is_char_boundary(cut) {
                    never_panics(&source[..cut]);
                }
            }
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..300 {
        let len = rng.below(80);
        let text: String = (0..len)
            .map(|_| {
                let c = (rng.next() % 128) as u8;
                if c.is_ascii_graphic() || c == b' ' || c == b'\n' {
                    c as char
                } else {
                    ' '
                }
            })
            .collect();
        never_panics(&text);
    }
}

#[test]
fn generated_programs_are_deterministic_and_match_cpython() {
    let mut generator = ProgramGen {
        rng: Rng(7),
        depth: 0,
    };
    let programs: Vec<String> = (0..200).map(|_| generator.program()).collect();
    let run = |source: &str| {
        let report = gil_sim::run_program(source, PyVersion::Py311, "gen.py", Budget::default())
            .unwrap_or_else(|d| panic!("generated program does not compile: {d:?}\n{source}"));
        (
            report.output.text(Stream::Stdout),
            report.output.text(Stream::Stderr),
            report.instructions,
        )
    };
    for source in &programs {
        never_panics(source);
        assert_eq!(run(source), run(source), "two runs differ for:\n{source}");
    }
    // CPython 3.11's stdout for each, from the snapshots (checked against CPython where it is
    // installed: the programs are written to the test data folder's `generated/` for it).
    let python = python("3.11");
    let dir = snapshots::data_dir().join("generated");
    let mut tally = Tally::default();
    for (i, source) in programs.iter().enumerate() {
        let file = Path::new("generated").join(format!("gen{i:03}.py"));
        let fresh = python.as_ref().map(|python| {
            std::fs::create_dir_all(&dir).expect("creating the generated programs' folder");
            std::fs::write(snapshots::data_dir().join(&file), source)
                .expect("writing a generated program");
            snapshots::cpython_run(python, &file).stdout
        });
        let (ours, _, _) = run(source);
        tally.compare(&file, "3.11", "stdout", fresh.as_deref(), &ours);
    }
    let _ = std::fs::remove_dir_all(&dir);
    tally.finish("generated programs");
}

/// Python code that a builtin calls (`list(generator)`, `sorted(key=...)`, an import) runs to
/// its end inside that call; a runaway loop there still stops at the instruction budget.
#[test]
fn integers_that_keep_squaring_stop_at_the_simulators_size_limit() {
    // Found by the VM fuzz target: `x *= 3 * x + 1` doubles x's digits every step, and each
    // multiplication took longer than the last; `*`, `**` and `<<` stop at 2**20 bits.
    let programs = [
        ("x = 27\nwhile x != 1:\n    x *= 3 * x + 1\n", "*"),
        ("x = 3\nwhile True:\n    x = x ** 2\n", "**"),
        ("x = 1\nwhile True:\n    x <<= 4096\n", "<<"),
    ];
    for (source, op) in programs {
        for version in [PyVersion::Py39, PyVersion::Py313] {
            let report = gil_sim::run_program(source, version, "big.py", Budget::default())
                .unwrap_or_else(|d| panic!("{d:?}"));
            let stderr = report.output.text(gil_sim::Stream::Stderr);
            assert!(
                stderr.contains(&format!(
                    "MemoryError: the result of {op} is too large for this simulator"
                )),
                "{version:?}: {stderr}\n{source}"
            );
        }
    }
}

#[test]
fn padding_and_bytes_past_the_string_limit_raise_memory_error() {
    // Found by the VM fuzz target: 'x'.ljust(10**17) asked the allocator for 10**17 bytes.
    let source = "for f in [lambda: 'x'.ljust(10**17), lambda: 'x'.rjust(10**17), \
        lambda: 'x'.center(10**17, '\u{e9}'), lambda: '-1'.zfill(10**17), lambda: bytes(10**17)]:\n    \
        try:\n        f()\n    except MemoryError as e:\n        print(e)\n\
        print(len('ab'.center(10**6, '*')), '7'.zfill(3))\n";
    let report = gil_sim::run_program(source, PyVersion::Py311, "pad.py", Budget::default())
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(
        report.output.text(gil_sim::Stream::Stdout),
        "string too large for this simulator\n".repeat(4)
            + "bytes too large for this simulator\n1000000 007\n"
    );
}

#[test]
fn rounding_an_int_to_minus_a_billion_digits_is_zero_at_once() {
    // Found by the VM fuzz target: round(1234, -613293562) computed 10**613293562 first (as
    // CPython does, which takes it minutes); a value under half the power rounds to 0.
    let source = "print(round(1234, -613293562), round(-10**40, -10**15))\n";
    let report = gil_sim::run_program(source, PyVersion::Py311, "round.py", Budget::default())
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(report.output.text(gil_sim::Stream::Stdout), "0 0\n");
}

#[test]
fn runaway_code_inside_a_builtins_call_stops_at_the_budget() {
    let programs = [
        "def g():\n    while True:\n        pass\n    yield 1\nprint(list(g()))\n",
        "def key(x):\n    while True:\n        pass\nprint(sorted([2, 1], key=key))\n",
        "def g():\n    yield from g2()\ndef g2():\n    while True:\n        yield 1\nprint(sum(g()))\n",
    ];
    let budget = Budget {
        max_instructions: 2_000_000,
        ..Budget::default()
    };
    for source in programs {
        for version in VERSIONS {
            let report = gil_sim::run_program(source, version, "runaway.py", budget)
                .unwrap_or_else(|d| panic!("{d:?}"));
            assert!(
                matches!(&report.ending, gil_sim::Ending::Stopped(why) if why.contains("instruction budget")),
                "{version:?}: {:?}\n{source}",
                report.ending
            );
            assert!(
                report.instructions < 3_000_000,
                "{version:?}: {} instructions",
                report.instructions
            );
        }
    }
}

/// A program that keeps growing its objects stops at the memory budget, with what it printed
/// so far, instead of taking the page's memory (a trapped page cannot be recovered). Growth
/// by new objects, by bulk additions to one list, and by item stores into one dict.
#[test]
fn growing_objects_stop_at_the_memory_budget() {
    let programs = [
        "chunks = []\nwhile True:\n    chunks.append([0] * 1_000_000)\n    if len(chunks) == 3:\n        print('three chunks')\n",
        "x = []\nwhile True:\n    x.extend(range(100_000))\n",
        "d = {}\ni = 0\nwhile True:\n    d[i] = 'x' * 1000 + str(i)\n    i += 1\n",
    ];
    for source in programs {
        for version in [PyVersion::Py39, PyVersion::Py313] {
            let report = gil_sim::run_program(source, version, "grow.py", Budget::default())
                .unwrap_or_else(|d| panic!("{d:?}"));
            assert_eq!(
                report.ending,
                gil_sim::Ending::Stopped(gil_sim::MEMORY_BUDGET.to_string()),
                "{version:?}\n{source}"
            );
            let stderr = report.output.text(Stream::Stderr);
            assert!(
                stderr.contains("it reached the memory budget (256 MB of objects)"),
                "{stderr}"
            );
            if source.contains("three chunks") {
                assert_eq!(report.output.text(Stream::Stdout), "three chunks\n");
            }
        }
    }
}

/// The page's run keeps copies of its state for stepping back; a large state is copied less
/// often instead of once every stretch, and stepping to the end still rebuilds the state.
#[test]
fn copies_of_a_large_state_stay_within_their_budget() {
    // 40 MB of list, then about 14 million instructions: a copy at every scheduling step
    // past 100 000 instructions (one step is 2 ms of virtual time, about 350 000 of these
    // instructions) would be 40 copies, 1.6 GB.
    let source = "big = [0] * 5_000_000\ntotal = 0\nfor i in range(2_000_000):\n    total += 1\nprint(total)\n";
    let mut run = gil_sim::start_simulation(
        source,
        PyVersion::Py311,
        "big.py",
        gil_sim::Settings::default(),
        Budget::default(),
        100_000,
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    while !run.advance(1_000_000) {}
    let (sim, checkpoints) = gil_sim::finish_live(run);
    let copies = checkpoints.copies.len();
    assert!((2..=10).contains(&copies), "{copies} copies");
    let steps = sim.trace.events.len();
    let last = checkpoints
        .state_at(steps - 1)
        .unwrap_or_else(|| panic!("no state at step {}", steps - 1));
    assert_eq!(last.stdout, "2000000\n");
}

/// A builtin walking more items than the simulator holds in a list, with no Python code
/// producing them, raises `MemoryError` instead of holding the page for seconds; a range is
/// summed at once, whatever its length.
#[test]
fn builtins_walk_at_most_the_simulators_item_limit() {
    let source = "print(sum(map(abs, range(-5, 5))), max(range(10**9)))\n\
try:\n    sum(map(abs, range(10**7 + 1)))\nexcept MemoryError as error:\n    print(error)\n";
    let report = gil_sim::run_program(source, PyVersion::Py311, "walk.py", Budget::default())
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(
        report.output.text(Stream::Stdout),
        "25 999999999\ntoo many items for this simulator\n"
    );
}
