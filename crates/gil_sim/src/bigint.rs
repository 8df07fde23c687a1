//! Arbitrary-precision integers for Python's `int` once a value leaves the fast 64-bit path.
//!
//! Deliberately small: sign and magnitude in base 2³², schoolbook multiplication and Knuth's
//! long division. Python programs in GIL Lab rarely go past 64 bits (`10**6 * 5` does not), so
//! clarity wins over speed here. Division and modulo follow Python's floor semantics.

use std::cmp::Ordering;
use std::fmt;

/// A bitwise operator on ints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bitwise {
    And,
    Or,
    Xor,
}

/// Two's complement negation in place (`!x + 1`), modulo the limbs' width.
fn negate_limbs(limbs: &mut [u32]) {
    let mut carry = true;
    for limb in limbs {
        let (value, overflow) = (!*limb).overflowing_add(u32::from(carry));
        *limb = value;
        carry = overflow;
    }
}

/// A signed integer of any size. Invariant: `mag` has no trailing zero limbs and zero is never
/// negative.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInt {
    negative: bool,
    mag: Vec<u32>,
}

impl BigInt {
    /// Bytes its digits occupy (for the memory budget).
    pub fn bytes(&self) -> usize {
        self.mag.len() * 4
    }

    /// Zero.
    pub fn zero() -> BigInt {
        BigInt {
            negative: false,
            mag: Vec::new(),
        }
    }

    fn from_parts(negative: bool, mut mag: Vec<u32>) -> BigInt {
        while mag.last() == Some(&0) {
            mag.pop();
        }
        let negative = negative && !mag.is_empty();
        BigInt { negative, mag }
    }

    /// Converts from a machine integer.
    pub fn from_i64(value: i64) -> BigInt {
        BigInt::from_i128(i128::from(value))
    }

    /// Converts from a 128-bit machine integer.
    pub fn from_i128(value: i128) -> BigInt {
        let negative = value < 0;
        let mut rest = value.unsigned_abs();
        let mut mag = Vec::new();
        while rest != 0 {
            mag.push(rest as u32);
            rest >>= 32;
        }
        BigInt::from_parts(negative, mag)
    }

    /// The value as an `i64`, when it fits.
    pub fn to_i64(&self) -> Option<i64> {
        i64::try_from(self.to_i128()?).ok()
    }

    /// The value as an `i128`, when it fits.
    pub fn to_i128(&self) -> Option<i128> {
        if self.mag.len() > 4 {
            return None;
        }
        let mut magnitude: u128 = 0;
        for (i, limb) in self.mag.iter().enumerate() {
            magnitude |= u128::from(*limb) << (32 * i);
        }
        if self.negative {
            0i128.checked_sub_unsigned(magnitude)
        } else {
            i128::try_from(magnitude).ok()
        }
    }

    /// The nearest `f64`, or `None` when the value is too large for a float (Python's
    /// `OverflowError: int too large to convert to float`).
    pub fn to_f64(&self) -> Option<f64> {
        let mut result = 0.0f64;
        for limb in self.mag.iter().rev() {
            result = result * 4294967296.0 + f64::from(*limb);
        }
        if result.is_infinite() {
            return None;
        }
        Some(if self.negative { -result } else { result })
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.mag.is_empty()
    }

    /// True for values below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Number of significant bits of the magnitude (`int.bit_length()`).
    pub fn bit_length(&self) -> u64 {
        match self.mag.last() {
            None => 0,
            Some(top) => (self.mag.len() as u64 - 1) * 32 + u64::from(32 - top.leading_zeros()),
        }
    }

