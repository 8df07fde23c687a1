//! Property tests: whatever the reader types, the compiler and the VM never panic, runs are
//! deterministic, and small generated programs print what CPython 3.11 prints.
//!
//! Inputs come from a seeded generator (no extra dependency): mutations of the corpus
//! programs, and random programs from a small grammar of the supported subset.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::Command;

use gil_sim::PyVersion;
use gil_sim::vm::output::Stream;
use gil_sim::vm::run::Budget;

const VERSIONS: [PyVersion; 5] = [
    PyVersion::Py39,
    PyVersion::Py310,
    PyVersion::Py311,
    PyVersion::Py312,
    PyVersion::Py313,
];

mod common;

use common::{Rng, python, python_files};

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

fn corpus_sources() -> Vec<String> {
    python_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/programs"))
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("reading a corpus file"))
        .collect()
}

/// Deletes, duplicates or replaces a few characters.
fn mutate(rng: &mut Rng, source: &str) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    const PIECES: [char; 16] = [
        '(', ')', '[', ']', ':', ' ', '\n', '"', '\'', '=', '+', '*', '0', 'x', '.', ',',
    ];
    for _ in 0..1 + rng.below(4) {
        if chars.is_empty() {
            break;
        }
        let at = rng.below(chars.len());
        match rng.below(3) {
            0 => {
                chars.remove(at);
            }
            1 => {
                let c = chars[at];
                chars.insert(at, c);
            }
            _ => chars[at] = PIECES[rng.below(PIECES.len())],
        }
    }
    chars.into_iter().collect()
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

/// Random programs from a small grammar: every statement prints something, and errors are
/// caught and printed, so CPython's output is a complete oracle.
struct ProgramGen {
    rng: Rng,
    depth: usize,
}

const INT_NAMES: [&str; 3] = ["a", "b", "c"];

impl ProgramGen {
    fn int_expr(&mut self) -> String {
        self.depth += 1;
        let leaf = self.depth > 3 || self.rng.below(3) == 0;
        let text = if leaf {
            match self.rng.below(3) {
                0 => self.rng.pick(&INT_NAMES).to_string(),
                1 => format!("{}", self.rng.below(20) as i64 - 5),
                _ => format!("{}", self.rng.below(1 << 20) as i64 * 1_000_003),
            }
        } else {
            match self.rng.below(6) {
                0 => format!("len({})", self.list_expr()),
                1 => format!("-{}", self.int_expr()),
                2 => format!("abs({})", self.int_expr()),
                3 => format!(
                    "({} if {} else {})",
                    self.int_expr(),
                    self.bool_expr(),
                    self.int_expr()
                ),
                4 => format!("sum({})", self.list_expr()),
                _ => {
                    let op = self
                        .rng
                        .pick(&["+", "-", "*", "//", "%", "&", "|", "^", "<<"]);
                    let right = if op == "<<" {
                        format!("{}", self.rng.below(70))
                    } else {
                        self.int_expr()
                    };
                    format!("({} {op} {right})", self.int_expr())
                }
            }
        };
        self.depth -= 1;
        text
    }

    fn float_expr(&mut self) -> String {
        let op = self.rng.pick(&["/", "*", "+", "-"]);
        format!("({} {op} {}.5)", self.int_expr(), self.rng.below(9))
    }

    fn bool_expr(&mut self) -> String {
        let op = self.rng.pick(&["<", "<=", "==", "!=", ">", ">="]);
        format!("{} {op} {}", self.int_expr(), self.int_expr())
    }

    fn str_expr(&mut self) -> String {
        match self.rng.below(5) {
            0 => format!("str({})", self.int_expr()),
            1 => format!("repr({})", self.float_expr()),
            2 => format!("'x' * ({} % 5)", self.int_expr()),
            3 => format!(
                "f'{{{}:>6}}|{{{}:.3f}}'",
                self.int_expr(),
                self.float_expr()
            ),
            _ => format!("'%d-%s' % ({}, {})", self.int_expr(), self.list_expr()),
        }
    }

    fn list_expr(&mut self) -> String {
        self.depth += 1;
        let text = if self.depth > 3 {
            "[1, 2]".to_string()
        } else {
            match self.rng.below(4) {
                0 => format!("[{}, {}]", self.int_expr(), self.int_expr()),
                1 => format!("list(range({} % 7))", self.int_expr()),
                2 => format!("[x * {} for x in range(3)]", self.int_expr()),
                _ => format!(
                    "sorted([{}, {}, {}])",
                    self.int_expr(),
                    self.int_expr(),
                    self.int_expr()
                ),
            }
        };
        self.depth -= 1;
        text
    }

    fn statement(&mut self) -> String {
        let body = match self.rng.below(7) {
            0 => format!("print({})", self.int_expr()),
            1 => format!("print({})", self.float_expr()),
            2 => format!("print({})", self.str_expr()),
            3 => format!("print({})", self.list_expr()),
            4 => format!("print({})", self.bool_expr()),
            5 => {
                let name = self.rng.pick(&INT_NAMES);
                format!("{name} = {}", self.int_expr())
            }
            _ => format!("print(divmod({}, {}))", self.int_expr(), self.int_expr()),
        };
        format!("try:\n    {body}\nexcept Exception as e:\n    print(type(e).__name__, e)\n")
    }

    fn program(&mut self) -> String {
        let mut out = String::from("a = 3\nb = -7\nc = 12\n");
        for _ in 0..8 {
            out.push_str(&self.statement());
        }
        out
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
    let Some(python) = python("3.11") else {
        eprintln!("skipping the CPython comparison: no CPython 3.11 under pyenv");
        return;
    };
    let dir = std::env::temp_dir().join(format!("gil-lab-properties-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creating a temporary directory");
    let mut differing = Vec::new();
    for (i, source) in programs.iter().enumerate() {
        let file = dir.join(format!("gen{i}.py"));
        std::fs::write(&file, source).expect("writing a generated program");
        let output = Command::new(&python)
            .arg("-B")
            .arg(&file)
            .output()
            .expect("running CPython");
        let expected = String::from_utf8_lossy(&output.stdout).to_string();
        let (ours, _, _) = run(source);
        if expected != ours {
            differing.push(format!(
                "{source}\n--- CPython\n{expected}--- gilsim\n{ours}"
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "generated programs: {} compared with CPython 3.11, {} equal",
        programs.len(),
        programs.len() - differing.len()
    );
    assert!(
        differing.is_empty(),
        "outputs differ:\n{}",
        differing.join("\n\n")
    );
}
