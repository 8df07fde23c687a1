//! The format-specification mini-language (`format(x, spec)`, f-string `{x:spec}`) for the
//! builtin types, and the number renderings `%`-formatting shares with it.

use crate::bigint::BigInt;
use crate::pytext::repr_float;

/// A parsed `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub alternate: bool,
    pub zero: bool,
    pub width: usize,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub kind: Option<char>,
}

impl Spec {
    /// True when the result would be longer than the simulator builds a string.
    pub fn too_large(&self) -> bool {
        self.width.max(self.precision.unwrap_or(0)) > crate::vm::MAX_STR_BYTES
    }
}

/// Parses a format spec; the error is CPython's `ValueError` message.
pub fn parse(spec: &str) -> Result<Spec, String> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut out = Spec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        out.fill = Some(chars[0]);
        out.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        out.align = Some(chars[0]);
        i = 1;
    }
    if let Some(c) = chars.get(i)
        && matches!(c, '+' | '-' | ' ')
    {
        out.sign = Some(*c);
        i += 1;
    }
    if chars.get(i) == Some(&'z') {
        i += 1;
    }
    if chars.get(i) == Some(&'#') {
        out.alternate = true;
        i += 1;
    }
    if chars.get(i) == Some(&'0') {
        out.zero = true;
        i += 1;
    }
    let start = i;
    while chars.get(i).is_some_and(char::is_ascii_digit) {
        i += 1;
    }
    if i > start {
        let text: String = chars[start..i].iter().collect();
        out.width = text
            .parse()
            .ok()
            .filter(|w| *w <= isize::MAX as usize)
            .ok_or("Too many decimal digits in format string")?;
    }
    if let Some(c) = chars.get(i)
        && matches!(c, ',' | '_')
    {
        out.grouping = Some(*c);
        i += 1;
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        let start = i;
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Err("Format specifier missing precision".to_string());
        }
        let text: String = chars[start..i].iter().collect();
        let precision: usize = text
            .parse()
            .map_err(|_| "Too many decimal digits in format string")?;
        if precision > i32::MAX as usize {
            return Err("precision too big".to_string());
        }
        out.precision = Some(precision);
    }
    if let Some(c) = chars.get(i) {
        out.kind = Some(*c);
        i += 1;
    }
    if i < chars.len() {
        return Err("Invalid format specifier".to_string());
    }
    Ok(out)
}

/// Pads `body` (with an optional sign/prefix kept left of `=` padding) to the spec's width.
fn pad(spec: &Spec, prefix: &str, body: &str, default_align: char) -> String {
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = spec
        .align
        .unwrap_or(if spec.zero { '=' } else { default_align });
    let len = prefix.chars().count() + body.chars().count();
    if len >= spec.width {
        return format!("{prefix}{body}");
    }
    let padding = spec.width - len;
    let fills = |n: usize| fill.to_string().repeat(n);
    match align {
        '<' => format!("{prefix}{body}{}", fills(padding)),
        '^' => format!(
            "{}{prefix}{body}{}",
            fills(padding / 2),
            fills(padding - padding / 2)
        ),
        '=' => format!("{prefix}{}{body}", fills(padding)),
        _ => format!("{}{prefix}{body}", fills(padding)),
    }
}

/// Inserts a grouping separator every `every` digits of the integer part.
fn group(digits: &str, separator: char, every: usize) -> String {
    let (int_part, rest) = match digits.find(|c: char| !c.is_ascii_alphanumeric()) {
        Some(position) => digits.split_at(position),
        None => (digits, ""),
    };
    let count = int_part.chars().count();
    let mut out = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (count - i) % every == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    out.push_str(rest);
    out
}

/// Zero padding with grouping: CPython pads the digits with grouped zeros.
fn zero_grouped(spec: &Spec, sign: &str, digits: String, every: usize) -> String {
    let Some(separator) = spec.grouping else {
        return digits;
    };
    let mut grouped = group(&digits, separator, every);
    if spec.zero && spec.fill.is_none() && spec.align.is_none() {
        let int_len = digits.find('.').unwrap_or(digits.len());
        let mut raw = digits[..int_len].to_string();
        let tail = &digits[int_len..];
        loop {
            grouped = format!("{}{tail}", group(&raw, separator, every));
            if sign.len() + grouped.chars().count() >= spec.width {
                break;
            }
            raw.insert(0, '0');
        }
    }
    grouped
}