    /// Parses digits in `radix` (2–36); underscores are skipped, a leading `-` is allowed.
    pub fn parse(text: &str, radix: u32) -> Option<BigInt> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let mut mag: Vec<u32> = Vec::new();
        let mut any = false;
        for ch in digits.chars() {
            if ch == '_' {
                continue;
            }
            let digit = ch.to_digit(radix)?;
            any = true;
            mul_small_add(&mut mag, radix, digit);
        }
        if !any {
            return None;
        }
        Some(BigInt::from_parts(negative, mag))
    }

    /// Negation.
    pub fn neg(&self) -> BigInt {
        BigInt::from_parts(!self.negative, self.mag.clone())
    }

    /// Absolute value.
    pub fn abs(&self) -> BigInt {
        BigInt::from_parts(false, self.mag.clone())
    }

    /// `self & other`, `|` or `^` as Python computes them: on two's complement values of
    /// unbounded width (a negative value has infinitely many leading one bits).
    pub fn bitwise(&self, op: Bitwise, other: &BigInt) -> BigInt {
        // One limb more than the wider operand holds the sign of either.
        let width = self.mag.len().max(other.mag.len()) + 1;
        let (a, b) = (self.twos_complement(width), other.twos_complement(width));
        let mut limbs: Vec<u32> = a
            .iter()
            .zip(&b)
            .map(|(x, y)| match op {
                Bitwise::And => x & y,
                Bitwise::Or => x | y,
                Bitwise::Xor => x ^ y,
            })
            .collect();
        let negative = limbs.last().is_some_and(|top| top & 0x8000_0000 != 0);
        if negative {
            negate_limbs(&mut limbs);
        }
        BigInt::from_parts(negative, limbs)
    }

    /// The value's low `width` limbs in two's complement.
    fn twos_complement(&self, width: usize) -> Vec<u32> {
        let mut limbs = self.mag.clone();
        limbs.resize(width, 0);
        if self.negative {
            negate_limbs(&mut limbs);
        }
        limbs
    }

    /// Sum.
    pub fn add(&self, other: &BigInt) -> BigInt {
        if self.negative == other.negative {
            return BigInt::from_parts(self.negative, add_mag(&self.mag, &other.mag));
        }
        match cmp_mag(&self.mag, &other.mag) {
            Ordering::Equal => BigInt::zero(),
            Ordering::Greater => BigInt::from_parts(self.negative, sub_mag(&self.mag, &other.mag)),
            Ordering::Less => BigInt::from_parts(other.negative, sub_mag(&other.mag, &self.mag)),
        }
    }

    /// Difference.
    pub fn sub(&self, other: &BigInt) -> BigInt {
        self.add(&other.neg())
    }

    /// Product.
    pub fn mul(&self, other: &BigInt) -> BigInt {
        if self.is_zero() || other.is_zero() {
            return BigInt::zero();
        }
        let mut out = vec![0u32; self.mag.len() + other.mag.len()];
        for (i, a) in self.mag.iter().enumerate() {
            let mut carry: u64 = 0;
            for (j, b) in other.mag.iter().enumerate() {
                let t = u64::from(*a) * u64::from(*b) + u64::from(out[i + j]) + carry;
                out[i + j] = t as u32;
                carry = t >> 32;
            }
            let mut k = i + other.mag.len();
            while carry != 0 {
                let t = u64::from(out[k]) + carry;
                out[k] = t as u32;
                carry = t >> 32;
                k += 1;
            }
        }
        BigInt::from_parts(self.negative != other.negative, out)
    }

    /// Floor division and modulo as Python defines them (`divmod`); `None` when dividing by zero.
    pub fn divmod(&self, other: &BigInt) -> Option<(BigInt, BigInt)> {
        if other.is_zero() {
            return None;
        }
        let (q_mag, r_mag) = divmod_mag(&self.mag, &other.mag);
        let mut quotient = BigInt::from_parts(self.negative != other.negative, q_mag);
        let mut remainder = BigInt::from_parts(self.negative, r_mag);
        if !remainder.is_zero() && remainder.negative != other.negative {
            quotient = quotient.sub(&BigInt::from_i64(1));
            remainder = remainder.add(other);
        }
        Some((quotient, remainder))
    }

    /// `self ** exponent` for a non-negative exponent.
    pub fn pow(&self, mut exponent: u64) -> BigInt {
        let mut base = self.clone();
        let mut result = BigInt::from_i64(1);
        while exponent > 0 {
            if exponent & 1 == 1 {
                result = result.mul(&base);
            }
            exponent >>= 1;
            if exponent > 0 {
                base = base.mul(&base);
            }
        }
        result
    }

    /// Decimal text, as `str(int)` prints it.
    pub fn to_decimal(&self) -> String {
        if self.is_zero() {
            return "0".to_string();
        }
        let mut chunks = Vec::new();
        let mut rest = self.mag.clone();
        while !rest.is_empty() {
            let remainder = div_small(&mut rest, 1_000_000_000);
            chunks.push(remainder);
        }
        let mut text = String::new();
        if self.negative {
            text.push('-');
        }
        let mut iter = chunks.iter().rev();
        if let Some(first) = iter.next() {
            text.push_str(&first.to_string());
        }
        for chunk in iter {
            text.push_str(&format!("{chunk:09}"));
        }
        text
    }
}

