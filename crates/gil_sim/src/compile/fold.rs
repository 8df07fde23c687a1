//! Constant folding, as CPython's `Python/ast_opt.c` does before code generation.
//!
//! `10**6` becomes the constant `1000000`, `(1, 2)` the constant tuple, `-1` the constant `-1`.
//! The size limits are CPython's, so `2**200` stays an expression just as it does there, and an
//! operation that would raise (`1/0`) is left for run time.

use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, Number, Operator, UnaryOp};

use crate::bigint::{BigInt, Bitwise};
use crate::bytecode::Const;

/// Largest folded integer, in bits.
const MAX_INT_SIZE: u64 = 128;
/// Largest folded tuple from repetition.
const MAX_COLLECTION_SIZE: usize = 256;
/// Largest folded string or bytes from repetition.
const MAX_STR_SIZE: usize = 4096;

/// The constant an expression folds to, if CPython's AST optimiser would fold it.
pub fn fold(expr: &Expr) -> Option<Const> {
    match expr {
        Expr::NumberLiteral(number) => match &number.value {
            Number::Int(int) => Some(int_const(int)),
            Number::Float(value) => Some(Const::Float(*value)),
            Number::Complex { .. } => None,
        },
        Expr::StringLiteral(string) => Some(Const::str(string.value.to_str())),
        Expr::BytesLiteral(bytes) => {
            let data: Vec<u8> = bytes.value.bytes().collect();
            Some(Const::Bytes(Rc::from(data)))
        }
        Expr::BooleanLiteral(b) => Some(Const::Bool(b.value)),
        Expr::NoneLiteral(_) => Some(Const::None),
        Expr::EllipsisLiteral(_) => Some(Const::Ellipsis),
        Expr::Name(name) if name.id.as_str() == "__debug__" => Some(Const::Bool(true)),
        Expr::Tuple(tuple) => {
            let items: Option<Vec<Const>> = tuple.elts.iter().map(fold).collect();
            Some(Const::Tuple(Rc::from(items?)))
        }
        Expr::UnaryOp(unary) => fold_unary(unary.op, &fold(&unary.operand)?),
        Expr::BinOp(binop) => fold_binop(&fold(&binop.left)?, binop.op, &fold(&binop.right)?),
        Expr::Subscript(subscript) => {
            fold_subscript(&fold(&subscript.value)?, &fold(&subscript.slice)?)
        }
        _ => None,
    }
}

/// What CPython's `fold_iter` makes of the iterable of `for` or the right operand of `in`.
pub enum FoldedIterable<'e> {
    /// A constant tuple (from a list display) or frozenset (from a set display).
    Const(Const),
    /// A list display without `*`, compiled as a tuple display.
    Tuple(&'e [Expr]),
}

/// A list display becomes a tuple display (a constant one if it can), a constant set display
/// a frozenset; anything else is left alone.
pub fn fold_iterable(expr: &Expr) -> Option<FoldedIterable<'_>> {
    match expr {
        Expr::List(list) => {
            if list.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                return None;
            }
            let items: Option<Vec<Const>> = list.elts.iter().map(fold).collect();
            Some(match items {
                Some(items) => FoldedIterable::Const(Const::Tuple(Rc::from(items))),
                None => FoldedIterable::Tuple(&list.elts),
            })
        }
        Expr::Set(set) => {
            let items: Option<Vec<Const>> = set.elts.iter().map(fold).collect();
            let mut unique: Vec<Const> = Vec::new();
            for item in items? {
                if !unique.iter().any(|u| u.same_constant(&item)) {
                    unique.push(item);
                }
            }
            Some(FoldedIterable::Const(Const::FrozenSet(Rc::from(unique))))
        }
        _ => None,
    }
}

fn int_const(int: &ast::Int) -> Const {
    if let Some(value) = int.as_i64() {
        return Const::Int(value);
    }
    let text = int.to_string().replace('_', "").to_ascii_lowercase();
    let (radix, digits) = if let Some(rest) = text.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = text.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = text.strip_prefix("0b") {
        (2, rest)
    } else {
        (10, text.as_str())
    };
    let big = BigInt::parse(digits, radix)
        .expect("internal error: the parser accepted an integer literal we cannot read");
    int_from_big(big)
}

/// An integer constant, on the fast path when it fits 64 bits.
fn int_from_big(big: BigInt) -> Const {
    match big.to_i64() {
        Some(small) => Const::Int(small),
        None => Const::BigInt(Rc::new(big)),
    }
}

