//! Arithmetic: binary and unary operators on the builtin types with Python's semantics (floor
//! division, sign of modulo, unbounded ints, float rules), sequence concatenation and
//! repetition, set algebra, and user-defined operator methods.

use crate::bigint::{BigInt, Bitwise};
use crate::version::PyVersion;
use crate::vm::intern::{Symbol, sym};
use crate::vm::object::Obj;
use crate::vm::op::{BinOp, Op};
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// Largest result (in bits) `*`, `**` and `<<` compute before giving up: past it one
/// multiplication would take the page seconds (CPython multiplies faster, but would also run
/// out of memory on a value that keeps squaring itself).
const MAX_INT_BITS: u64 = 1 << 20;

/// A number operand, widened.
enum Num {
    Int(BigInt),
    Float(f64),
}

impl Vm {
    /// `left op right` (both borrowed; owned result). `inplace` for `op=`.
    pub fn binary_op(
        &mut self,
        op: BinOp,
        inplace: bool,
        left: Value,
        right: Value,
    ) -> PyResult<Value> {
        // `bool.__and__`, `__or__` and `__xor__` keep two bools a bool.
        if let (Some(a), Some(b)) = (left.as_bool(), right.as_bool()) {
            match op {
                BinOp::And => return Ok(Value::bool(a & b)),
                BinOp::Or => return Ok(Value::bool(a | b)),
                BinOp::Xor => return Ok(Value::bool(a ^ b)),
                _ => {}
            }
        }
        if let Some(result) = self.builtin_binary(op, inplace, left, right)? {
            return Ok(result);
        }
        if let Some(result) = self.user_binary(op, inplace, left, right)? {
            return Ok(result);
        }
        Err(self.unsupported_operands(op, inplace, left, right))
    }

    /// [`Vm::binary_op`] once the user classes' methods have had their turn (the `binary`
    /// helper calls them): numbers, sequences, or the `TypeError`.
    pub fn binary_op_builtin(
        &mut self,
        op: BinOp,
        inplace: bool,
        left: Value,
        right: Value,
    ) -> PyResult<Value> {
        match self.builtin_binary(op, inplace, left, right)? {
            Some(result) => Ok(result),
            None => Err(self.unsupported_operands(op, inplace, left, right)),
        }
    }

    /// The builtin types' own `op`: numbers, then sequences; None when neither applies.
    fn builtin_binary(
        &mut self,
        op: BinOp,
        inplace: bool,
        left: Value,
        right: Value,
    ) -> PyResult<Option<Value>> {
        if let (Some(a), Some(b)) = (self.number(left), self.number(right)) {
            return self.numeric_op(op, a, b).map(Some);
        }
        self.sequence_op(op, inplace, left, right)
    }

    /// The value as a number, if it is an int, bool or float.
    fn number(&self, value: Value) -> Option<Num> {
        if let Some(i) = value.as_small_int() {
            return Some(Num::Int(BigInt::from_i64(i)));
        }
        if let Some(f) = value.as_float() {
            return Some(Num::Float(f));
        }
        if let Some(b) = value.as_bool() {
            return Some(Num::Int(BigInt::from_i64(i64::from(b))));
        }
        match self.heap.obj(value)? {
            Obj::Int(b) => Some(Num::Int((**b).clone())),
            _ => None,
        }
    }

    fn numeric_op(&mut self, op: BinOp, a: Num, b: Num) -> PyResult<Value> {
        match (a, b) {
            (Num::Int(a), Num::Int(b)) => self.int_op(op, &a, &b),
            (a, b) => {
                let x = self.widen(a)?;
                let y = self.widen(b)?;
                self.float_op(op, x, y)
            }
        }
    }

    fn widen(&mut self, n: Num) -> PyResult<f64> {
        match n {
            Num::Float(f) => Ok(f),
            Num::Int(i) => i.to_f64().ok_or_else(|| {
                self.raise_msg(ExcKind::OverflowError, "int too large to convert to float")
            }),
        }
    }