impl PartialOrd for BigInt {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for BigInt {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_mag(&self.mag, &other.mag),
            (true, true) => cmp_mag(&other.mag, &self.mag),
        }
    }
}

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal())
    }
}

fn mul_small_add(mag: &mut Vec<u32>, factor: u32, addend: u32) {
    let mut carry = u64::from(addend);
    for limb in mag.iter_mut() {
        let t = u64::from(*limb) * u64::from(factor) + carry;
        *limb = t as u32;
        carry = t >> 32;
    }
    if carry != 0 {
        mag.push(carry as u32);
    }
}

/// Divides `mag` in place by a small divisor and returns the remainder.
fn div_small(mag: &mut Vec<u32>, divisor: u32) -> u32 {
    let mut remainder: u64 = 0;
    for limb in mag.iter_mut().rev() {
        let t = (remainder << 32) | u64::from(*limb);
        *limb = (t / u64::from(divisor)) as u32;
        remainder = t % u64::from(divisor);
    }
    while mag.last() == Some(&0) {
        mag.pop();
    }
    remainder as u32
}

fn cmp_mag(a: &[u32], b: &[u32]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

fn add_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(long.len() + 1);
    let mut carry = 0u64;
    for (i, x) in long.iter().enumerate() {
        let t = u64::from(*x) + u64::from(short.get(i).copied().unwrap_or(0)) + carry;
        out.push(t as u32);
        carry = t >> 32;
    }
    if carry != 0 {
        out.push(carry as u32);
    }
    out
}

/// `a - b` for `a >= b`.
fn sub_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i64;
    for (i, x) in a.iter().enumerate() {
        let mut t = i64::from(*x) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        if t < 0 {
            t += 1 << 32;
            borrow = 1;
        } else {
            borrow = 0;
        }
        out.push(t as u32);
    }
    out
}

/// Truncating division of magnitudes (Knuth, TAOCP vol. 2, algorithm D).
fn divmod_mag(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>) {
    if cmp_mag(a, b) == Ordering::Less {
        return (Vec::new(), a.to_vec());
    }
    if b.len() == 1 {
        let mut quotient = a.to_vec();
        let remainder = div_small(&mut quotient, b[0]);
        return (quotient, vec![remainder]);
    }
    let shift = b[b.len() - 1].leading_zeros();
    let divisor = shl_mag(b, shift);
    let mut dividend = shl_mag(a, shift);
    dividend.push(0);
    let n = divisor.len();
    let m = dividend.len() - n - 1;
    let mut quotient = vec![0u32; m + 1];
    let top = u64::from(divisor[n - 1]);
    let second = u64::from(divisor[n - 2]);
    for j in (0..=m).rev() {
        let numerator = (u64::from(dividend[j + n]) << 32) | u64::from(dividend[j + n - 1]);
        let mut qhat = numerator / top;
        let mut rhat = numerator % top;
        while qhat >= (1 << 32)
            || (rhat < (1 << 32) && qhat * second > ((rhat << 32) | u64::from(dividend[j + n - 2])))
        {
            qhat -= 1;
            rhat += top;
        }
        let mut borrow: i64 = 0;
        let mut carry: u64 = 0;
        for i in 0..n {
            let product = qhat * u64::from(divisor[i]) + carry;
            carry = product >> 32;
            let t = i64::from(dividend[i + j]) - borrow - (product & 0xffff_ffff) as i64;
            dividend[i + j] = t as u32;
            borrow = if t < 0 { 1 } else { 0 };
        }
        let t = i64::from(dividend[j + n]) - borrow - carry as i64;
        dividend[j + n] = t as u32;
        if t < 0 {
            qhat -= 1;
            let mut carry = 0u64;
            for i in 0..n {
                let s = u64::from(dividend[i + j]) + u64::from(divisor[i]) + carry;
                dividend[i + j] = s as u32;
                carry = s >> 32;
            }
            dividend[j + n] = dividend[j + n].wrapping_add(carry as u32);
        }
        quotient[j] = qhat as u32;
    }
    dividend.truncate(n);
    let remainder = shr_mag(&dividend, shift);
    (quotient, remainder)
}

fn shl_mag(mag: &[u32], shift: u32) -> Vec<u32> {
    if shift == 0 {
        return mag.to_vec();
    }
    let mut out = Vec::with_capacity(mag.len() + 1);
    let mut carry = 0u32;
    for limb in mag {
        out.push((limb << shift) | carry);
        carry = limb >> (32 - shift);
    }
    if carry != 0 {
        out.push(carry);
    }
    out
}