fn as_big(constant: &Const) -> Option<BigInt> {
    match constant {
        Const::Int(i) => Some(BigInt::from_i64(*i)),
        Const::Bool(b) => Some(BigInt::from_i64(i64::from(*b))),
        Const::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

fn as_float(constant: &Const) -> Option<f64> {
    match constant {
        Const::Float(f) => Some(*f),
        other => as_big(other)?.to_f64(),
    }
}

fn is_int(constant: &Const) -> bool {
    matches!(constant, Const::Int(_) | Const::Bool(_) | Const::BigInt(_))
}

fn fold_unary(op: UnaryOp, operand: &Const) -> Option<Const> {
    match op {
        UnaryOp::Not => Some(Const::Bool(!operand.is_truthy())),
        UnaryOp::USub => match operand {
            Const::Float(f) => Some(Const::Float(-f)),
            other => Some(int_from_big(as_big(other)?.neg())),
        },
        UnaryOp::UAdd => match operand {
            Const::Float(f) => Some(Const::Float(*f)),
            other => Some(int_from_big(as_big(other)?)),
        },
        UnaryOp::Invert => {
            let value = as_big(operand)?;
            Some(int_from_big(value.neg().sub(&BigInt::from_i64(1))))
        }
    }
}

fn fold_binop(left: &Const, op: Operator, right: &Const) -> Option<Const> {
    // `bool.__and__`, `__or__` and `__xor__` keep two bools a bool.
    if let (Const::Bool(a), Const::Bool(b)) = (left, right) {
        match op {
            Operator::BitAnd => return Some(Const::Bool(a & b)),
            Operator::BitOr => return Some(Const::Bool(a | b)),
            Operator::BitXor => return Some(Const::Bool(a ^ b)),
            _ => {}
        }
    }
    if is_int(left) && is_int(right) {
        return fold_int_binop(&as_big(left)?, op, &as_big(right)?);
    }
    let numeric = |c: &Const| matches!(c, Const::Float(_)) || is_int(c);
    if numeric(left) && numeric(right) {
        return fold_float_binop(as_float(left)?, op, as_float(right)?);
    }
    match (left, op, right) {
        (Const::Str(a), Operator::Add, Const::Str(b)) => {
            Some(Const::Str(Rc::from(format!("{a}{b}"))))
        }
        (Const::Bytes(a), Operator::Add, Const::Bytes(b)) => {
            Some(Const::Bytes(a.iter().chain(b.iter()).copied().collect()))
        }
        (Const::Tuple(a), Operator::Add, Const::Tuple(b)) => {
            Some(Const::Tuple(a.iter().chain(b.iter()).cloned().collect()))
        }
        (sequence, Operator::Mult, count) | (count, Operator::Mult, sequence)
            if is_int(count) && !is_int(sequence) =>
        {
            repeat(sequence, as_big(count)?.to_i64()?)
        }
        _ => None,
    }
}

fn repeat(sequence: &Const, count: i64) -> Option<Const> {
    let count = usize::try_from(count.max(0)).ok()?;
    match sequence {
        Const::Str(s) => {
            let size = s.chars().count();
            if size != 0 && count > MAX_STR_SIZE / size {
                return None;
            }
            Some(Const::Str(Rc::from(s.repeat(count))))
        }
        Const::Bytes(b) => {
            if !b.is_empty() && count > MAX_STR_SIZE / b.len() {
                return None;
            }
            Some(Const::Bytes(b.repeat(count).into()))
        }
        Const::Tuple(items) => {
            if !items.is_empty() && count > MAX_COLLECTION_SIZE / items.len() {
                return None;
            }
            let mut out = Vec::with_capacity(items.len() * count);
            for _ in 0..count {
                out.extend(items.iter().cloned());
            }
            Some(Const::Tuple(Rc::from(out)))
        }
        _ => None,
    }
}

fn fold_int_binop(a: &BigInt, op: Operator, b: &BigInt) -> Option<Const> {
    let result = match op {
        Operator::Add => a.add(b),
        Operator::Sub => a.sub(b),
        Operator::Mult => {
            if a.bit_length() + b.bit_length() > MAX_INT_SIZE {
                return None;
            }
            a.mul(b)
        }
        Operator::Div => {
            let (x, y) = (a.to_f64()?, b.to_f64()?);
            if y == 0.0 {
                return None;
            }
            return Some(Const::Float(x / y));
        }
        Operator::FloorDiv => a.divmod(b)?.0,
        Operator::Mod => a.divmod(b)?.1,
        Operator::Pow => {
            if b.is_negative() {
                let (x, y) = (a.to_f64()?, b.to_f64()?);
                if x == 0.0 {
                    return None;
                }
                return Some(Const::Float(x.powf(y)));
            }
            let exponent = u64::try_from(b.to_i64()?).ok()?;
            let bits = a.bit_length();
            if bits > 0 && exponent > 0 && bits > MAX_INT_SIZE / exponent {
                return None;
            }
            a.pow(exponent)
        }
        Operator::LShift => {
            if b.is_negative() {
                return None;
            }
            // CPython checks the size only of a non-zero value: 0 << n folds to 0 for any n.
            if a.is_zero() {
                return Some(int_from_big(BigInt::zero()));
            }
            let shift = u64::try_from(b.to_i64()?).ok()?;
            if shift > MAX_INT_SIZE || a.bit_length() > MAX_INT_SIZE - shift {
                return None;
            }
            a.mul(&BigInt::from_i64(2).pow(shift))
        }
        Operator::RShift => {
            if b.is_negative() {
                return None;
            }
            // A shift past every bit leaves 0, or -1 for a negative value, however large the
            // count (CPython folds `x >> 10**20` too).
            match b
                .to_i64()
                .and_then(|n| u64::try_from(n).ok())
                .filter(|n| *n < a.bit_length())
            {
                Some(shift) => a.divmod(&BigInt::from_i64(2).pow(shift))?.0,
                None if a.is_negative() => BigInt::from_i64(-1),
                None => BigInt::zero(),
            }
        }
        Operator::BitAnd => a.bitwise(Bitwise::And, b),
        Operator::BitOr => a.bitwise(Bitwise::Or, b),
        Operator::BitXor => a.bitwise(Bitwise::Xor, b),
        Operator::MatMult => return None,
    };
    Some(int_from_big(result))
}

fn fold_float_binop(x: f64, op: Operator, y: f64) -> Option<Const> {
    let value = match op {
        Operator::Add => x + y,
        Operator::Sub => x - y,
        Operator::Mult => x * y,
        Operator::Div => {
            if y == 0.0 {
                return None;
            }
            x / y
        }
        Operator::FloorDiv | Operator::Mod => {
            if y == 0.0 {
                return None;
            }
            let (quotient, remainder) = float_divmod(x, y);
            if op == Operator::FloorDiv {
                quotient
            } else {
                remainder
            }
        }
        Operator::Pow => {
            if x == 0.0 && y < 0.0 {
                return None;
            }
            if x < 0.0 && y.fract() != 0.0 {
                return None;
            }
            let value = x.powf(y);
            if value.is_infinite() && x.is_finite() && y.is_finite() {
                return None;
            }
            value
        }
        _ => return None,
    };
    Some(Const::Float(value))
}

/// Python's float `divmod`: the remainder takes the sign of the divisor.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut remainder = x % y;
    let mut quotient = (x - remainder) / y;
    if remainder != 0.0 && ((y < 0.0) != (remainder < 0.0)) {
        remainder += y;
        quotient -= 1.0;
    }
    let floor = quotient.floor();
    if quotient - floor > 0.5 {
        quotient = floor + 1.0;
    } else {
        quotient = floor;
    }
    if remainder == 0.0 {
        remainder = 0.0f64.copysign(y);
    }
    (quotient, remainder)
}

fn fold_subscript(value: &Const, index: &Const) -> Option<Const> {
    let position = as_big(index)?.to_i64()?;
    match value {
        Const::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let at = normalise_index(position, chars.len())?;
            Some(Const::Str(Rc::from(chars[at].to_string())))
        }
        Const::Tuple(items) => {
            let at = normalise_index(position, items.len())?;
            Some(items[at].clone())
        }
        Const::Bytes(bytes) => {
            let at = normalise_index(position, bytes.len())?;
            Some(Const::Int(i64::from(bytes[at])))
        }
        _ => None,
    }
}

fn normalise_index(position: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let at = if position < 0 {
        position + len
    } else {
        position
    };
    if (0..len).contains(&at) {
        usize::try_from(at).ok()
    } else {
        None
    }
}
