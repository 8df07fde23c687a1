//! Ships the library modules (`src/vm/library/*.py`) without their comments and docstrings:
//! the page downloads them inside the WebAssembly, and what they say for their readers is not
//! what they run. Every line keeps its number, so tracebacks through the library still point at
//! the line in the source file.

use std::path::Path;

fn main() {
    let from = Path::new("src/vm/library");
    let to = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("library");
    std::fs::create_dir_all(&to).expect("creating the library output folder");
    println!("cargo::rerun-if-changed=src/vm/library");
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .expect("listing the library folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("reading a library module");
        let name = path.file_name().expect("a file name");
        std::fs::write(to.join(name), strip(&text)).expect("writing a library module");
    }
}

/// `source` with comments and docstrings blanked out (a docstring that is a block's only
/// statement becomes `pass`) and trailing spaces gone, line for line.
fn strip(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut depth = 0i32;
    let mut continued = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        let starts_statement = depth == 0 && !continued;
        if starts_statement && let Some(end) = docstring_end(&lines, i) {
            let only = is_only_statement(&lines, i, end, indent);
            out.push(if only {
                format!("{}pass", &line[..indent])
            } else {
                String::new()
            });
            out.extend((i + 1..=end).map(|_| String::new()));
            i = end + 1;
            continue;
        }
        // Scan the line (and the lines a multi-line string spans) for comments and brackets.
        let mut kept = String::new();
        let mut j = i;
        let mut text = line;
        let mut at = 0;
        loop {
            let bytes = text.as_bytes();
            if at >= bytes.len() {
                break;
            }
            match bytes[at] {
                b'#' => break,
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b'\'' | b'"' => {
                    let quote = bytes[at];
                    let triple = bytes.get(at..at + 3) == Some(&[quote; 3][..]);
                    if triple {
                        // Find the closing triple quote, possibly on a later line.
                        let mut k = at + 3;
                        loop {
                            let tb = text.as_bytes();
                            if tb.get(k) == Some(&b'\\') {
                                k += 2;
                                continue;
                            }
                            if tb.get(k..k + 3) == Some(&[quote; 3][..]) {
                                k += 3;
                                break;
                            }
                            if k >= tb.len() {
                                kept.push_str(text);
                                out.push(std::mem::take(&mut kept));
                                j += 1;
                                text = lines[j];
                                k = 0;
                                continue;
                            }
                            k += 1;
                        }
                        at = k;
                        continue;
                    }
                    let mut k = at + 1;
                    while k < bytes.len() && bytes[k] != quote {
                        k += if bytes[k] == b'\\' { 2 } else { 1 };
                    }
                    at = k + 1;
                    continue;
                }
                _ => {}
            }
            at += 1;
        }
        let code = &text[..at.min(text.len())];
        continued = code.trim_end().ends_with('\\');
        kept.push_str(code.trim_end());
        out.push(kept);
        i = j + 1;
    }
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

/// If line `i` is a statement made of one triple-quoted string (a docstring), the index of
/// the line it ends on.
fn docstring_end(lines: &[&str], i: usize) -> Option<usize> {
    let body = lines[i].trim_start();
    let body = body.strip_prefix(['r', 'R']).unwrap_or(body);
    let quote = if body.starts_with("\"\"\"") {
        "\"\"\""
    } else if body.starts_with("'''") {
        "'''"
    } else {
        return None;
    };
    let mut rest = &body[3..];
    let mut j = i;
    loop {
        if let Some(close) = rest.find(quote) {
            let after = rest[close + 3..].trim();
            return (after.is_empty() || after.starts_with('#')).then_some(j);
        }
        j += 1;
        rest = lines.get(j)?;
    }
}

/// True when the docstring on lines `start..=end` is the only statement of its block: the
/// line before opens the block and the next code line is indented less.
fn is_only_statement(lines: &[&str], start: usize, end: usize, indent: usize) -> bool {
    let opens = lines[..start]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_end().ends_with(':'));
    let next = lines[end + 1..].iter().find(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    });
    opens && next.is_none_or(|l| l.len() - l.trim_start().len() < indent)
}
