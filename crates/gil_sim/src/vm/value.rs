//! `Value`: every Python value in 8 bytes.
//!
//! NaN-boxing: a float is stored as its own bits; everything else lives in the payload of a
//! quiet NaN whose top 16 bits name the kind. Ints within ±2⁴⁷, `None`, `True`, `False` and
//! the stack's NULL marker need no heap object; other objects are an [`ObjId`] into the heap.
//! Real NaN floats are canonicalised so they never collide with a tag.

use std::fmt;

/// Index of an object in the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(pub u32);

impl fmt::Display for ObjId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "obj#{}", self.0)
    }
}

/// One Python value (or the NULL marker CPython keeps on its value stack).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Value(u64);

const TAG_SHIFT: u32 = 48;
const PAYLOAD: u64 = (1 << TAG_SHIFT) - 1;
const TAG_INT: u64 = 0xFFF9;
const TAG_OBJ: u64 = 0xFFFA;
const TAG_SPECIAL: u64 = 0xFFFB;
const CANONICAL_NAN: u64 = 0x7FF8_0000_0000_0000;

/// Smallest and largest ints stored inline; others become heap ints.
pub const INLINE_INT_MIN: i64 = -(1 << 47);
pub const INLINE_INT_MAX: i64 = (1 << 47) - 1;

const SPECIAL_NULL: u64 = 0;
const SPECIAL_NONE: u64 = 1;
const SPECIAL_FALSE: u64 = 2;
const SPECIAL_TRUE: u64 = 3;
const SPECIAL_NOT_IMPLEMENTED: u64 = 4;
const SPECIAL_ELLIPSIS: u64 = 5;

impl Value {
    /// The NULL marker: an empty local, or the slot `PUSH_NULL` pushes.
    pub const NULL: Value = Value((TAG_SPECIAL << TAG_SHIFT) | SPECIAL_NULL);
    pub const NONE: Value = Value((TAG_SPECIAL << TAG_SHIFT) | SPECIAL_NONE);
    pub const FALSE: Value = Value((TAG_SPECIAL << TAG_SHIFT) | SPECIAL_FALSE);
    pub const TRUE: Value = Value((TAG_SPECIAL << TAG_SHIFT) | SPECIAL_TRUE);
    pub const NOT_IMPLEMENTED: Value = Value((TAG_SPECIAL << TAG_SHIFT) | SPECIAL_NOT_IMPLEMENTED);
    pub const ELLIPSIS: Value = Value((TAG_SPECIAL << TAG_SHIFT) | SPECIAL_ELLIPSIS);

    /// An inline int; the caller guarantees the range (see [`Value::int_fits`]).
    #[inline(always)]
    pub fn small_int(i: i64) -> Value {
        debug_assert!(
            Value::int_fits(i),
            "internal error: {i} does not fit inline"
        );
        Value((TAG_INT << TAG_SHIFT) | (i as u64 & PAYLOAD))
    }

    /// True if `i` can be stored inline.
    #[inline(always)]
    pub fn int_fits(i: i64) -> bool {
        (INLINE_INT_MIN..=INLINE_INT_MAX).contains(&i)
    }

    #[inline(always)]
    pub fn float(f: f64) -> Value {
        if f.is_nan() {
            return Value(CANONICAL_NAN);
        }
        Value(f.to_bits())
    }

    #[inline(always)]
    pub fn bool(b: bool) -> Value {
        if b { Value::TRUE } else { Value::FALSE }
    }

    #[inline(always)]
    pub fn obj(id: ObjId) -> Value {
        Value((TAG_OBJ << TAG_SHIFT) | u64::from(id.0))
    }

    #[inline(always)]
    fn tag(self) -> u64 {
        self.0 >> TAG_SHIFT
    }

    /// The inline int, if this is one.
    #[inline(always)]
    pub fn as_small_int(self) -> Option<i64> {
        if self.tag() == TAG_INT {
            Some(((self.0 << 16) as i64) >> 16)
        } else {
            None
        }
    }

    #[inline(always)]
    pub fn is_small_int(self) -> bool {
        self.tag() == TAG_INT
    }

    /// The float, if this is one.
    #[inline(always)]
    pub fn as_float(self) -> Option<f64> {
        if self.tag() < TAG_INT {
            Some(f64::from_bits(self.0))
        } else {
            None
        }
    }

    #[inline(always)]
    pub fn is_float(self) -> bool {
        self.tag() < TAG_INT
    }

    /// The heap object, if this is one.
    #[inline(always)]
    pub fn as_obj(self) -> Option<ObjId> {
        if self.tag() == TAG_OBJ {
            Some(ObjId(self.0 as u32))
        } else {
            None
        }
    }

    #[inline(always)]
    pub fn is_obj(self) -> bool {
        self.tag() == TAG_OBJ
    }

    #[inline(always)]
    pub fn is_null(self) -> bool {
        self == Value::NULL
    }

    #[inline(always)]
    pub fn is_none(self) -> bool {
        self == Value::NONE
    }

    /// `Some(b)` for `True`/`False`.
    #[inline(always)]
    pub fn as_bool(self) -> Option<bool> {
        if self == Value::TRUE {
            Some(true)
        } else if self == Value::FALSE {
            Some(false)
        } else {
            None
        }
    }

    /// The raw bits (stable for a given value; used for identity and hashing).
    pub fn bits(self) -> u64 {
        self.0
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.as_small_int() {
            write!(f, "int({i})")
        } else if let Some(x) = self.as_float() {
            write!(f, "float({x})")
        } else if let Some(id) = self.as_obj() {
            write!(f, "{id}")
        } else if self.is_null() {
            f.write_str("NULL")
        } else if self.is_none() {
            f.write_str("None")
        } else if let Some(b) = self.as_bool() {
            write!(f, "{b}")
        } else if *self == Value::NOT_IMPLEMENTED {
            f.write_str("NotImplemented")
        } else {
            f.write_str("Ellipsis")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{INLINE_INT_MAX, INLINE_INT_MIN, ObjId, Value};

    #[test]
    fn round_trips_every_kind() {
        for i in [0, 1, -1, 256, INLINE_INT_MAX, INLINE_INT_MIN, 5_000_000] {
            assert_eq!(Value::small_int(i).as_small_int(), Some(i));
            assert_eq!(Value::small_int(i).as_float(), None);
        }
        for x in [
            0.0,
            -0.0,
            0.1,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(
                Value::float(x).as_float().map(f64::to_bits),
                Some(x.to_bits())
            );
            assert_eq!(Value::float(x).as_small_int(), None);
        }
        assert!(Value::float(f64::NAN).as_float().is_some_and(f64::is_nan));
        assert_eq!(Value::obj(ObjId(7)).as_obj(), Some(ObjId(7)));
        assert_eq!(Value::TRUE.as_bool(), Some(true));
        assert!(Value::NONE.is_none() && !Value::NONE.is_obj() && Value::NONE.as_float().is_none());
        assert_eq!(std::mem::size_of::<Value>(), 8);
    }
}