    fn int_op(&mut self, op: BinOp, a: &BigInt, b: &BigInt) -> PyResult<Value> {
        let zero = || b.is_zero();
        let result = match op {
            BinOp::Add => a.add(b),
            BinOp::Sub => a.sub(b),
            BinOp::Mul => {
                if a.bit_length() + b.bit_length() > MAX_INT_BITS + 1 {
                    return Err(self.raise_msg(
                        ExcKind::MemoryError,
                        "the result of * is too large for this simulator",
                    ));
                }
                a.mul(b)
            }
            BinOp::TrueDiv => {
                if zero() {
                    return Err(self.raise_msg(ExcKind::ZeroDivisionError, "division by zero"));
                }
                return Ok(Value::float(int_true_div(a, b)));
            }
            BinOp::FloorDiv => match a.divmod(b) {
                Some((q, _)) => q,
                None => {
                    return Err(self.raise_msg(
                        ExcKind::ZeroDivisionError,
                        "integer division or modulo by zero",
                    ));
                }
            },
            BinOp::Mod => match a.divmod(b) {
                Some((_, r)) => r,
                None => {
                    let message = if self.version.bytecode() >= PyVersion::Py311 {
                        "integer modulo by zero"
                    } else {
                        "integer division or modulo by zero"
                    };
                    return Err(self.raise_msg(ExcKind::ZeroDivisionError, message));
                }
            },
            BinOp::Pow => {
                if b.is_negative() {
                    let x = a.to_f64().unwrap_or(f64::INFINITY);
                    let y = b.to_f64().unwrap_or(f64::NEG_INFINITY);
                    return self.float_op(BinOp::Pow, x, y);
                }
                let exponent = b.to_i64().unwrap_or(i64::MAX) as u64;
                let magnitude_bits = a.bit_length();
                if magnitude_bits > 1 && magnitude_bits.saturating_mul(exponent) > MAX_INT_BITS {
                    return Err(self.raise_msg(
                        ExcKind::MemoryError,
                        "the result of ** is too large for this simulator",
                    ));
                }
                a.pow(exponent)
            }
            BinOp::LShift | BinOp::RShift => {
                if b.is_negative() {
                    return Err(self.raise_msg(ExcKind::ValueError, "negative shift count"));
                }
                let count = b.to_i64().unwrap_or(i64::MAX) as u64;
                if op == BinOp::LShift {
                    if a.is_zero() {
                        return Ok(Value::small_int(0));
                    }
                    if a.bit_length() + count > MAX_INT_BITS {
                        return Err(self.raise_msg(
                            ExcKind::MemoryError,
                            "the result of << is too large for this simulator",
                        ));
                    }
                    a.mul(&BigInt::from_i64(2).pow(count))
                } else if count > a.bit_length() {
                    BigInt::from_i64(if a.is_negative() { -1 } else { 0 })
                } else {
                    let (q, _) = a
                        .divmod(&BigInt::from_i64(2).pow(count))
                        .expect("internal error: a power of two is not zero");
                    q
                }
            }
            BinOp::And => a.bitwise(Bitwise::And, b),
            BinOp::Or => a.bitwise(Bitwise::Or, b),
            BinOp::Xor => a.bitwise(Bitwise::Xor, b),
            BinOp::MatMul => {
                return Err(self.type_error("unsupported operand type(s) for @: 'int' and 'int'"));
            }
        };
        Ok(self.big_value(result))
    }

