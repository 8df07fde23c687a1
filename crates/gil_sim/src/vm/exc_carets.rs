//! The caret line under a traceback's source line (3.11+): `^^^^` under the failing
//! instruction's source range, or `~~^~~` for binary operators and subscripts, following
//! CPython's `Python/traceback.c` (3.11, 3.12) and `Lib/traceback.py` (3.13).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::version::PyVersion;

/// Where the secondary characters go, as character offsets in the line.
struct Anchors {
    left_end: usize,
    right_start: usize,
    primary: char,
    secondary: char,
}

/// The caret line (with its newline), or an empty string when CPython prints none.
pub fn carets(source: &str, line: u32, range: (u32, u32), version: PyVersion) -> String {
    let Some((line_start, line_text)) = line_at(source, line) else {
        return String::new();
    };
    let (start_byte, end_byte) = (range.0 as usize, range.1 as usize);
    if start_byte < line_start || start_byte > line_start + line_text.len() || end_byte < start_byte
    {
        return String::new();
    }
    let start_col = start_byte - line_start;
    let same_line = end_byte <= line_start + line_text.len();
    let to_chars = |byte: usize| line_text[..byte.min(line_text.len())].chars().count();
    let start = to_chars(start_col);
    let indent = line_text.chars().take_while(|c| c.is_whitespace()).count();
    let trimmed_len = line_text.trim().chars().count();
    let (end, anchors) = if same_line {
        let end_col = end_byte - line_start;
        let segment = &line_text[start_col..end_col];
        (
            to_chars(end_col),
            anchors_for(segment, version).map(|a| shift(a, segment, start)),
        )
    } else {
        // A multi-line range is underlined to the line's last non-blank character.
        (indent + trimmed_len, None)
    };
    if end <= start {
        return String::new();
    }
    let show = if version.bytecode() >= PyVersion::Py313 {
        !call_spans_statement(line_text.trim(), start - indent, end - indent)
            && (anchors.is_some() || start > indent || end < indent + trimmed_len)
    } else {
        anchors.is_some() || end - start != trimmed_len
    };
    if !show {
        return String::new();
    }
    let mut out = String::from("    ");
    for _ in indent..start {
        out.push(' ');
    }
    for column in start..end {
        let c = match &anchors {
            Some(a) if column >= a.left_end && column < a.right_start => a.secondary,
            Some(a) => a.primary,
            None => '^',
        };
        out.push(c);
    }
    out.push('\n');
    out
}

/// The byte offset where line `line` (1-based) starts, and its text without the newline.
fn line_at(source: &str, line: u32) -> Option<(usize, &str)> {
    let mut start = 0;
    for (i, text) in source.split('\n').enumerate() {
        if i + 1 == line as usize {
            return Some((start, text.strip_suffix('\r').unwrap_or(text)));
        }
        start += text.len() + 1;
    }
    None
}

/// Converts segment byte anchors to character offsets in the line.
fn shift(a: Anchors, segment: &str, start: usize) -> Anchors {
    let to_chars = |byte: usize| segment[..byte.min(segment.len())].chars().count();
    Anchors {
        left_end: start + to_chars(a.left_end),
        right_start: start + to_chars(a.right_start),
        ..a
    }
}

/// Anchors inside the failing expression: the operator of a binary operation, the brackets
/// of a subscript (byte offsets in `segment`).
fn anchors_for(segment: &str, version: PyVersion) -> Option<Anchors> {
    let parsed = ruff_python_parser::parse_module(segment).ok()?;
    let body = &parsed.syntax().body;
    let [Stmt::Expr(statement)] = body.as_slice() else {
        return None;
    };
    let bytes = segment.as_bytes();
    let v312 = version.bytecode() >= PyVersion::Py312;
    match &*statement.value {
        Expr::BinOp(binop) => {
            let left_end = usize::from(binop.left.as_ref().range().end());
            let right_start = usize::from(binop.right.as_ref().range().start());
            let mut i = left_end;
            while i < right_start {
                let c = bytes[i];
                if c.is_ascii_whitespace() || (v312 && (c == b')' || c == b'\\')) {
                    i += 1;
                    continue;
                }
                let mut right = i + 1;
                if i + 1 < right_start && !bytes[i + 1].is_ascii_whitespace() {
                    right += 1;
                }
                return Some(Anchors {
                    left_end: i,
                    right_start: right,
                    primary: '~',
                    secondary: '^',
                });
            }
            None
        }
        Expr::Subscript(subscript) => {
            let mut left = usize::from(subscript.value.as_ref().range().end());
            let mut right = usize::from(subscript.slice.as_ref().range().end()) + 1;
            if v312 {
                while left < bytes.len() && bytes[left] != b'[' {
                    left += 1;
                }
                right -= 1;
                while right < bytes.len() && bytes[right] != b']' {
                    right += 1;
                }
                if right < bytes.len() {
                    right += 1;
                }
            }
            Some(Anchors {
                left_end: left,
                right_start: right.min(bytes.len()),
                primary: '~',
                secondary: '^',
            })
        }
        Expr::Call(call) if version.bytecode() >= PyVersion::Py313 => {
            // `func(args)`: `~` under the callee, `^` from the opening parenthesis.
            let mut left = usize::from(call.func.as_ref().range().end());
            while left < bytes.len() && bytes[left] != b'(' {
                left += 1;
            }
            Some(Anchors {
                left_end: left,
                right_start: usize::from(call.range().end()),
                primary: '~',
                secondary: '^',
            })
        }
        _ => None,
    }
}

/// 3.13 prints no carets when the failing call is the whole value of `x = f()` or
/// `return f()` (`traceback.py`'s `_should_show_carets`). Offsets are in the stripped line.
fn call_spans_statement(line: &str, start: usize, end: usize) -> bool {
    let Ok(parsed) = ruff_python_parser::parse_module(line) else {
        return false;
    };
    let value = match parsed.syntax().body.first() {
        Some(Stmt::Return(ret)) => match ret.value.as_deref() {
            Some(Expr::Call(call)) => match call.func.as_ref() {
                Expr::Attribute(attribute) => Some(attribute.value.range()),
                _ => Some(call.range()),
            },
            _ => None,
        },
        Some(Stmt::Assign(assign)) => match assign.value.as_ref() {
            Expr::Call(call) => Some(call.range()),
            _ => None,
        },
        _ => None,
    };
    value
        .is_some_and(|range| usize::from(range.start()) == start && usize::from(range.end()) == end)
}