fn shr_mag(mag: &[u32], shift: u32) -> Vec<u32> {
    if shift == 0 {
        return mag.to_vec();
    }
    let mut out = vec![0u32; mag.len()];
    for i in 0..mag.len() {
        let high = mag.get(i + 1).map_or(0, |next| next << (32 - shift));
        out[i] = (mag[i] >> shift) | high;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::BigInt;

    fn big(text: &str) -> BigInt {
        BigInt::parse(text, 10).expect("test literal parses")
    }

    #[test]
    fn round_trips_decimal_text() {
        for text in [
            "0",
            "-1",
            "4294967296",
            "123456789012345678901234567890",
            "-99999999999",
        ] {
            assert_eq!(big(text).to_decimal(), text);
        }
    }

    #[test]
    fn arithmetic_matches_python() {
        let a = big("123456789012345678901234567890");
        let b = big("-9876543210987");
        assert_eq!(a.add(&b).to_decimal(), "123456789012345669024691356903");
        assert_eq!(
            a.mul(&b).to_decimal(),
            "-1219326311370137171880013717186782045407430"
        );
        let (q, r) = a.divmod(&b).expect("non-zero divisor");
        // Python: divmod(123456789012345678901234567890, -9876543210987)
        assert_eq!(q.to_decimal(), "-12499999886094579");
        assert_eq!(r.to_decimal(), "-8626599371583");
        assert_eq!(
            big("2").pow(100).to_decimal(),
            "1267650600228229401496703205376"
        );
        assert_eq!(
            big("-7")
                .divmod(&big("2"))
                .map(|(q, r)| (q.to_decimal(), r.to_decimal())),
            Some(("-4".to_string(), "1".to_string()))
        );
    }

    #[test]
    fn bitwise_operators_match_machine_integers_and_go_past_them() {
        use super::Bitwise;
        let samples: [i128; 12] = [
            0,
            1,
            -1,
            5,
            -5,
            i64::MAX as i128,
            i64::MIN as i128,
            1 << 100,
            -(1 << 100),
            (1 << 100) - 7,
            i128::MAX >> 1,
            i128::MIN >> 1,
        ];
        for &x in &samples {
            for &y in &samples {
                let (a, b) = (BigInt::from_i128(x), BigInt::from_i128(y));
                assert_eq!(
                    a.bitwise(Bitwise::And, &b).to_i128(),
                    Some(x & y),
                    "{x} & {y}"
                );
                assert_eq!(
                    a.bitwise(Bitwise::Or, &b).to_i128(),
                    Some(x | y),
                    "{x} | {y}"
                );
                assert_eq!(
                    a.bitwise(Bitwise::Xor, &b).to_i128(),
                    Some(x ^ y),
                    "{x} ^ {y}"
                );
            }
        }
        // Past 128 bits: -(2**200) | 1 == -(2**200) + 1, and 2**200 ^ -1 == -(2**200) - 1.
        let two_200 = big("2").pow(200);
        assert_eq!(
            two_200.neg().bitwise(Bitwise::Or, &big("1")),
            two_200.neg().add(&big("1"))
        );
        assert_eq!(
            two_200.bitwise(Bitwise::Xor, &big("-1")),
            two_200.neg().sub(&big("1"))
        );
        assert_eq!(two_200.bitwise(Bitwise::And, &two_200.neg()), two_200);
    }

    #[test]
    fn converts_to_machine_types() {
        assert_eq!(big("-9223372036854775808").to_i64(), Some(i64::MIN));
        assert_eq!(big("9223372036854775808").to_i64(), None);
        let min = i128::MIN.to_string();
        assert_eq!(big(&min).to_i128(), Some(i128::MIN));
        assert_eq!(big(&i128::MAX.to_string()).to_i128(), Some(i128::MAX));
        assert_eq!(
            big("170141183460469231731687303715884105728").to_i128(),
            None
        );
        assert_eq!(
            big("-170141183460469231731687303715884105729").to_i128(),
            None
        );
        assert_eq!(big("-5").to_i128(), Some(-5));
        assert_eq!(
            big("1267650600228229401496703205376").to_f64(),
            Some(2f64.powi(100))
        );
        assert_eq!(big("1267650600228229401496703205376").bit_length(), 101);
    }
}
