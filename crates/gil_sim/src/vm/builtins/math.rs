//! The `math` functions beyond the first few: float functions through the platform's C
//! library (as CPython calls it), `fsum` with CPython's exact partial sums, and the integer
//! functions on big ints.

use crate::bigint::BigInt;
use crate::vm::builtins::{Builtin, args};
use crate::vm::intern::Symbol;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// A float function of one float argument, `None` where the argument is outside its domain.
#[inline(never)]
fn unary_float(
    vm: &mut Vm,
    name: &str,
    a: &[Value],
    kw: &[(Symbol, Value)],
    f: fn(f64) -> Option<f64>,
) -> PyResult<Value> {
    args::only_kwargs(vm, name, kw, &[])?;
    args::count(vm, name, a, 1, 1)?;
    let x = args::float(vm, a[0])?;
    finish(vm, x, f(x))
}

/// Runs math function `b` if this module implements it.
pub fn call(
    vm: &mut Vm,
    b: Builtin,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> Option<PyResult<Value>> {
    use Builtin as B;
    let name = b.name();
    let unary: Option<fn(f64) -> Option<f64>> = match b {
        B::MathExp => Some(|x| Some(x.exp())),
        B::MathTan => Some(|x| Some(x.tan())),
        B::MathGamma => Some(gamma),
        B::MathLgamma => Some(lgamma),
        B::MathAsin => Some(|x| (-1.0..=1.0).contains(&x).then(|| x.asin()).or(nan_in(x))),
        B::MathAcos => Some(|x| (-1.0..=1.0).contains(&x).then(|| x.acos()).or(nan_in(x))),
        B::MathAtan => Some(|x| Some(x.atan())),
        B::MathSinh => Some(|x| Some(x.sinh())),
        B::MathCosh => Some(|x| Some(x.cosh())),
        B::MathTanh => Some(|x| Some(x.tanh())),
        B::MathAsinh => Some(|x| Some(asinh(x))),
        B::MathAcosh => Some(|x| (x >= 1.0).then(|| acosh(x)).or(nan_in(x))),
        B::MathAtanh => Some(|x| (x.abs() < 1.0).then(|| atanh(x)).or(nan_in(x))),
        B::MathLog2 => Some(|x| (x > 0.0).then(|| x.log2()).or(nan_in(x))),
        B::MathLog10 => Some(|x| (x > 0.0).then(|| x.log10()).or(nan_in(x))),
        B::MathLog1p => Some(|x| (x > -1.0).then(|| x.ln_1p()).or(nan_in(x))),
        B::MathExpm1 => Some(|x| Some(x.exp_m1())),
        B::MathDegrees => Some(|x| Some(x.to_degrees())),
        B::MathRadians => Some(|x| Some(x.to_radians())),
        _ => None,
    };
    if let Some(f) = unary {
        return Some(unary_float(vm, name, a, kw, f));
    }
    Some(match b {
        B::MathIsfinite | B::MathIsinf | B::MathIsnan => (|| {
            args::count(vm, name, a, 1, 1)?;
            let x = args::float(vm, a[0])?;
            Ok(Value::bool(match b {
                B::MathIsfinite => x.is_finite(),
                B::MathIsinf => x.is_infinite(),
                _ => x.is_nan(),
            }))
        })(),
        B::MathAtan2 | B::MathCopysign | B::MathFmod | B::MathPow => (|| {
            args::count(vm, name, a, 2, 2)?;
            let (x, y) = (args::float(vm, a[0])?, args::float(vm, a[1])?);
            let r = match b {
                B::MathAtan2 => Some(x.atan2(y)),
                B::MathCopysign => Some(x.copysign(y)),
                B::MathFmod => {
                    (!(y == 0.0 || x.is_infinite()) || x.is_nan() || y.is_nan()).then(|| {
                        if y.is_infinite() && x.is_finite() {
                            x
                        } else {
                            x % y
                        }
                    })
                }
                _ => pow(x, y),
            };
            match (b, r) {
                (B::MathPow, None) if x == 0.0 => Err(domain(vm)),
                _ => finish(vm, x, r),
            }
        })(),
        B::MathTrunc => (|| {
            args::count(vm, name, a, 1, 1)?;
            if vm.is_int(a[0]) && !a[0].is_float() {
                vm.heap.incref(a[0]);
                return Ok(a[0]);
            }
            let x = args::float(vm, a[0])?;
            if x.is_nan() {
                return Err(
                    vm.raise_msg(ExcKind::ValueError, "cannot convert float NaN to integer")
                );
            }
            if x.is_infinite() {
                return Err(vm.raise_msg(
                    ExcKind::OverflowError,
                    "cannot convert float infinity to integer",
                ));
            }
            Ok(vm.big_value(BigInt::from_i128(x.trunc() as i128)))
        })(),
        B::MathModf => (|| {
            args::count(vm, name, a, 1, 1)?;
            let x = args::float(vm, a[0])?;
            let whole = x.trunc();
            let frac = if x.is_infinite() {
                0.0f64.copysign(x)
            } else {
                (x - whole).copysign(x)
            };
            Ok(vm.tuple_value(vec![Value::float(frac), Value::float(whole)]))
        })(),
        B::MathHypot => (|| {
            let mut values = Vec::with_capacity(a.len());
            for v in a {
                values.push(args::float(vm, *v)?.abs());
            }
            let precise = vm.version.bytecode() >= crate::PyVersion::Py310;
            Ok(Value::float(hypot(&values, precise)))
        })(),
        B::MathFsum => (|| {
            args::count(vm, name, a, 1, 1)?;
            let items = vm.collect_iterable(a[0])?;
            let mut values = Vec::with_capacity(items.len());
            let mut bad = None;
            for item in &items {
                match vm.to_float(*item) {
                    Some(f) => values.push(f),
                    None => {
                        bad = Some(format!("must be real number, not {}", vm.type_name(*item)));
                        break;
                    }
                }
            }
            vm.heap.decref_all(items);
            if let Some(message) = bad {
                return Err(vm.type_error(&message));
            }
            match fsum(&values) {
                Ok(x) => Ok(Value::float(x)),
                Err(message) => {
                    let kind = if message.contains("overflow") {
                        ExcKind::OverflowError
                    } else {
                        ExcKind::ValueError
                    };
                    Err(vm.raise_msg(kind, message))
                }
            }
        })(),
        B::MathIsclose => (|| {
            args::only_kwargs(vm, name, kw, &["rel_tol", "abs_tol"])?;
            args::count(vm, name, a, 2, 2)?;
            let (x, y) = (args::float(vm, a[0])?, args::float(vm, a[1])?);
            let rel = match args::kwarg(vm, kw, "rel_tol") {
                Some(v) => args::float(vm, v)?,
                None => 1e-9,
            };
            let abs = match args::kwarg(vm, kw, "abs_tol") {
                Some(v) => args::float(vm, v)?,
                None => 0.0,
            };
            if rel < 0.0 || abs < 0.0 {
                return Err(vm.raise_msg(ExcKind::ValueError, "tolerances must be non-negative"));
            }
            if x == y {
                return Ok(Value::TRUE);
            }
            if x.is_infinite() || y.is_infinite() {
                return Ok(Value::FALSE);
            }
            let diff = (y - x).abs();
            Ok(Value::bool(
                diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs,
            ))
        })(),
        B::MathGcd | B::MathLcm => (|| {
            let mut acc = if b == B::MathGcd || a.is_empty() {
                BigInt::from_i64(if b == B::MathGcd { 0 } else { 1 })
            } else {
                big(vm, a[0])?.abs()
            };
            let skip = usize::from(b == B::MathLcm && !a.is_empty());
            for v in &a[skip..] {
                let x = big(vm, *v)?.abs();
                acc = if b == B::MathGcd {
                    gcd(acc, x)
                } else if acc.is_zero() || x.is_zero() {
                    BigInt::zero()
                } else {
                    let g = gcd(acc.clone(), x.clone());
                    acc.divmod(&g).map_or(BigInt::zero(), |(q, _)| q).mul(&x)
                };
            }
            Ok(vm.big_value(acc))
        })(),
        B::MathIsqrt => (|| {
            args::count(vm, name, a, 1, 1)?;
            let n = big(vm, a[0])?;
            if n.is_negative() {
                return Err(
                    vm.raise_msg(ExcKind::ValueError, "isqrt() argument must be nonnegative")
                );
            }
            Ok(vm.big_value(isqrt(&n)))
        })(),
        B::MathComb | B::MathPerm => (|| {
            args::count(vm, name, a, if b == B::MathPerm { 1 } else { 2 }, 2)?;
            let n = big(vm, a[0])?;
            let k = match a.get(1) {
                Some(v) if !v.is_none() => big(vm, *v)?,
                _ => n.clone(),
            };
            if n.is_negative() {
                return Err(vm.raise_msg(ExcKind::ValueError, "n must be a non-negative integer"));
            }
            if k.is_negative() {
                return Err(vm.raise_msg(ExcKind::ValueError, "k must be a non-negative integer"));
            }
            if k > n {
                return Ok(Value::small_int(0));
            }
            let (Some(n), Some(mut k)) = (n.to_i64(), k.to_i64()) else {
                return Err(vm.raise_msg(
                    ExcKind::OverflowError,
                    "arguments too large for this simulator",
                ));
            };
            if b == B::MathComb && k > n - k {
                k = n - k;
            }
            let mut acc = BigInt::from_i64(1);
            for i in 0..k {
                acc = acc.mul(&BigInt::from_i64(n - i));
                if b == B::MathComb {
                    acc = acc
                        .divmod(&BigInt::from_i64(i + 1))
                        .map_or(BigInt::zero(), |(q, _)| q);
                }
            }
            Ok(vm.big_value(acc))
        })(),
        B::MathProd => (|| {
            args::only_kwargs(vm, name, kw, &["start"])?;
            args::count(vm, name, a, 1, 1)?;
            let items = vm.collect_iterable(a[0])?;
            let mut acc = args::kwarg(vm, kw, "start").unwrap_or(Value::small_int(1));
            vm.heap.incref(acc);
            for item in &items {
                let next = vm.binary_op_builtin(crate::vm::op::BinOp::Mul, false, acc, *item);
                vm.heap.decref(acc);
                match next {
                    Ok(v) => acc = v,
                    Err(raised) => {
                        vm.heap.decref_all(items);
                        return Err(raised);
                    }
                }
            }
            vm.heap.decref_all(items);
            Ok(acc)
        })(),
        _ => return None,
    })
}

const LN2: f64 = std::f64::consts::LN_2;

/// The C library's `asinh` (fdlibm's formulas over `log`, `log1p` and `sqrt`).
fn asinh(x: f64) -> f64 {
    let a = x.abs();
    if !x.is_finite() || a < 2f64.powi(-28) {
        return x;
    }
    let w = if a > 2f64.powi(28) {
        a.ln() + LN2
    } else if a > 2.0 {
        (2.0 * a + 1.0 / ((x * x + 1.0).sqrt() + a)).ln()
    } else {
        let t = x * x;
        (a + t / (1.0 + (1.0 + t).sqrt())).ln_1p()
    };
    w.copysign(x)
}

/// The C library's `acosh` for `x >= 1`.
fn acosh(x: f64) -> f64 {
    if x >= 2f64.powi(28) {
        if x.is_infinite() {
            return x;
        }
        return x.ln() + LN2;
    }
    if x == 1.0 {
        return 0.0;
    }
    if x > 2.0 {
        let t = x * x;
        return (2.0 * x - 1.0 / (x + (t - 1.0).sqrt())).ln();
    }
    let t = x - 1.0;
    (t + (2.0 * t + t * t).sqrt()).ln_1p()
}

/// The C library's `atanh` for `|x| < 1`.
fn atanh(x: f64) -> f64 {
    let a = x.abs();
    if a < 2f64.powi(-28) {
        return x;
    }
    let t = if a < 0.5 {
        let t = a + a;
        0.5 * (t + t * a / (1.0 - a)).ln_1p()
    } else {
        0.5 * ((a + a) / (1.0 - a)).ln_1p()
    };
    t.copysign(x)
}

/// The Lanczos approximation CPython's `gamma` and `lgamma` use (its own code, not the C
/// library's): g, and the numerator and denominator of the rational function. The digits are
/// kept as published, beyond a double's precision; they round to the doubles CPython uses.
#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];
const LOG_PI: f64 = 1.144729885849400174143427351353058711647;

fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// `sin(pi * x)`, exact at the multiples of one half.
fn sin_pi(x: f64) -> f64 {
    let y = x.abs() % 2.0;
    let pi = std::f64::consts::PI;
    let r = match (2.0 * y).round() as i32 {
        0 => (pi * y).sin(),
        1 => (pi * (y - 0.5)).cos(),
        2 => (pi * (1.0 - y)).sin(),
        3 => -(pi * (y - 1.5)).cos(),
        _ => (pi * (y - 2.0)).sin(),
    };
    1f64.copysign(x) * r
}

fn gamma(x: f64) -> Option<f64> {
    if !x.is_finite() {
        return (x.is_nan() || x > 0.0).then_some(x);
    }
    if x == 0.0 {
        return None;
    }
    if x == x.floor() {
        if x < 0.0 {
            return None;
        }
        if x <= 23.0 {
            return Some((1..x as u32).fold(1.0, |acc, k| acc * f64::from(k)));
        }
    }
    let a = x.abs();
    if a < 1e-20 {
        return Some(1.0 / x);
    }
    if a > 200.0 {
        return Some(if x < 0.0 {
            0.0 / sin_pi(x)
        } else {
            f64::INFINITY
        });
    }
    let y = a + LANCZOS_G_MINUS_HALF;
    let z = if a > LANCZOS_G_MINUS_HALF {
        (y - a) - LANCZOS_G_MINUS_HALF
    } else {
        (y - LANCZOS_G_MINUS_HALF) - a
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -std::f64::consts::PI / sin_pi(a) / a * y.exp() / lanczos_sum(a);
        r -= z * r;
        if a < 140.0 {
            r /= y.powf(a - 0.5);
        } else {
            let half = y.powf(a / 2.0 - 0.25);
            r /= half;
            r /= half;
        }
    } else {
        r = lanczos_sum(a) / y.exp();
        r += z * r;
        if a < 140.0 {
            r *= y.powf(a - 0.5);
        } else {
            let half = y.powf(a / 2.0 - 0.25);
            r *= half;
            r *= half;
        }
    }
    Some(r)
}

fn lgamma(x: f64) -> Option<f64> {
    if !x.is_finite() {
        return Some(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        return (x > 0.0).then_some(0.0);
    }
    let a = x.abs();
    if a < 1e-20 {
        return Some(-a.ln());
    }
    let mut r = lanczos_sum(a).ln() - LANCZOS_G;
    r += (a - 0.5) * ((a + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        r = LOG_PI - sin_pi(a).abs().ln() - a.ln() - r;
    }
    Some(r)
}

fn nan_in(x: f64) -> Option<f64> {
    x.is_nan().then_some(x)
}

#[cold]
#[inline(never)]
fn domain(vm: &mut Vm) -> crate::vm::Raised {
    vm.raise_msg(ExcKind::ValueError, "math domain error")
}

/// CPython's checks on a C library result: NaN from a non-NaN input is a domain error, an
/// infinity from a finite input a range error.
fn finish(vm: &mut Vm, x: f64, r: Option<f64>) -> PyResult<Value> {
    match r {
        None => Err(domain(vm)),
        Some(r) if r.is_nan() && !x.is_nan() => Err(domain(vm)),
        Some(r) if r.is_infinite() && x.is_finite() => {
            Err(vm.raise_msg(ExcKind::OverflowError, "math range error"))
        }
        Some(r) => Ok(Value::float(r)),
    }
}

fn pow(x: f64, y: f64) -> Option<f64> {
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return None;
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 {
        return None;
    }
    Some(x.powf(y))
}

/// CPython's `vector_norm` (absolute values): 3.9 sums scaled squares with a running
/// compensation; 3.10 on scales by a power of two and keeps the squares' exact low parts,
/// then corrects the square root once.
fn hypot(values: &[f64], precise: bool) -> f64 {
    if values.iter().any(|v| v.is_infinite()) {
        return f64::INFINITY;
    }
    let max = values.iter().copied().fold(0.0, f64::max);
    if values.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    if max == 0.0 || values.len() <= 1 {
        return max;
    }
    if !precise {
        let (mut csum, mut frac) = (1.0f64, 0.0f64);
        for v in values {
            let x = v / max;
            let x = x * x;
            let old = csum;
            csum += x;
            frac += (old - csum) + x;
        }
        return max * (csum - 1.0 + frac).sqrt();
    }
    let max_e = frexp_exponent(max);
    let scale = 2f64.powi(-max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for v in values {
        let x = v * scale;
        let hi = x * x;
        let lo = x.mul_add(x, -hi);
        let sum = csum + hi;
        frac2 += (csum - sum) + hi;
        csum = sum;
        frac1 += lo;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let hi = -h * h;
    let lo = (-h).mul_add(h, -hi);
    let sum = csum + hi;
    frac2 += (csum - sum) + hi;
    csum = sum;
    frac1 += lo;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// The exponent `frexp` gives: `x = m * 2**e` with `0.5 <= m < 1`.
fn frexp_exponent(x: f64) -> i32 {
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0 {
        return frexp_exponent(x * 2f64.powi(64)) - 64;
    }
    exponent - 1022
}

/// `math.fsum`: Shewchuk's exact partial sums with CPython's final rounding.
fn fsum(values: &[f64]) -> Result<f64, &'static str> {
    let mut partials: Vec<f64> = Vec::new();
    let (mut special, mut inf_sum) = (0.0f64, 0.0f64);
    for &value in values {
        let mut x = value;
        let mut kept = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials.truncate(kept);
        if x != 0.0 {
            if !x.is_finite() {
                if value.is_finite() {
                    return Err("intermediate overflow in fsum");
                }
                if value.is_infinite() {
                    inf_sum += value;
                }
                special += value;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special != 0.0 {
        if inf_sum.is_nan() {
            return Err("-inf + inf in fsum");
        }
        return Ok(special);
    }
    let mut hi = 0.0;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(hi)
}

fn big(vm: &mut Vm, value: Value) -> PyResult<BigInt> {
    match vm.as_big(value) {
        Some(b) if !value.is_float() => Ok(b),
        _ => {
            let message = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(value)
            );
            Err(vm.type_error(&message))
        }
    }
}

fn gcd(mut x: BigInt, mut y: BigInt) -> BigInt {
    while !y.is_zero() {
        let r = x.divmod(&y).map_or(BigInt::zero(), |(_, r)| r);
        x = y;
        y = r;
    }
    x
}

/// The integer square root by Newton's method from an estimate above it.
fn isqrt(n: &BigInt) -> BigInt {
    if n.is_zero() {
        return BigInt::zero();
    }
    let two = BigInt::from_i64(2);
    let mut x = two.pow(n.bit_length().div_ceil(2));
    loop {
        let q = n.divmod(&x).map_or(BigInt::zero(), |(q, _)| q);
        let y = x.add(&q).divmod(&two).map_or(BigInt::zero(), |(q, _)| q);
        if y >= x {
            return x;
        }
        x = y;
    }
}
