//! Syntax colouring for the page's editor, from the parser's own tokens (so colouring and
//! compiling never disagree about where a string or comment ends).

use ruff_python_ast::token::TokenKind;
use ruff_text_size::Ranged;

/// What a coloured stretch of source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenClass {
    Keyword,
    String,
    Number,
    Comment,
    /// A name Python provides without an import (`print`, `range`, `len`, …).
    Builtin,
}

impl TokenClass {
    /// The CSS class the page gives it.
    pub fn css(self) -> &'static str {
        match self {
            TokenClass::Keyword => "tok-keyword",
            TokenClass::String => "tok-string",
            TokenClass::Number => "tok-number",
            TokenClass::Comment => "tok-comment",
            TokenClass::Builtin => "tok-builtin",
        }
    }
}

/// A coloured stretch: byte offsets `start..end` into the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colored {
    pub start: usize,
    pub end: usize,
    pub class: TokenClass,
}

const BUILTINS: &[&str] = &[
    "print",
    "range",
    "len",
    "str",
    "int",
    "float",
    "list",
    "dict",
    "tuple",
    "set",
    "round",
    "sum",
    "min",
    "max",
    "abs",
    "sorted",
    "enumerate",
    "zip",
    "isinstance",
    "super",
    "object",
    "Exception",
    "ValueError",
    "TypeError",
    "KeyError",
    "RuntimeError",
    "self",
];

/// The coloured stretches of `source`, in order; none when it nests too deeply to parse.
pub fn highlight(source: &str) -> Vec<Colored> {
    if super::nesting::find_excess_nesting(source).is_some() {
        return Vec::new();
    }
    let parsed =
        ruff_python_parser::parse_unchecked_source(source, ruff_python_ast::PySourceType::Python);
    parsed
        .tokens()
        .iter()
        .filter_map(|token| {
            let kind = token.kind();
            let range = token.range();
            let (start, end) = (range.start().to_usize(), range.end().to_usize());
            let class = match kind {
                TokenKind::Int | TokenKind::Float | TokenKind::Complex => TokenClass::Number,
                TokenKind::String
                | TokenKind::FStringStart
                | TokenKind::FStringMiddle
                | TokenKind::FStringEnd
                | TokenKind::TStringStart
                | TokenKind::TStringMiddle
                | TokenKind::TStringEnd => TokenClass::String,
                TokenKind::Comment => TokenClass::Comment,
                TokenKind::Name if BUILTINS.contains(&source.get(start..end)?) => {
                    TokenClass::Builtin
                }
                k if k.is_keyword() => TokenClass::Keyword,
                _ => return None,
            };
            Some(Colored { start, end, class })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_keywords_strings_numbers_comments_and_builtins() {
        let source = "def f(x):  # note\n    return print(f\"{x}\", 1_000, 'a')\n";
        let classes: Vec<(&str, TokenClass)> = highlight(source)
            .iter()
            .map(|c| (&source[c.start..c.end], c.class))
            .collect();
        assert!(classes.contains(&("def", TokenClass::Keyword)));
        assert!(classes.contains(&("return", TokenClass::Keyword)));
        assert!(classes.contains(&("# note", TokenClass::Comment)));
        assert!(classes.contains(&("print", TokenClass::Builtin)));
        assert!(classes.contains(&("1_000", TokenClass::Number)));
        assert!(classes.contains(&("'a'", TokenClass::String)));
        assert!(
            classes
                .iter()
                .any(|(text, class)| text.starts_with("f\"") && *class == TokenClass::String)
        );
        let mut previous = 0;
        for c in highlight(source) {
            assert!(c.start >= previous && c.end > c.start, "{c:?}");
            previous = c.end;
        }
    }

    #[test]
    fn broken_and_deeply_nested_source_never_fails() {
        assert!(!highlight("def f(:\n  'unterminated\n").is_empty());
        assert!(highlight(&"(".repeat(10_000)).is_empty());
    }
}
