//! A small stand-in for `unicode-normalization`, used by ruff's parser to NFKC-normalise
//! non-ASCII identifiers as Python does.
//!
//! It folds the compatibility characters that actually turn up in identifiers — fullwidth
//! ASCII, Latin ligatures, mathematical alphanumeric letters and digits, superscript and
//! subscript digits — and keeps every other character as written. Identifiers typed in
//! precomposed form (`café`, `π`, `数据`) are already normalised, so they are unaffected.

/// The normalisation entry point ruff calls (`text.nfkc()`).
pub trait UnicodeNormalization<I: Iterator<Item = char>> {
    /// The text in (approximate) Normalisation Form KC.
    fn nfkc(self) -> Nfkc<I>;
}

impl<'a> UnicodeNormalization<std::str::Chars<'a>> for &'a str {
    fn nfkc(self) -> Nfkc<std::str::Chars<'a>> {
        Nfkc {
            chars: self.chars(),
            pending: [None, None],
        }
    }
}

/// Iterator over normalised characters.
pub struct Nfkc<I> {
    chars: I,
    pending: [Option<char>; 2],
}

impl<I: Iterator<Item = char>> Iterator for Nfkc<I> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.pending[0].take() {
            self.pending[0] = self.pending[1].take();
            return Some(c);
        }
        let c = self.chars.next()?;
        let folded = fold(c);
        self.pending = [folded[1], folded[2]];
        folded[0]
    }
}

/// The NFKC form of one character (up to three characters).
fn fold(c: char) -> [Option<char>; 3] {
    let code = c as u32;
    let one = |x: u32| [char::from_u32(x), None, None];
    match code {
        // Fullwidth ASCII variants.
        0xFF01..=0xFF5E => one(code - 0xFF01 + 0x21),
        // Latin ligatures.
        0xFB00 => [Some('f'), Some('f'), None],
        0xFB01 => [Some('f'), Some('i'), None],
        0xFB02 => [Some('f'), Some('l'), None],
        0xFB03 => [Some('f'), Some('f'), Some('i')],
        0xFB04 => [Some('f'), Some('f'), Some('l')],
        0xFB05 | 0xFB06 => [Some('s'), Some('t'), None],
        // Superscript and subscript digits.
        0x00B2 => one(0x32),
        0x00B3 => one(0x33),
        0x00B9 => one(0x31),
        0x2070 => one(0x30),
        0x2074..=0x2079 => one(code - 0x2074 + 0x34),
        0x2080..=0x2089 => one(code - 0x2080 + 0x30),
        // Mathematical alphanumeric symbols: 13 alphabets of 52 letters, then digits.
        0x1D400..=0x1D6A3 => {
            let offset = (code - 0x1D400) % 52;
            let base = if offset < 26 { 0x41 } else { 0x61 - 26 };
            one(base + offset)
        }
        0x1D7CE..=0x1D7FF => one(0x30 + (code - 0x1D7CE) % 10),
        _ => [Some(c), None, None],
    }
}

#[cfg(test)]
mod tests {
    use super::UnicodeNormalization;

    fn nfkc(text: &str) -> String {
        text.nfkc().collect()
    }

    #[test]
    fn folds_compatibility_forms_and_keeps_the_rest() {
        assert_eq!(nfkc("ｃｏｕｎｔ"), "count");
        assert_eq!(nfkc("ﬁnd"), "find");
        assert_eq!(nfkc("x²"), "x2");
        assert_eq!(nfkc("𝐱"), "x");
        assert_eq!(nfkc("𝟑"), "3");
        assert_eq!(nfkc("café_π_数据"), "café_π_数据");
    }
}
