//! The editor's coloured copy of the source: the parser's token classes, the first problem
//! underlined, cut into pieces the editor draws behind its textarea.

use gil_sim::{Colored, highlight};

/// A stretch of the source with how it is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub text: String,
    /// The token's CSS class, if it is coloured.
    pub class: Option<&'static str>,
    /// Part of the first problem's underline.
    pub error: bool,
}

/// The byte offset of 1-based `line` and character `column` in `source` (clamped).
fn offset_of(source: &str, line: u32, column: u32) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        source
            .match_indices('\n')
            .nth(line as usize - 2)
            .map_or(source.len(), |(i, _)| i + 1)
    };
    source[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(source.len(), |(i, _)| line_start + i)
}

/// The stretch a problem at `line:column` underlines: to the end of the word there (at least
/// one character; a problem at the end of a line marks the line's end).
fn error_range(source: &str, line: u32, column: u32) -> (usize, usize) {
    let start = offset_of(source, line, column);
    let rest = &source[start..];
    let word = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(rest.len(), |(i, _)| i);
    let len = if word > 0 {
        word
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    (start, start + len)
}

/// `source` in pieces, coloured by `highlight`, with the problem at `problem` underlined.
pub fn pieces(source: &str, problem: Option<(u32, u32)>) -> Vec<Piece> {
    let colored: Vec<Colored> = highlight(source);
    let error = problem.map(|(line, column)| error_range(source, line, column));
    let mut cuts: Vec<usize> = vec![0, source.len()];
    for c in &colored {
        cuts.extend([c.start, c.end]);
    }
    if let Some((start, end)) = error {
        cuts.extend([start, end]);
    }
    cuts.retain(|&at| at <= source.len() && source.is_char_boundary(at));
    gil_sim::sort_small(&mut cuts);
    cuts.dedup();
    let mut out = Vec::new();
    let mut token = colored.iter().peekable();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        while token.peek().is_some_and(|c| c.end <= start) {
            token.next();
        }
        let class = token
            .peek()
            .filter(|c| c.start <= start && end <= c.end)
            .map(|c| c.class.css());
        let error = error.is_some_and(|(s, e)| s <= start && end <= e);
        out.push(Piece {
            text: source[start..end].to_string(),
            class,
            error,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_source_in_order() {
        let source = "x = 'é' # ok\nprint(x)\n";
        let all: String = pieces(source, None)
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(all, source);
        let string = pieces(source, None)
            .into_iter()
            .find(|p| p.text == "'é'")
            .expect("the string is a piece");
        assert_eq!(string.class, Some("tok-string"));
    }

    #[test]
    fn the_problem_is_underlined_at_its_line_and_column() {
        let source = "x = 1\ny = lambda: 2\n";
        let underlined: String = pieces(source, Some((2, 5)))
            .iter()
            .filter(|p| p.error)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(underlined, "lambda:");
        // Positions past the end are clamped, never a panic.
        assert!(
            pieces(source, Some((99, 99)))
                .iter()
                .all(|p| !p.error || p.text.is_empty())
        );
    }
}