    fn float_op(&mut self, op: BinOp, x: f64, y: f64) -> PyResult<Value> {
        let result = match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::TrueDiv => {
                if y == 0.0 {
                    return Err(
                        self.raise_msg(ExcKind::ZeroDivisionError, "float division by zero")
                    );
                }
                x / y
            }
            BinOp::FloorDiv => {
                if y == 0.0 {
                    return Err(
                        self.raise_msg(ExcKind::ZeroDivisionError, "float floor division by zero")
                    );
                }
                float_divmod(x, y).0
            }
            BinOp::Mod => {
                if y == 0.0 {
                    let message = if self.version.bytecode() >= PyVersion::Py313 {
                        "float modulo by zero"
                    } else {
                        "float modulo"
                    };
                    return Err(self.raise_msg(ExcKind::ZeroDivisionError, message));
                }
                float_divmod(x, y).1
            }
            BinOp::Pow => {
                if x == 0.0 && y < 0.0 {
                    return Err(self.raise_msg(
                        ExcKind::ZeroDivisionError,
                        "0.0 cannot be raised to a negative power",
                    ));
                }
                if x < 0.0 && y.fract() != 0.0 {
                    return Err(self.raise_msg(
                        ExcKind::ValueError,
                        "complex numbers are not modelled: a negative number to a fractional power",
                    ));
                }
                let r = x.powf(y);
                if r.is_infinite() && x.is_finite() && y.is_finite() {
                    return Err(self.raise_msg(
                        ExcKind::OverflowError,
                        "(34, 'Numerical result out of range')",
                    ));
                }
                r
            }
            _ => {
                let message = format!(
                    "unsupported operand type(s) for {}: 'float' and 'float'",
                    op.symbol()
                );
                return Err(self.type_error(&message));
            }
        };
        Ok(Value::float(result))
    }

    /// `str`, `list` and `tuple` concatenation and repetition; set and dict operators.
    fn sequence_op(
        &mut self,
        op: BinOp,
        inplace: bool,
        left: Value,
        right: Value,
    ) -> PyResult<Option<Value>> {
        let (Some(l), r) = (self.heap.obj(left), self.heap.obj(right)) else {
            // A number on the left: `3 * "ab"`.
            if op == BinOp::Mul
                && let Some(n) = self.as_i64(left)
                && !left.is_float()
                && matches!(
                    self.heap.obj(right),
                    Some(Obj::Str(_) | Obj::Bytes(_) | Obj::List(_) | Obj::Tuple(_))
                )
            {
                return self.repeat(right, n).map(Some);
            }
            return Ok(None);
        };
        match (op, l, r) {
            (BinOp::Add, Obj::Str(a), Some(Obj::Str(b))) => {
                let mut text = String::with_capacity(a.text.len() + b.text.len());
                text.push_str(&a.text);
                text.push_str(&b.text);
                Ok(Some(self.str_value(&text)))
            }
            (BinOp::Add, Obj::Bytes(a), Some(Obj::Bytes(b))) => {
                let joined = [&a[..], &b[..]].concat();
                Ok(Some(self.bytes_value(&joined)))
            }
            (BinOp::Add, Obj::Bytes(_), other) if !matches!(other, Some(Obj::Instance(_))) => {
                let message = format!("can't concat {} to bytes", self.type_name(right));
                Err(self.type_error(&message))
            }
            (BinOp::Add, Obj::List(a), Some(Obj::List(b))) => {
                if inplace {
                    let items = b.clone();
                    self.heap.incref_all(items.iter().copied());
                    self.extend_list(left, items);
                    self.heap.incref(left);
                    return Ok(Some(left));
                }
                let items: Vec<Value> = a.iter().chain(b.iter()).copied().collect();
                Ok(Some(self.new_list_from(items)))
            }
            (BinOp::Add, Obj::List(_), Some(_)) if inplace => {
                let items = self.collect_iterable(right)?;
                for item in items {
                    self.list_push(left, item);
                }
                self.heap.incref(left);
                Ok(Some(left))
            }
            (BinOp::Add, Obj::Tuple(a), Some(Obj::Tuple(b))) => {
                let items: Vec<Value> = a.iter().chain(b.iter()).copied().collect();
                for item in &items {
                    self.heap.incref(*item);
                }
                Ok(Some(self.tuple_value(items)))
            }
            (BinOp::Add, Obj::Str(_) | Obj::List(_) | Obj::Tuple(_), _) => {
                let kind = self.type_name(left);
                let message = format!(
                    "can only concatenate {kind} (not \"{}\") to {kind}",
                    self.type_name(right)
                );
                Err(self.type_error(&message))
            }
            (BinOp::Mul, Obj::Str(_) | Obj::Bytes(_) | Obj::List(_) | Obj::Tuple(_), _) => {
                if right.is_float() || !self.is_int(right) {
                    if self.user_binary(op, inplace, left, right)?.is_some() {
                        return Ok(None);
                    }
                    let message = format!(
                        "can't multiply sequence by non-int of type '{}'",
                        self.type_name(right)
                    );
                    return Err(self.type_error(&message));
                }
                let n = self.as_i64(right).unwrap_or(i64::MAX);
                if inplace && matches!(l, Obj::List(_)) {
                    let items = self.as_list_items(left).unwrap_or_default();
                    let repeated = self.repeat_items(&items, n)?;
                    self.clear_list(left);
                    self.extend_list(left, repeated);
                    self.heap.incref(left);
                    return Ok(Some(left));
                }
                self.repeat(left, n).map(Some)
            }
            (BinOp::Mod, Obj::Str(s), _) => {
                let fmt = std::rc::Rc::clone(&s.text);
                let text = self.percent_format(&fmt, right)?;
                Ok(Some(self.str_value(&text)))
            }
            (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Obj::Set(_), Some(Obj::Set(_))) => {
                self.set_operator(op, inplace, left, right).map(Some)
            }
            (BinOp::Or, Obj::Dict(_), Some(Obj::Dict(_))) => {
                let target = if inplace {
                    self.heap.incref(left);
                    left
                } else {
                    self.copy_dict(left)?
                };
                let id = target
                    .as_obj()
                    .expect("internal error: a dict is an object");
                self.dict_update(id, right, false, Value::NULL)?;
                Ok(Some(target))
            }
            _ => Ok(None),
        }
    }

    /// `seq * n` for str, bytes, list and tuple.
    fn repeat(&mut self, seq: Value, n: i64) -> PyResult<Value> {
        let n_clamped = n.max(0);
        match self.heap.obj(seq) {
            Some(Obj::Str(s)) => {
                let total = s.text.len() as u64 * n_clamped as u64;
                if total > crate::vm::MAX_STR_BYTES as u64 {
                    return Err(self.string_too_large());
                }
                let text = s.text.repeat(n_clamped as usize);
                Ok(self.str_value(&text))
            }
            Some(Obj::Bytes(bytes)) => {
                let total = bytes.len() as u64 * n_clamped as u64;
                if total > crate::vm::MAX_STR_BYTES as u64 {
                    return Err(self.string_too_large());
                }
                let repeated = bytes.repeat(n_clamped as usize);
                Ok(self.bytes_value(&repeated))
            }
            Some(Obj::List(items)) => {
                let items = items.clone();
                let repeated = self.repeat_items(&items, n)?;
                Ok(self.list_value(repeated))
            }
            Some(Obj::Tuple(items)) => {
                let items = items.to_vec();
                let repeated = self.repeat_items(&items, n)?;
                Ok(self.tuple_value(repeated))
            }
            _ => Err(self.type_error("can't multiply this sequence")),
        }
    }

    fn repeat_items(&mut self, items: &[Value], n: i64) -> PyResult<Vec<Value>> {
        let n = n.max(0) as usize;
        if items.len().saturating_mul(n) > crate::vm::memory::MAX_ITEMS {
            return Err(self.raise_msg(
                ExcKind::MemoryError,
                "sequence too large for this simulator",
            ));
        }
        let mut out = Vec::with_capacity(items.len() * n);
        for _ in 0..n {
            for item in items {
                self.heap.incref(*item);
                out.push(*item);
            }
        }
        Ok(out)
    }

    /// `a.__add__(b)`, then `b.__radd__(a)`, for instances of user classes.
    fn user_binary(
        &mut self,
        op: BinOp,
        inplace: bool,
        left: Value,
        right: Value,
    ) -> PyResult<Option<Value>> {
        let (forward, reflected, in_place) = dunder_names(op);
        if inplace
            && let Some(Obj::Instance(i)) = self.heap.obj(left)
            && let Some(method) = self.lookup_user(i.class, in_place)
        {
            let result = self.call_sync(method, vec![left, right])?;
            if result != Value::NOT_IMPLEMENTED {
                return Ok(Some(result));
            }
        }
        self.user_forward_reflected(left, right, forward, reflected)
    }

    /// `left.forward(right)`, then `right.reflected(left)`, for instances of user classes;
    /// None when neither exists or both return NotImplemented.
    pub fn user_forward_reflected(
        &mut self,
        left: Value,
        right: Value,
        forward: crate::vm::intern::Symbol,
        reflected: crate::vm::intern::Symbol,
    ) -> PyResult<Option<Value>> {
        if let Some(Obj::Instance(i)) = self.heap.obj(left)
            && let Some(method) = self.lookup_user(i.class, forward)
        {
            let result = self.call_sync(method, vec![left, right])?;
            if result != Value::NOT_IMPLEMENTED {
                return Ok(Some(result));
            }
        }
        if let Some(Obj::Instance(i)) = self.heap.obj(right)
            && let Some(method) = self.lookup_user(i.class, reflected)
        {
            let result = self.call_sync(method, vec![right, left])?;
            if result != Value::NOT_IMPLEMENTED {
                return Ok(Some(result));
            }
        }
        Ok(None)
    }

    fn unsupported_operands(
        &mut self,
        op: BinOp,
        inplace: bool,
        left: Value,
        right: Value,
    ) -> crate::vm::Raised {
        let symbol = if inplace {
            match op {
                BinOp::Pow => "**=".to_string(),
                other => format!("{}=", other.symbol()),
            }
        } else {
            op.symbol().to_string()
        };
        let message = format!(
            "unsupported operand type(s) for {symbol}: '{}' and '{}'",
            self.type_name(left),
            self.type_name(right)
        );
        self.type_error(&message)
    }

    /// `-x`, `+x`, `~x`.
    pub fn unary_op(&mut self, op: Op, value: Value) -> PyResult<Value> {
        if let Some(i) = value.as_small_int() {
            let r = match op {
                Op::UnaryNegative => -i,
                Op::UnaryInvert => !i,
                _ => i,
            };
            return Ok(self.int_value(r));
        }
        if let Some(f) = value.as_float()
            && op != Op::UnaryInvert
        {
            return Ok(Value::float(if op == Op::UnaryNegative { -f } else { f }));
        }
        if self.is_int(value) && !value.is_float() {
            let big = self.as_big(value).unwrap_or_else(BigInt::zero);
            let r = match op {
                Op::UnaryNegative => big.neg(),
                Op::UnaryInvert => big.neg().sub(&BigInt::from_i64(1)),
                _ => big,
            };
            return Ok(self.big_value(r));
        }
        let (name, symbol) = match op {
            Op::UnaryNegative => (sym::__neg__, "-"),
            Op::UnaryInvert => (sym::__invert__, "~"),
            _ => (sym::__pos__, "+"),
        };
        if let Some(Obj::Instance(i)) = self.heap.obj(value)
            && let Some(method) = self.lookup_user(i.class, name)
        {
            return self.call_sync(method, vec![value]);
        }
        let message = format!(
            "bad operand type for unary {symbol}: '{}'",
            self.type_name(value)
        );
        Err(self.type_error(&message))
    }

    /// `bool(value)`.
    pub fn truthy(&mut self, value: Value) -> PyResult<bool> {
        if let Some(b) = value.as_bool() {
            return Ok(b);
        }
        if let Some(i) = value.as_small_int() {
            return Ok(i != 0);
        }
        if let Some(f) = value.as_float() {
            return Ok(f != 0.0);
        }
        if value.is_none() {
            return Ok(false);
        }
        let Some(obj) = self.heap.obj(value) else {
            return Ok(true);
        };
        Ok(match obj {
            Obj::Int(b) => !b.is_zero(),
            Obj::Str(s) => !s.text.is_empty(),
            Obj::Bytes(b) => !b.is_empty(),
            Obj::Tuple(items) => !items.is_empty(),
            Obj::List(items) => !items.is_empty(),
            Obj::Dict(d) => !d.is_empty(),
            Obj::Set(s) => !s.table.is_empty(),
            Obj::Range { start, stop, step } => range_len(*start, *stop, *step) > 0,
            Obj::DictView { dict, .. } => {
                let dict = *dict;
                matches!(self.heap.obj(dict), Some(Obj::Dict(d)) if !d.is_empty())
            }
            Obj::Instance(instance) => {
                let class = instance.class;
                if let Some(method) = self.lookup_user(class, sym::__bool__) {
                    let result = self.call_sync(method, vec![value])?;
                    return match result.as_bool() {
                        Some(b) => Ok(b),
                        None => {
                            let message = format!(
                                "__bool__ should return bool, returned {}",
                                self.type_name(result)
                            );
                            self.heap.decref(result);
                            Err(self.type_error(&message))
                        }
                    };
                }
                if let Some(method) = self.lookup_user(class, sym::__len__) {
                    let result = self.call_sync(method, vec![value])?;
                    let n = self.as_i64(result).unwrap_or(1);
                    self.heap.decref(result);
                    return Ok(n != 0);
                }
                true
            }
            _ => true,
        })
    }
}

