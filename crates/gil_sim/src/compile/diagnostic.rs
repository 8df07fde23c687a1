//! Problems found in the reader's source: syntax errors and constructs GIL Lab does not model.
//!
//! They are data, not failures: the compiler collects every one with its position so the editor
//! can underline them all at once.

use std::fmt;

use ruff_source_file::LineIndex;
use ruff_text_size::{TextRange, TextSize};

/// What kind of problem a [`Diagnostic`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagnosticKind {
    /// CPython would reject the program too (`SyntaxError`).
    Syntax,
    /// Valid Python that the simulator does not model yet.
    Unsupported,
    /// A limit of the simulator, such as nesting depth.
    Limit,
}

/// A position in the source: 1-based line and 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourcePos {
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for SourcePos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem with the reader's program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    /// Lower-case text without a trailing period, naming the construct.
    pub message: String,
    pub start: SourcePos,
    pub end: SourcePos,
    /// Byte range in the source, for underlining.
    pub range: (u32, u32),
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.kind {
            DiagnosticKind::Syntax => "syntax error",
            DiagnosticKind::Unsupported => "not supported",
            DiagnosticKind::Limit => "limit",
        };
        write!(f, "{}: {label}: {}", self.start, self.message)
    }
}

/// Turns byte ranges into line:column positions for one source text.
pub struct Locator<'src> {
    source: &'src str,
    index: LineIndex,
}

impl<'src> Locator<'src> {
    pub fn new(source: &'src str) -> Locator<'src> {
        Locator {
            source,
            index: LineIndex::from_source_text(source),
        }
    }

    /// The 1-based position of a byte offset.
    pub fn pos(&self, offset: TextSize) -> SourcePos {
        let offset = offset.min(TextSize::try_from(self.source.len()).unwrap_or(TextSize::new(0)));
        let lc = self.index.line_column(offset, self.source);
        SourcePos {
            line: lc.line.get() as u32,
            column: lc.column.get() as u32,
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: TextSize) -> u32 {
        self.index.line_index(offset).get() as u32
    }

    /// A diagnostic covering `range`.
    pub fn diagnostic(
        &self,
        kind: DiagnosticKind,
        range: TextRange,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            kind,
            message: message.into(),
            start: self.pos(range.start()),
            end: self.pos(range.end()),
            range: (range.start().to_u32(), range.end().to_u32()),
        }
    }
}
