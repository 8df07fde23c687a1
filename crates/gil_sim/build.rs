//! Ships the library modules (`src/vm/library/*.py`) without their comments and docstrings:
//! what they say for their readers is not what they run. Every line keeps its number, so
//! tracebacks through the library still point at the line in the source file.
//!
//! Writes, into `OUT_DIR`, the stripped modules and `library_index.rs`: each module's name,
//! the file the page fetches it from and the library modules it imports, directly or through
//! others. The page does not carry the modules in its WebAssembly: they are also written,
//! named by a hash of their text, to `target/library-web/`, which the page's build copies
//! beside the WebAssembly (`scripts/library-files.mjs` copies the files the WebAssembly names),
//! and the page fetches a module only for a program that imports it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let from = Path::new("src/vm/library");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let to = out.join("library");
    let web = web_folder();
    std::fs::create_dir_all(&to).expect("creating the library output folder");
    std::fs::create_dir_all(&web).expect("creating the library folder for the page");
    println!("cargo::rerun-if-changed=src/vm/library");
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .expect("listing the library folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    entries.sort();
    let mut modules = Vec::new();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("reading a library module");
        let file_name = path.file_name().expect("a file name").to_string_lossy();
        let name = file_name.trim_end_matches(".py").to_string();
        let stripped = strip(&text);
        let web_name = format!("{name}-{:016x}.py", fnv1a(stripped.as_bytes()));
        std::fs::write(to.join(&*file_name), &stripped).expect("writing a library module");
        std::fs::write(web.join(&web_name), &stripped).expect("writing a library module");
        modules.push((name, web_name, stripped));
    }
    let names: BTreeSet<&str> = modules.iter().map(|(n, _, _)| n.as_str()).collect();
    let scanned: Vec<_> = modules
        .iter()
        .map(|(_, _, text)| imported_names(text))
        .collect();
    let direct: Vec<BTreeSet<&str>> = scanned
        .iter()
        .map(|(eager, _)| {
            eager
                .iter()
                .filter_map(|n| names.get(n.as_str()).copied())
                .collect()
        })
        .collect();
    let mut index = String::from(
        "/// Every library module, as the build found it.\n\
         pub const INDEX: &[Indexed] = &[\n",
    );
    for (i, (name, web_name, _)) in modules.iter().enumerate() {
        let mut reach = BTreeSet::from([name.as_str()]);
        let mut todo = vec![i];
        while let Some(m) = todo.pop() {
            for n in &direct[m] {
                if reach.insert(n) {
                    todo.push(
                        modules
                            .iter()
                            .position(|(x, _, _)| x == n)
                            .expect("a module"),
                    );
                }
            }
        }
        let reach: Vec<String> = reach.iter().map(|n| format!("{n:?}")).collect();
        let lazy: Vec<String> = scanned[i].1.iter().map(|p| format!("{p:?}")).collect();
        writeln!(
            index,
            "    Indexed {{ name: {name:?}, path: \"library/{web_name}\", reach: &[{}], lazy: &[{}] }},",
            reach.join(", "),
            lazy.join(", ")
        )
        .expect("writing to a string");
    }
    index.push_str(
        "];\n\n/// The modules' texts, in the order of [`INDEX`].\n\
         #[cfg(feature = \"embedded-library\")]\npub const TEXTS: &[&str] = &[\n",
    );
    for (name, _, _) in &modules {
        writeln!(
            index,
            "    include_str!(concat!(env!(\"OUT_DIR\"), \"/library/{name}.py\")),"
        )
        .expect("writing to a string");
    }
    index.push_str("];\n");
    std::fs::write(out.join("library_index.rs"), index).expect("writing the library index");
}

/// Where the page's build finds the library files: `target/library-web/` of the workspace
/// (or of `CARGO_TARGET_DIR`).
fn web_folder() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    target.join("library-web")
}

/// FNV-1a, 64 bits: names a file by its text, so a browser never keeps an old copy.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The modules a stripped library source names in its `import` and `from ... import`
/// statements (for `from a import b`, both `a` and `a.b`, which may be a submodule), and
/// apart, as (name, module), what a module-level `__getattr__` imports when asked for a name
/// (PEP 562: `concurrent.futures` imports its process pool only for a program that names it).
/// The library's own style keeps each statement on its lines, parenthesised when it spans more.
fn imported_names(source: &str) -> (Vec<String>, Vec<(String, String)>) {
    let mut names = Vec::new();
    let mut lazy = Vec::new();
    let mut in_getattr = false;
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            in_getattr = line.starts_with("def __getattr__(");
        }
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("import ") {
            for item in rest.split(',') {
                let module = item.split(" as ").next().unwrap_or("").trim();
                let mut prefix = String::new();
                for part in module.split('.') {
                    if !prefix.is_empty() {
                        prefix.push('.');
                    }
                    prefix.push_str(part);
                    names.push(prefix.clone());
                }
            }
        } else if let Some(rest) = line.strip_prefix("from ")
            && let Some((module, what)) = rest.split_once(" import ")
        {
            let module = module.trim();
            let mut what = what.to_string();
            if what.starts_with('(') {
                while !what.contains(')') {
                    let Some(next) = lines.next() else { break };
                    what.push_str(next);
                }
            }
            let items = what.trim_matches(['(', ')', ' ']).split(',');
            let items = items.map(|item| item.split(" as ").next().unwrap_or("").trim());
            for item in items.filter(|item| !item.is_empty()) {
                if in_getattr {
                    lazy.push((item.to_string(), module.to_string()));
                } else {
                    names.push(format!("{module}.{item}"));
                }
            }
            if !in_getattr {
                names.push(module.to_string());
            }
        }
    }
    (names, lazy)
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
