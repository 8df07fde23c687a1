//! Python's text forms of primitive values: `repr(str)` and `repr(float)`.
//!
//! Both the disassembler (constants) and the VM (`repr`, `str`, f-strings) need exactly
//! CPython's spelling, so it lives in one place.

/// `repr(s)` as CPython prints it: single quotes unless the text holds a single quote and no
/// double quote; backslash escapes for quotes, `\\`, `\t`, `\n`, `\r` and non-printable
/// characters.
pub fn repr_str(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let code = c as u32;
                if code < 0x100 {
                    out.push_str(&format!("\\x{code:02x}"));
                } else if code < 0x10000 {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// An approximation of `str.isprintable()` for one character without Unicode tables: control
/// characters, separators other than the space, and common format characters are not printable.
fn is_printable(ch: char) -> bool {
    let code = ch as u32;
    !(code < 0x20
        || (0x7f..=0xa0).contains(&code)
        || code == 0xad
        || (0x2000..=0x200f).contains(&code)
        || (0x2028..=0x202f).contains(&code)
        || (0x205f..=0x206f).contains(&code)
        || code == 0x3000
        || code == 0xfeff
        || (0xd800..=0xdfff).contains(&code)
        || (0xe000..=0xf8ff).contains(&code)
        || (0xfff9..=0xfffb).contains(&code))
}

/// `repr(x)` (and `str(x)`) for a float: the shortest digits that round-trip, in fixed notation
/// when the decimal exponent is in -4..16, otherwise `d.ddde±XX`.
pub fn repr_float(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if value == 0.0 {
        return if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        }
        .to_string();
    }
    let (negative, digits, decpt) = shortest_digits(value);
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if decpt <= -4 || decpt > 16 {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let exponent = decpt - 1;
        let sign = if exponent < 0 { '-' } else { '+' };
        out.push_str(&format!("e{sign}{:02}", exponent.abs()));
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..(-decpt) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let point = decpt as usize;
        if digits.len() <= point {
            out.push_str(&digits);
            for _ in digits.len()..point {
                out.push('0');
            }
            out.push_str(".0");
        } else {
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        }
    }
    out
}

/// The shortest round-tripping decimal digits of a finite non-zero float and the position of the
/// decimal point relative to them (`0.d1d2… × 10^decpt`).
pub fn shortest_digits(value: f64) -> (bool, String, i32) {
    // Rust's `{:e}` prints the shortest round-tripping digits, like Python's repr.
    let text = format!("{:e}", value.abs());
    let (mantissa, exponent) = text
        .split_once('e')
        .expect("internal error: `{:e}` always prints an exponent");
    let exponent: i32 = exponent
        .parse()
        .expect("internal error: `{:e}` prints a decimal exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    (value.is_sign_negative(), digits, exponent + 1)
}

#[cfg(test)]
mod tests {
    use super::{repr_float, repr_str};

    #[test]
    fn floats_print_like_python() {
        let cases = [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-2.5, "-2.5"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789.125, "123456789.125"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e300 * 10.0, "1e+301"),
            (2.0f64.powi(60), "1.152921504606847e+18"),
            (f64::INFINITY, "inf"),
            (-0.0, "-0.0"),
        ];
        for (value, expected) in cases {
            assert_eq!(repr_float(value), expected, "repr({value:?})");
        }
    }

    #[test]
    fn strings_print_like_python() {
        assert_eq!(repr_str("abc"), "'abc'");
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("both ' and \""), "'both \\' and \"'");
        assert_eq!(repr_str("\nTrying\t\\"), "'\\nTrying\\t\\\\'");
        assert_eq!(repr_str("\x07é€"), "'\\x07é€'");
    }
}
