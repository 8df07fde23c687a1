//! What a comparison of whole programs leaves out, because the simulator models the library
//! rather than copying it: a traceback frame inside a library module is compared by its file
//! (as CPython names it under `lib/python3.X/`) and function, not by its line number or the
//! source lines under it; and object addresses (`0x7f…`) are masked.

/// `text` (a run's stdout or stderr) in the form compared.
pub fn normalise(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_library_frame = false;
    for line in text.lines() {
        if let Some((file, function)) = frame(line) {
            in_library_frame = !is_readers(file);
            if in_library_frame {
                out.push(format!("  File \"{}\", in {function}", library_path(file)));
                continue;
            }
        } else if in_library_frame && line.starts_with("    ") {
            continue;
        } else {
            in_library_frame = false;
        }
        out.push(mask_addresses(line));
    }
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

/// The file and function of a traceback frame line (`  File "f", line 3, in g`).
fn frame(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("  File \"")?;
    let (file, rest) = rest.split_once("\", line ")?;
    let (number, function) = rest.split_once(", in ")?;
    number.parse::<u32>().ok()?;
    Some((file, function))
}

/// True for the reader's own files (the corpus folders, relative to the test data folder)
/// and for code without a file (`<string>`).
fn is_readers(file: &str) -> bool {
    file.starts_with('<')
        || ["library/", "programs/", "seeds/"]
            .iter()
            .any(|d| file.starts_with(d))
}

/// A library file as its path under `lib/python3.X/` (CPython's `…/lib/python3.11/queue.py`
/// and the simulator's `queue.py` are both `queue.py`).
fn library_path(file: &str) -> &str {
    match file.find("/lib/python3.") {
        Some(at) => {
            let rest = &file[at + "/lib/python3.".len()..];
            rest.split_once('/').map_or(rest, |(_, path)| path)
        }
        None => file,
    }
}

/// Every `0x` followed by hexadecimal digits becomes `0x?`.
fn mask_addresses(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at + 2]);
        let tail = &rest[at + 2..];
        let digits = tail.len()
            - tail
                .trim_start_matches(|c: char| c.is_ascii_hexdigit())
                .len();
        if digits > 0 {
            out.push('?');
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn library_frames_keep_file_and_function_only() {
        let cpython = "Traceback (most recent call last):\n  File \"library/009.py\", line 11, in <module>\n    print(fut.result())\n          ^^^^^^^^^^\n  File \"/root/.pyenv/versions/3.11.7/lib/python3.11/concurrent/futures/_base.py\", line 449, in result\n    return self.__get_result()\n           ^^^^^^^^^^^^^^^^^^^\nValueError: bad\n";
        let simulated = "Traceback (most recent call last):\n  File \"library/009.py\", line 11, in <module>\n    print(fut.result())\n          ^^^^^^^^^^\n  File \"concurrent/futures/_base.py\", line 120, in result\nValueError: bad\n";
        assert_eq!(normalise(cpython), normalise(simulated));
        assert!(
            normalise(cpython)
                .contains("  File \"concurrent/futures/_base.py\", in result\nValueError")
        );
    }

    #[test]
    fn the_readers_frames_and_other_text_stay() {
        let a = "  File \"library/1.py\", line 3, in f\n    x()\nok\n";
        let b = "  File \"library/1.py\", line 4, in f\n    x()\nok\n";
        assert_ne!(normalise(a), normalise(b));
        assert_eq!(normalise(a), a);
        let lines = "    indented output\n";
        assert_eq!(normalise(lines), lines);
    }

    #[test]
    fn addresses_are_masked() {
        assert_eq!(
            normalise("<Future at 0x7f3a2b1c state=finished> 0x and 0xzz\n"),
            "<Future at 0x? state=finished> 0x and 0xzz\n"
        );
        assert_ne!(normalise("<f at 0x7f>\n"), normalise("<f at 0xy>\n"));
    }
}
