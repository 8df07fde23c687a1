//! A cheap scan that rejects deeply nested programs before the parser sees them.
//!
//! ruff's parser recurses once per bracket or block; in the browser the stack is small, so a
//! pasted `((((…))))` of a few thousand levels must be stopped here with a clear message.

use ruff_text_size::{TextRange, TextSize};

/// Brackets plus indentation levels allowed before the program is refused.
pub const MAX_NESTING: usize = 100;

/// The first place where nesting exceeds [`MAX_NESTING`], with what was nested.
pub fn find_excess_nesting(source: &str) -> Option<(TextRange, &'static str)> {
    let bytes = source.as_bytes();
    let mut brackets: usize = 0;
    let mut indents: Vec<usize> = vec![0];
    let mut i = 0;
    let mut at_line_start = true;
    while i < bytes.len() {
        if at_line_start && brackets == 0 {
            at_line_start = false;
            let mut width = 0;
            let mut j = i;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                width += if bytes[j] == b'\t' { 8 - width % 8 } else { 1 };
                j += 1;
            }
            let blank = j >= bytes.len() || matches!(bytes[j], b'\n' | b'\r' | b'#');
            if !blank {
                while indents.len() > 1 && width < *indents.last().unwrap_or(&0) {
                    indents.pop();
                }
                if width > *indents.last().unwrap_or(&0) {
                    indents.push(width);
                }
                if indents.len() - 1 + brackets > MAX_NESTING {
                    return Some((range_at(j), "indented blocks"));
                }
            }
            i = j;
            continue;
        }
        match bytes[i] {
            b'\n' => {
                at_line_start = true;
                i += 1;
            }
            b'\\' => i += 2,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                brackets += 1;
                if indents.len() - 1 + brackets > MAX_NESTING {
                    return Some((range_at(i), "brackets"));
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                brackets = brackets.saturating_sub(1);
                i += 1;
            }
            quote @ (b'\'' | b'"') => i = skip_string(bytes, i, quote),
            _ => i += 1,
        }
    }
    None
}

fn range_at(offset: usize) -> TextRange {
    let start = TextSize::try_from(offset).unwrap_or_default();
    TextRange::new(start, start + TextSize::from(1))
}

/// Skips a string literal starting at `start` and returns the offset after it. F-string
/// replacement fields are skipped too, which undercounts their brackets; the parser's own limits
/// cover what little nesting hides there.
fn skip_string(bytes: &[u8], start: usize, quote: u8) -> usize {
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = if triple { start + 3 } else { start + 1 };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' {
            i += 2;
            continue;
        }
        if b == quote {
            if !triple {
                return i + 1;
            }
            if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                return i + 3;
            }
        }
        if b == b'\n' && !triple {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::{MAX_NESTING, find_excess_nesting};

    #[test]
    fn accepts_ordinary_code_and_brackets_in_strings() {
        assert_eq!(find_excess_nesting("x = [(1, 2), {3: 4}]\n"), None);
        let in_string = format!("s = '{}'\n", "(".repeat(500));
        assert_eq!(find_excess_nesting(&in_string), None);
        let deep_ok = format!(
            "x = {}1{}\n",
            "(".repeat(MAX_NESTING),
            ")".repeat(MAX_NESTING)
        );
        assert_eq!(find_excess_nesting(&deep_ok), None);
    }

    #[test]
    fn rejects_deep_brackets_and_blocks() {
        let deep = format!("x = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
        let (range, what) = find_excess_nesting(&deep).expect("too deep");
        assert_eq!(what, "brackets");
        assert_eq!(u32::from(range.start()), 4 + MAX_NESTING as u32);
        let mut blocks = String::new();
        for depth in 0..150 {
            blocks.push_str(&" ".repeat(depth));
            blocks.push_str("if x:\n");
        }
        assert_eq!(
            find_excess_nesting(&blocks).map(|(_, w)| w),
            Some("indented blocks")
        );
    }
}
