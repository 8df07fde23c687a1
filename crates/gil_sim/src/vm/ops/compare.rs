//! Comparisons: `==`, `<` and friends across the builtin types (numbers compare across int,
//! bool and float; sequences lexicographically; sets by inclusion), identity, membership, and
//! user-defined rich comparison methods.

use std::cmp::Ordering;

use crate::bigint::BigInt;
use crate::vm::intern::{Symbol, sym};
use crate::vm::object::Obj;
use crate::vm::op::CmpOp;
use crate::vm::ops::arith::range_len;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

impl Vm {
    /// `left op right` (borrowed; owned result, usually a bool).
    pub fn compare(&mut self, op: CmpOp, left: Value, right: Value) -> PyResult<Value> {
        if let (Some(a), Some(b)) = (left.as_small_int(), right.as_small_int()) {
            return Ok(Value::bool(apply(op, a.cmp(&b))));
        }
        if let Some(result) = self.user_compare(op, left, right)? {
            return Ok(result);
        }
        self.compare_builtin(op, left, right)
    }

    /// [`Vm::compare`] once the user classes' methods have had their turn (the `compare`
    /// helper calls them).
    pub fn compare_builtin(&mut self, op: CmpOp, left: Value, right: Value) -> PyResult<Value> {
        match op {
            CmpOp::Eq => Ok(Value::bool(self.equals(left, right)?)),
            CmpOp::Ne => Ok(Value::bool(!self.equals(left, right)?)),
            _ => match self.order_for(op, left, right)? {
                Some(ordering) => Ok(Value::bool(apply(op, ordering))),
                None => Ok(Value::bool(false)),
            },
        }
    }

    /// `left == right` for builtin semantics (user `__eq__` included).
    pub fn equals(&mut self, left: Value, right: Value) -> PyResult<bool> {
        if left.bits() == right.bits() && !left.is_float() {
            return Ok(true);
        }
        if let (Some(a), Some(b)) = (self.numeric(left), self.numeric(right)) {
            return Ok(numeric_cmp(&a, &b) == Some(Ordering::Equal));
        }
        let (Some(l), Some(r)) = (self.heap.obj(left), self.heap.obj(right)) else {
            return Ok(false);
        };
        match (l, r) {
            (Obj::Str(a), Obj::Str(b)) => Ok(a.text == b.text),
            (Obj::Bytes(a), Obj::Bytes(b)) => Ok(a == b),
            (Obj::Tuple(a), Obj::Tuple(b)) => {
                let (a, b) = (a.to_vec(), b.to_vec());
                self.items_equal(&a, &b)
            }
            (Obj::List(a), Obj::List(b)) => {
                let (a, b) = (a.clone(), b.clone());
                self.items_equal(&a, &b)
            }
            (Obj::Dict(a), Obj::Dict(b)) => {
                if a.len() != b.len() {
                    return Ok(false);
                }
                let pairs: Vec<(Value, Value)> = a.iter().collect();
                let other = right.as_obj().expect("internal error: a dict is an object");
                for (key, value) in pairs {
                    match self.dict_get(other, key)? {
                        Some(theirs) => {
                            if !self.equals(value, theirs)? {
                                return Ok(false);
                            }
                        }
                        None => return Ok(false),
                    }
                }
                Ok(true)
            }
            (Obj::Set(a), Obj::Set(b)) => {
                if a.table.len() != b.table.len() {
                    return Ok(false);
                }
                self.set_is_subset(left, right)
            }
            (
                Obj::Range { start, stop, step },
                Obj::Range {
                    start: s2,
                    stop: e2,
                    step: st2,
                },
            ) => {
                let (n1, n2) = (range_len(*start, *stop, *step), range_len(*s2, *e2, *st2));
                Ok(n1 == n2 && (n1 == 0 || (start == s2 && (n1 == 1 || step == st2))))
            }
            _ => Ok(false),
        }
    }

