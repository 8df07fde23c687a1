//! The `math` functions beyond the first few: float functions through the platform's C
//! library (as CPython calls it), `fsum` with CPython's exact partial sums, and the integer
//! functions on big ints.

use crate::bigint::BigInt;
use crate::vm::builtins::{Builtin, args};
use crate::vm::intern::Symbol;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// Runs math function `b` if this module implements it.
pub fn call(
    vm: &mut Vm,
    b: Builtin,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> Option<PyResult<Value>> {
    use Builtin as B;
    let name = b.name();
    let one = |vm: &mut Vm, f: fn(f64) -> Option<f64>| -> PyResult<Value> {
        args::only_kwargs(vm, name, kw, &[])?;
        args::count(vm, name, a, 1, 1)?;
        let x = args::float(vm, a[0])?;
        finish(vm, x, f(x))
    };
    Some(match b {
        B::MathTan => one(vm, |x| Some(x.tan())),
        B::MathAsin => one(vm, |x| {
            (-1.0..=1.0).contains(&x).then(|| x.asin()).or(nan_in(x))
        }),
        B::MathAcos => one(vm, |x| {
            (-1.0..=1.0).contains(&x).then(|| x.acos()).or(nan_in(x))
        }),
        B::MathAtan => one(vm, |x| Some(x.atan())),
        B::MathSinh => one(vm, |x| Some(x.sinh())),
        B::MathCosh => one(vm, |x| Some(x.cosh())),
        B::MathTanh => one(vm, |x| Some(x.tanh())),
        B::MathAsinh => one(vm, |x| Some(x.asinh())),
        B::MathAcosh => one(vm, |x| (x >= 1.0).then(|| x.acosh()).or(nan_in(x))),
        B::MathAtanh => one(vm, |x| (x.abs() < 1.0).then(|| x.atanh()).or(nan_in(x))),
        B::MathLog2 => one(vm, |x| (x > 0.0).then(|| x.log2()).or(nan_in(x))),
        B::MathLog10 => one(vm, |x| (x > 0.0).then(|| x.log10()).or(nan_in(x))),
        B::MathLog1p => one(vm, |x| (x > -1.0).then(|| x.ln_1p()).or(nan_in(x))),
        B::MathExpm1 => one(vm, |x| Some(x.exp_m1())),
        B::MathDegrees => one(vm, |x| Some(x.to_degrees())),
        B::MathRadians => one(vm, |x| Some(x.to_radians())),
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
            Ok(Value::float(hypot(&values)))
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

fn nan_in(x: f64) -> Option<f64> {
    x.is_nan().then_some(x)
}

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

fn hypot(values: &[f64]) -> f64 {
    if values.iter().any(|v| v.is_infinite()) {
        return f64::INFINITY;
    }
    match values {
        [] => 0.0,
        [x] => *x,
        [x, y] => x.hypot(*y),
        _ => {
            let max = values.iter().copied().fold(0.0, f64::max);
            if max == 0.0 || max.is_nan() {
                return max;
            }
            let sum: f64 = values.iter().map(|v| (v / max) * (v / max)).sum();
            max * sum.sqrt()
        }
    }
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