/// Dunder names of a binary operator: forward, reflected and in-place.
pub fn dunder_names(op: BinOp) -> (Symbol, Symbol, Symbol) {
    use BinOp::*;
    match op {
        Add => (sym::__add__, sym::__radd__, sym::__iadd__),
        Sub => (sym::__sub__, sym::__rsub__, sym::__isub__),
        Mul => (sym::__mul__, sym::__rmul__, sym::__imul__),
        TrueDiv => (sym::__truediv__, sym::__rtruediv__, sym::__itruediv__),
        FloorDiv => (sym::__floordiv__, sym::__rfloordiv__, sym::__ifloordiv__),
        Mod => (sym::__mod__, sym::__rmod__, sym::__imod__),
        Pow => (sym::__pow__, sym::__rpow__, sym::__ipow__),
        LShift => (sym::__lshift__, sym::__rlshift__, sym::__ilshift__),
        RShift => (sym::__rshift__, sym::__rrshift__, sym::__irshift__),
        And => (sym::__and__, sym::__rand__, sym::__iand__),
        Or => (sym::__or__, sym::__ror__, sym::__ior__),
        Xor => (sym::__xor__, sym::__rxor__, sym::__ixor__),
        MatMul => (sym::__matmul__, sym::__rmatmul__, sym::__imatmul__),
    }
}

/// `a / b` for ints, correctly rounded for values that fit a float exactly.
fn int_true_div(a: &BigInt, b: &BigInt) -> f64 {
    match (a.to_i64(), b.to_i64()) {
        (Some(x), Some(y)) if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) => {
            x as f64 / y as f64
        }
        _ => a.to_f64().unwrap_or(f64::INFINITY) / b.to_f64().unwrap_or(f64::INFINITY),
    }
}

/// Python's float `divmod`: the remainder takes the divisor's sign.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0_f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0_f64.copysign(x / y)
    };
    (floordiv, m)
}

/// Number of items in `range(start, stop, step)`.
pub fn range_len(start: i64, stop: i64, step: i64) -> i64 {
    if step > 0 && start < stop {
        ((stop as i128 - start as i128 - 1) / step as i128 + 1) as i64
    } else if step < 0 && start > stop {
        ((start as i128 - stop as i128 - 1) / (-(step as i128)) + 1) as i64
    } else {
        0
    }
}