    fn items_equal(&mut self, a: &[Value], b: &[Value]) -> PyResult<bool> {
        if a.len() != b.len() {
            return Ok(false);
        }
        for (x, y) in a.iter().zip(b) {
            if !self.equals(*x, *y)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The ordering of two values for `<`, `sorted`, `min`...; `TypeError` when unordered.
    pub fn order(&mut self, left: Value, right: Value) -> PyResult<Option<Ordering>> {
        self.order_for(CmpOp::Lt, left, right)
    }

    fn order_for(&mut self, op: CmpOp, left: Value, right: Value) -> PyResult<Option<Ordering>> {
        if let (Some(a), Some(b)) = (self.numeric(left), self.numeric(right)) {
            return Ok(numeric_cmp(&a, &b));
        }
        if let (Some(l), Some(r)) = (self.heap.obj(left), self.heap.obj(right)) {
            match (l, r) {
                (Obj::Str(a), Obj::Str(b)) => return Ok(Some(a.text.cmp(&b.text))),
                (Obj::Bytes(a), Obj::Bytes(b)) => return Ok(Some(a.cmp(b))),
                (Obj::Tuple(a), Obj::Tuple(b)) => {
                    let (a, b) = (a.to_vec(), b.to_vec());
                    return self.lexicographic(op, &a, &b);
                }
                (Obj::List(a), Obj::List(b)) => {
                    let (a, b) = (a.clone(), b.clone());
                    return self.lexicographic(op, &a, &b);
                }
                (Obj::Set(_), Obj::Set(_)) => {
                    let sub = self.set_is_subset(left, right)?;
                    let sup = self.set_is_subset(right, left)?;
                    return Ok(match (sub, sup) {
                        (true, true) => Some(Ordering::Equal),
                        (true, false) => Some(Ordering::Less),
                        (false, true) => Some(Ordering::Greater),
                        (false, false) => None,
                    });
                }
                _ => {}
            }
        }
        if let Some(result) = self.user_compare(op, left, right)? {
            let truth = self.truthy(result);
            self.heap.decref(result);
            let truth = truth?;
            return Ok(Some(match (op, truth) {
                (CmpOp::Lt, true) | (CmpOp::Le, true) => Ordering::Less,
                (CmpOp::Gt, true) | (CmpOp::Ge, true) => Ordering::Greater,
                _ => Ordering::Equal,
            }));
        }
        let message = format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            self.type_name(left),
            self.type_name(right)
        );
        Err(self.type_error(&message))
    }

    fn lexicographic(&mut self, op: CmpOp, a: &[Value], b: &[Value]) -> PyResult<Option<Ordering>> {
        for (x, y) in a.iter().zip(b) {
            if !self.equals(*x, *y)? {
                return self.order_for(op, *x, *y);
            }
        }
        Ok(Some(a.len().cmp(&b.len())))
    }

    /// A value as a comparable number.
    fn numeric(&self, value: Value) -> Option<Numeric> {
        if let Some(i) = value.as_small_int() {
            return Some(Numeric::Int(BigInt::from_i64(i)));
        }
        if let Some(f) = value.as_float() {
            return Some(Numeric::Float(f));
        }
        if let Some(b) = value.as_bool() {
            return Some(Numeric::Int(BigInt::from_i64(i64::from(b))));
        }
        match self.heap.obj(value)? {
            Obj::Int(b) => Some(Numeric::Int((**b).clone())),
            _ => None,
        }
    }

    /// Rich comparison through user-defined methods, forward then reflected.
    fn user_compare(&mut self, op: CmpOp, left: Value, right: Value) -> PyResult<Option<Value>> {
        let forward = method_name(op);
        let reflected = method_name(op.swapped());
        self.user_forward_reflected(left, right, forward, reflected)
    }

    /// `left is right`.
    pub fn is_same(&self, left: Value, right: Value) -> bool {
        left.bits() == right.bits()
    }

    /// `item in container`.
    pub fn contains(&mut self, container: Value, item: Value) -> PyResult<bool> {
        let Some(obj) = self.heap.obj(container) else {
            let message = format!(
                "argument of type '{}' is not iterable",
                self.type_name(container)
            );
            return Err(self.type_error(&message));
        };
        match obj {
            Obj::Str(haystack) => {
                let haystack = std::rc::Rc::clone(&haystack.text);
                match self.as_str(item) {
                    Some(needle) => Ok(haystack.contains(&**needle)),
                    None => {
                        let message = format!(
                            "'in <string>' requires string as left operand, not {}",
                            self.type_name(item)
                        );
                        Err(self.type_error(&message))
                    }
                }
            }
            Obj::List(items) => {
                let items = items.clone();
                self.any_equal(&items, item)
            }
            Obj::Tuple(items) => {
                let items = items.to_vec();
                self.any_equal(&items, item)
            }
            Obj::Dict(_) => {
                let id = container
                    .as_obj()
                    .expect("internal error: a dict is an object");
                Ok(self.dict_get(id, item)?.is_some())
            }
            Obj::DictView { dict, view } => {
                let (dict, view) = (*dict, *view);
                let items = self.dict_view_items(dict, view);
                let found = self.any_equal(&items, item);
                self.heap.decref_all(items);
                found
            }
            Obj::Set(_) => self.set_has(container, item),
            Obj::Range { start, stop, step } => {
                let (start, stop, step) = (*start, *stop, *step);
                match item.as_small_int() {
                    Some(i) => Ok(range_len(start, stop, step) > 0
                        && if step > 0 {
                            i >= start && i < stop
                        } else {
                            i <= start && i > stop
                        }
                        && (i - start) % step == 0),
                    None => Ok(false),
                }
            }
            Obj::Instance(instance) => {
                let class = instance.class;
                if let Some(method) = self.lookup_user(class, sym::__contains__) {
                    let result = self.call_sync(method, vec![container, item])?;
                    let truth = self.truthy(result);
                    self.heap.decref(result);
                    return truth;
                }
                let items = self.collect_iterable(container)?;
                let found = self.any_equal(&items, item);
                self.heap.decref_all(items);
                found
            }
            _ => {
                let items = self.collect_iterable(container)?;
                let found = self.any_equal(&items, item);
                self.heap.decref_all(items);
                found
            }
        }
    }

    fn any_equal(&mut self, items: &[Value], item: Value) -> PyResult<bool> {
        for candidate in items {
            if self.equals(*candidate, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// A number widened for comparison.
enum Numeric {
    Int(BigInt),
    Float(f64),
}

fn numeric_cmp(a: &Numeric, b: &Numeric) -> Option<Ordering> {
    match (a, b) {
        (Numeric::Int(x), Numeric::Int(y)) => Some(x.cmp(y)),
        (Numeric::Float(x), Numeric::Float(y)) => x.partial_cmp(y),
        (Numeric::Int(x), Numeric::Float(y)) => int_float_cmp(x, *y),
        (Numeric::Float(x), Numeric::Int(y)) => int_float_cmp(y, *x).map(Ordering::reverse),
    }
}

/// Exact comparison of an int with a float (as CPython does, without rounding the int).
fn int_float_cmp(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let floor = f.floor();
    let floor_int = BigInt::from_i128(floor as i128);
    if floor.abs() < 1e38 {
        match i.cmp(&floor_int) {
            Ordering::Equal => Some(if f > floor {
                Ordering::Less
            } else {
                Ordering::Equal
            }),
            other => Some(other),
        }
    } else {
        i.to_f64().and_then(|x| x.partial_cmp(&f))
    }
}

fn apply(op: CmpOp, ordering: Ordering) -> bool {
    match op {
        CmpOp::Lt => ordering == Ordering::Less,
        CmpOp::Le => ordering != Ordering::Greater,
        CmpOp::Eq => ordering == Ordering::Equal,
        CmpOp::Ne => ordering != Ordering::Equal,
        CmpOp::Gt => ordering == Ordering::Greater,
        CmpOp::Ge => ordering != Ordering::Less,
    }
}

pub fn method_name(op: CmpOp) -> Symbol {
    match op {
        CmpOp::Lt => sym::__lt__,
        CmpOp::Le => sym::__le__,
        CmpOp::Eq => sym::__eq__,
        CmpOp::Ne => sym::__ne__,
        CmpOp::Gt => sym::__gt__,
        CmpOp::Ge => sym::__ge__,
    }
}
