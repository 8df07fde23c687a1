//! Tab and Shift-Tab in the editor: indent or dedent the selected lines by four spaces (or
//! insert four spaces at the caret). Offsets are in UTF-16 code units, as the browser's
//! selection gives them.

/// Spaces one indentation level adds.
pub const INDENT: &str = "    ";

/// An edit of the editor's text: the new text and the new selection.
#[derive(Debug, PartialEq, Eq)]
pub struct Edit {
    pub text: String,
    pub start: u32,
    pub end: u32,
}

/// The byte offset of UTF-16 offset `at` in `text` (clamped to the end).
fn byte_offset(text: &str, at: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units >= at {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

fn utf16_len(text: &str) -> u32 {
    text.chars().map(|c| c.len_utf16() as u32).sum()
}

/// Tab (`dedent` false) or Shift-Tab (`dedent` true) with the selection `start..end`.
pub fn indent(text: &str, start: u32, end: u32, dedent: bool) -> Edit {
    let (start, end) = (start.min(end), start.max(end));
    let (from, to) = (byte_offset(text, start), byte_offset(text, end));
    if !dedent && from == to {
        let mut out = String::with_capacity(text.len() + INDENT.len());
        out.push_str(&text[..from]);
        out.push_str(INDENT);
        out.push_str(&text[from..]);
        let caret = start + INDENT.len() as u32;
        return Edit {
            text: out,
            start: caret,
            end: caret,
        };
    }
    // Whole lines from the one holding the selection's start to the one holding its end (a
    // selection ending at the start of a line leaves that line alone).
    let first = text[..from].rfind('\n').map_or(0, |i| i + 1);
    let last_end = if to > from && text[..to].ends_with('\n') {
        to - 1
    } else {
        to
    };
    let last = text[last_end..]
        .find('\n')
        .map_or(text.len(), |i| last_end + i);
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..first]);
    let (mut new_start, mut new_end) = (start as i64, end as i64);
    let mut line_start_units = utf16_len(&text[..first]) as i64;
    for (n, line) in text[first..last].split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let change: i64 = if dedent {
            let removed = line.len() - line.trim_start_matches(' ').len();
            let removed = removed.min(INDENT.len());
            out.push_str(&line[removed..]);
            -(removed as i64)
        } else {
            out.push_str(INDENT);
            out.push_str(line);
            INDENT.len() as i64
        };
        // Selection ends on or after this line's start move with it (but not before it).
        if new_start > line_start_units || (n == 0 && !dedent) {
            new_start = (new_start + change).max(line_start_units);
        }
        if new_end >= line_start_units {
            new_end = (new_end + change).max(line_start_units);
        }
        line_start_units += utf16_len(line) as i64 + change + 1;
    }
    out.push_str(&text[last..]);
    Edit {
        text: out,
        start: new_start.max(0) as u32,
        end: new_end.max(0) as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_at_a_caret_inserts_four_spaces() {
        let edit = indent("ab", 1, 1, false);
        assert_eq!(
            edit,
            Edit {
                text: "a    b".into(),
                start: 5,
                end: 5
            }
        );
    }

    #[test]
    fn tab_and_shift_tab_move_selected_lines() {
        let text = "def f():\nx = 1\ny = 2\nz = 3\n";
        // Select from inside line 2 to inside line 3.
        let edit = indent(text, 10, 17, false);
        assert_eq!(edit.text, "def f():\n    x = 1\n    y = 2\nz = 3\n");
        assert_eq!((edit.start, edit.end), (14, 25));
        let back = indent(&edit.text, edit.start, edit.end, true);
        assert_eq!(back.text, text);
        assert_eq!((back.start, back.end), (10, 17));
    }

    #[test]
    fn shift_tab_removes_at_most_one_level_and_only_spaces() {
        let edit = indent("      a\n  b\nc", 0, 12, true);
        assert_eq!(edit.text, "  a\nb\nc");
        let none = indent("c", 0, 0, true);
        assert_eq!(none.text, "c");
    }

    #[test]
    fn offsets_count_utf16_units() {
        // "💥" is two UTF-16 units.
        let edit = indent("💥\nx", 3, 4, false);
        assert_eq!(edit.text, "💥\n    x");
        assert_eq!((edit.start, edit.end), (7, 8));
    }
}