fn sign_text(negative: bool, sign: Option<char>) -> &'static str {
    match (negative, sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// `format(int, spec)`.
pub fn format_int(value: &BigInt, spec: &Spec) -> Result<String, String> {
    let kind = spec.kind.unwrap_or('d');
    if matches!(kind, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        let float = value.to_f64().ok_or("int too large to convert to float")?;
        return format_float(float, spec);
    }
    if spec.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".to_string());
    }
    let negative = value.is_negative();
    let magnitude = value.abs();
    let (digits, prefix, every) = match kind {
        'd' | 'n' => (magnitude.to_decimal(), "", 3),
        'b' => (radix_digits(&magnitude, 2), "0b", 4),
        'o' => (radix_digits(&magnitude, 8), "0o", 4),
        'x' => (radix_digits(&magnitude, 16), "0x", 4),
        'X' => (radix_digits(&magnitude, 16).to_uppercase(), "0X", 4),
        'c' => {
            let code = value
                .to_i64()
                .and_then(|c| u32::try_from(c).ok())
                .and_then(char::from_u32)
                .ok_or("%c arg not in range(0x110000)")?;
            return Ok(pad(spec, "", &code.to_string(), '<'));
        }
        other => {
            return Err(format!(
                "Unknown format code '{other}' for object of type 'int'"
            ));
        }
    };
    let sign = sign_text(negative, spec.sign);
    let prefix = if spec.alternate { prefix } else { "" };
    let lead = format!("{sign}{prefix}");
    let body = zero_grouped(spec, &lead, digits, every);
    Ok(pad(spec, &lead, &body, '>'))
}

fn radix_digits(value: &BigInt, radix: u32) -> String {
    if let Some(i) = value.to_i64() {
        return match radix {
            2 => format!("{i:b}"),
            8 => format!("{i:o}"),
            _ => format!("{i:x}"),
        };
    }
    let mut digits = Vec::new();
    let mut rest = value.clone();
    let base = BigInt::from_i64(i64::from(radix));
    while !rest.is_zero() {
        let (q, r) = rest
            .divmod(&base)
            .expect("internal error: the radix is not zero");
        let digit = r.to_i64().unwrap_or(0) as u32;
        digits.push(char::from_digit(digit, radix).unwrap_or('0'));
        rest = q;
    }
    digits.iter().rev().collect()
}

/// `format(float, spec)`.
pub fn format_float(value: f64, spec: &Spec) -> Result<String, String> {
    let kind = spec.kind;
    let negative = value.is_sign_negative() && !value.is_nan();
    let magnitude = value.abs();
    let digits = match kind {
        None => match spec.precision {
            None => {
                let text = repr_float(magnitude);
                text.trim_start_matches('-').to_string()
            }
            Some(p) => general(magnitude, p.max(1), spec.alternate, true),
        },
        Some('f' | 'F') => fixed(magnitude, spec.precision.unwrap_or(6), spec.alternate),
        Some('e' | 'E') => scientific(magnitude, spec.precision.unwrap_or(6), spec.alternate),
        Some('g' | 'G' | 'n') => general(
            magnitude,
            spec.precision.unwrap_or(6).max(1),
            spec.alternate,
            false,
        ),
        Some('%') => {
            let text = fixed(
                magnitude * 100.0,
                spec.precision.unwrap_or(6),
                spec.alternate,
            );
            format!("{text}%")
        }
        Some(other) => {
            return Err(format!(
                "Unknown format code '{other}' for object of type 'float'"
            ));
        }
    };
    let digits = if matches!(kind, Some('E' | 'F' | 'G')) {
        digits.to_uppercase()
    } else {
        digits
    };
    let sign = sign_text(negative, spec.sign);
    let body = if magnitude.is_finite() {
        zero_grouped(spec, sign, digits, 3)
    } else {
        digits
    };
    Ok(pad(spec, sign, &body, '>'))
}

fn non_finite(value: f64) -> Option<String> {
    if value.is_nan() {
        Some("nan".to_string())
    } else if value.is_infinite() {
        Some("inf".to_string())
    } else {
        None
    }
}

/// Digits after the point past which a double's exact decimal expansion is all zeros (it has
/// at most 1074), and below Rust's formatting limit of 65535.
const EXACT_DIGITS: usize = 1_100;

/// `value` with `precision` digits after the point (Rust's `{:.N}`, for any N).
fn point_digits(value: f64, precision: usize) -> String {
    let exact = precision.min(EXACT_DIGITS);
    let mut text = format!("{value:.exact$}");
    text.extend(std::iter::repeat_n('0', precision - exact));
    text
}

/// `value` with `precision` digits after the mantissa's point and Rust's exponent (`{:.Ne}`,
/// for any N).
fn exponent_digits(value: f64, precision: usize) -> String {
    let exact = precision.min(EXACT_DIGITS);
    let text = format!("{value:.exact$e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) if exact < precision => {
            format!("{mantissa}{}e{exponent}", "0".repeat(precision - exact))
        }
        _ => text,
    }
}

/// Fixed-point digits of a non-negative float (`%.Nf`).
pub fn fixed(value: f64, precision: usize, alternate: bool) -> String {
    if let Some(text) = non_finite(value) {
        return text;
    }
    let mut text = point_digits(value, precision);
    if alternate && precision == 0 {
        text.push('.');
    }
    text
}

