//! Program text for the property and fuzz tests: the corpus and seed programs, small random
//! changes to them, and random programs from a grammar of the supported subset.
#![allow(dead_code)]

use std::path::Path;

use super::{Rng, python_files};

/// The corpus programs (the library corpus among them) and the seed programs, as text.
pub fn corpus_sources() -> Vec<String> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    ["programs", "library", "seeds"]
        .iter()
        .flat_map(|dir| python_files(&data.join(dir)))
        .map(|f| std::fs::read_to_string(f).expect("reading a corpus file"))
        .collect()
}

/// Deletes, duplicates or replaces a few characters.
pub fn mutate(rng: &mut Rng, source: &str) -> String {
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

/// Random programs from a small grammar: every statement prints something, and errors are
/// caught and printed, so CPython's output is a complete oracle.
pub struct ProgramGen {
    pub rng: Rng,
    pub depth: usize,
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

    pub fn statement(&mut self) -> String {
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

    pub fn program(&mut self) -> String {
        let mut out = String::from("a = 3\nb = -7\nc = 12\n");
        for _ in 0..8 {
            out.push_str(&self.statement());
        }
        out
    }
}

/// Pieces of Python that a fuzzing change inserts: keywords and operators of the whole
/// language (supported or not), brackets left open, odd indentation and odd characters.
const TOKENS: [&str; 48] = [
    "lambda x: x",
    "yield",
    "async ",
    "await ",
    "match x:\n    case 1: pass\n",
    "class C:\n",
    "def f(*a, **k):\n",
    "global x\n",
    "nonlocal x\n",
    "*",
    "**",
    ":=",
    "@d\n",
    "->",
    "f'{x!r:>{w}}'",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "\\\n",
    "\t",
    "    ",
    "\n",
    "import threading\n",
    "from os import *\n",
    "with a as b, c as d:\n",
    "try:\n",
    "except* E:\n",
    "finally:\n",
    "del x[0], y.z\n",
    "x[1:2:3]",
    "not ",
    " is not ",
    " in ",
    "...",
    "0x_1",
    "1e309",
    "9",
    "'''",
    "\"\"\"",
    "b'\\xff'",
    "é",
    "💥",
    "\u{0}",
    "  # comment\n",
    "raise\n",
];

/// A fuzzing change of `source`: characters, tokens or whole lines inserted, deleted, repeated
/// or moved, or a splice with `other`; one to eight changes.
pub fn fuzz_mutate(rng: &mut Rng, source: &str, other: &str) -> String {
    let mut text = source.to_string();
    for _ in 0..1 + rng.below(8) {
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let at = boundaries[rng.below(boundaries.len())];
        let to = boundaries[rng.below(boundaries.len())].max(at);
        match rng.below(8) {
            0 => text = mutate(rng, &text),
            1 => text.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            2 => {
                let end = to.min(at + 1 + rng.below(12));
                let end = (end..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len());
                text.replace_range(at..end, "");
            }
            3 => {
                let piece = text[at..to].to_string();
                text.insert_str(to, &piece);
            }
            4 => {
                // A line deleted, repeated or indented.
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                if !lines.is_empty() {
                    let i = rng.below(lines.len());
                    match rng.below(3) {
                        0 => {
                            lines.remove(i);
                        }
                        1 => lines.insert(i, lines[i].clone()),
                        _ => lines[i].insert_str(0, if rng.below(2) == 0 { "    " } else { " " }),
                    }
                }
                text = lines.join("\n");
            }
            5 => {
                let cut = (0..=other.len())
                    .filter(|&i| other.is_char_boundary(i))
                    .nth(rng.below(other.len() + 1))
                    .unwrap_or(0);
                text = format!("{}{}", &text[..at], &other[cut..]);
            }
            6 => {
                // Deep nesting, sometimes past the compiler's limit.
                let depth = 1 + rng.below(120);
                text.insert_str(at, &format!("{}1{}", "(".repeat(depth), ")".repeat(depth)));
            }
            _ => {
                let digits: String = (0..1 + rng.below(40))
                    .map(|_| char::from(b'0' + rng.below(10) as u8))
                    .collect();
                text.insert_str(at, &digits);
            }
        }
    }
    text
}

/// Arbitrary text: random tokens, or random characters from ASCII and a few others.
pub fn random_text(rng: &mut Rng) -> String {
    let len = rng.below(120);
    if rng.below(2) == 0 {
        (0..len / 4)
            .map(|_| TOKENS[rng.below(TOKENS.len())])
            .collect()
    } else {
        (0..len)
            .map(|_| match rng.below(40) {
                0 => '\n',
                1 => 'λ',
                2 => '\u{feff}',
                3 => '\r',
                _ => char::from(b' ' + rng.below(95) as u8),
            })
            .collect()
    }
}