/// Scientific digits of a non-negative float (`%.Ne`), with CPython's two-digit exponent.
pub fn scientific(value: f64, precision: usize, alternate: bool) -> String {
    if let Some(text) = non_finite(value) {
        return text;
    }
    let text = exponent_digits(value, precision);
    let (mantissa, exponent) = text
        .split_once('e')
        .expect("internal error: `{:e}` always prints an exponent");
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    let dot = if alternate && precision == 0 { "." } else { "" };
    format!("{mantissa}{dot}e{sign}{:02}", exponent.abs())
}

/// `%g` digits: `precision` significant digits, fixed or scientific by the exponent,
/// trailing zeros removed unless `alternate`. `repr_style` is the spec with no type and a
/// precision: fixed results keep at least one digit after the point.
pub fn general(value: f64, precision: usize, alternate: bool, repr_style: bool) -> String {
    if let Some(text) = non_finite(value) {
        return text;
    }
    let probe = exponent_digits(value, (precision - 1).min(EXACT_DIGITS));
    let exponent: i32 = probe
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let use_fixed = -4 <= exponent && i64::from(exponent) < precision as i64;
    let mut text = if use_fixed {
        let decimals = (precision as i64 - 1 - i64::from(exponent)).max(0) as usize;
        point_digits(value, decimals)
    } else {
        scientific(value, precision - 1, alternate)
    };
    if !alternate {
        let (mantissa, exp_part) = match text.find('e') {
            Some(position) => (text[..position].to_string(), text[position..].to_string()),
            None => (text.clone(), String::new()),
        };
        let mut mantissa = mantissa;
        if mantissa.contains('.') {
            mantissa = mantissa
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string();
        }
        text = format!("{mantissa}{exp_part}");
    }
    if repr_style && use_fixed && !text.contains('.') {
        text.push_str(".0");
    }
    text
}

/// `format(str, spec)`.
pub fn format_str(text: &str, spec: &Spec) -> Result<String, String> {
    match spec.kind {
        None | Some('s') => {}
        Some(other) => {
            return Err(format!(
                "Unknown format code '{other}' for object of type 'str'"
            ));
        }
    }
    if spec.sign.is_some() {
        return Err("Sign not allowed in string format specifier".to_string());
    }
    if spec.align == Some('=') {
        return Err("'=' alignment not allowed in string format specifier".to_string());
    }
    let body: String = match spec.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_string(),
    };
    Ok(pad(spec, "", &body, '<'))
}

#[cfg(test)]
mod tests {
    use super::{format_float, format_int, format_str, parse};
    use crate::bigint::BigInt;

    fn int(value: i64, spec: &str) -> String {
        format_int(&BigInt::from_i64(value), &parse(spec).unwrap()).unwrap()
    }

    fn float(value: f64, spec: &str) -> String {
        format_float(value, &parse(spec).unwrap()).unwrap()
    }

    #[test]
    fn precisions_past_rusts_limit_are_exact_and_sizes_past_the_simulators_are_refused() {
        let text = float(1.5, ".70000f");
        assert_eq!(text.len(), 70_002);
        assert!(text.starts_with("1.5000") && text.ends_with("0000"));
        assert_eq!(float(1.5, ".70000e").len(), 70_006);
        assert_eq!(float(1.5, ".70000g"), "1.5");
        assert_eq!(parse(".2147483648f"), Err("precision too big".to_string()));
        assert!(parse("60000000").is_ok_and(|s| s.too_large()));
        assert!(parse(".60000000f").is_ok_and(|s| s.too_large()));
        assert!(parse("1000.1000f").is_ok_and(|s| !s.too_large()));
    }

    #[test]
    fn numbers_format_like_python() {
        assert_eq!(int(1234567, ","), "1,234,567");
        assert_eq!(int(42, "05d"), "00042");
        assert_eq!(int(255, "#x"), "0xff");
        assert_eq!(int(1234567, "_"), "1_234_567");
        assert_eq!(int(-5, "+d"), "-5");
        assert_eq!(int(5, "+d"), "+5");
        assert_eq!(int(1234, "08,"), "0,001,234");
        assert_eq!(float(std::f64::consts::PI, ".2f"), "3.14");
        assert_eq!(float(1234567.0, "e"), "1.234567e+06");
        assert_eq!(float(0.256, "%"), "25.600000%");
        assert_eq!(float(0.256, ".1%"), "25.6%");
        assert_eq!(float(-std::f64::consts::PI, "+.1f"), "-3.1");
        assert_eq!(float(std::f64::consts::PI, "10.3f"), "     3.142");
        assert_eq!(float(3.5, "g"), "3.5");
        assert_eq!(float(1e-10, "g"), "1e-10");
        assert_eq!(float(1234.5, ".3"), "1.23e+03");
        assert_eq!(float(1.0, ".3"), "1.0");
        assert_eq!(float(2.5, ""), "2.5");
        assert_eq!(float(1234.5678, ",.2f"), "1,234.57");
        assert_eq!(
            format_str("mid", &parse("*^9").unwrap()).unwrap(),
            "***mid***"
        );
        assert_eq!(
            format_str("Ann", &parse(">10").unwrap()).unwrap(),
            "       Ann"
        );
    }
}
