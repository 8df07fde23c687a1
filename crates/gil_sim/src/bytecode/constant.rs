//! Compile-time constants: what `LOAD_CONST` loads and `co_consts` holds.

use std::fmt;
use std::rc::Rc;

use crate::bigint::BigInt;
use crate::bytecode::CodeObject;
use crate::pytext::{repr_float, repr_str};

/// A constant in a code object's `co_consts`.
#[derive(Clone, Debug)]
pub enum Const {
    None,
    Bool(bool),
    Ellipsis,
    Int(i64),
    BigInt(Rc<BigInt>),
    Float(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Const]>),
    FrozenSet(Rc<[Const]>),
    Code(Rc<CodeObject>),
}

impl Const {
    /// A `str` constant.
    pub fn str(text: &str) -> Const {
        Const::Str(Rc::from(text))
    }

    /// A tuple of `str` constants, as used for keyword names and `from x import (a, b)`.
    pub fn str_tuple<'a>(items: impl IntoIterator<Item = &'a str>) -> Const {
        Const::Tuple(items.into_iter().map(Const::str).collect())
    }

    /// Identity for `co_consts` de-duplication, as CPython's `_PyCode_ConstantKey` defines it:
    /// equal value *and* equal type (so `1`, `1.0` and `True` stay distinct; `0.0` and `-0.0` too).
    pub fn same_constant(&self, other: &Const) -> bool {
        match (self, other) {
            (Const::None, Const::None) | (Const::Ellipsis, Const::Ellipsis) => true,
            (Const::Bool(a), Const::Bool(b)) => a == b,
            (Const::Int(a), Const::Int(b)) => a == b,
            (Const::BigInt(a), Const::BigInt(b)) => a == b,
            (Const::Float(a), Const::Float(b)) => a.to_bits() == b.to_bits(),
            (Const::Str(a), Const::Str(b)) => a == b,
            (Const::Bytes(a), Const::Bytes(b)) => a == b,
            (Const::Tuple(a), Const::Tuple(b)) | (Const::FrozenSet(a), Const::FrozenSet(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.same_constant(y))
            }
            (Const::Code(a), Const::Code(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// Python truthiness of the constant.
    pub fn is_truthy(&self) -> bool {
        match self {
            Const::None => false,
            Const::Bool(b) => *b,
            Const::Ellipsis | Const::Code(_) => true,
            Const::Int(i) => *i != 0,
            Const::BigInt(b) => !b.is_zero(),
            Const::Float(f) => *f != 0.0,
            Const::Str(s) => !s.is_empty(),
            Const::Bytes(b) => !b.is_empty(),
            Const::Tuple(items) | Const::FrozenSet(items) => !items.is_empty(),
        }
    }
}

impl fmt::Display for Const {
    /// `repr()` of the constant, as `dis` shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Const::None => f.write_str("None"),
            Const::Bool(true) => f.write_str("True"),
            Const::Bool(false) => f.write_str("False"),
            Const::Ellipsis => f.write_str("Ellipsis"),
            Const::Int(i) => write!(f, "{i}"),
            Const::BigInt(b) => write!(f, "{b}"),
            Const::Float(x) => f.write_str(&repr_float(*x)),
            Const::Str(s) => f.write_str(&repr_str(s)),
            Const::Bytes(bytes) => f.write_str(&repr_bytes(bytes)),
            Const::Tuple(items) => {
                f.write_str("(")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                if items.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
            Const::FrozenSet(items) => {
                f.write_str("frozenset({")?;
                for (i, at) in set_order(items).into_iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", items[at])?;
                }
                f.write_str("})")
            }
            Const::Code(code) => write!(f, "<code {}>", code.name),
        }
    }
}

/// The order CPython's `frozenset` of these items iterates in, when it does not depend on
/// the per-process string hash seed (ints and bools: their hash is their value); otherwise
/// the items' own order. Mirrors `set_add_entry` and `set_table_resize` in
/// `Objects/setobject.c`.
fn set_order(items: &[Const]) -> Vec<usize> {
    let hashes: Option<Vec<u64>> = items
        .iter()
        .map(|item| match item {
            Const::Int(-1) => Some(-2i64 as u64),
            Const::Int(i) if i.unsigned_abs() < (1 << 61) - 1 => Some(*i as u64),
            Const::Bool(b) => Some(u64::from(*b)),
            _ => None,
        })
        .collect();
    let Some(hashes) = hashes else {
        return (0..items.len()).collect();
    };
    let mut table: Vec<Option<usize>> = vec![None; 8];
    let mut fill = 0;
    for index in 0..items.len() {
        insert_clean(&mut table, &hashes, index);
        fill += 1;
        let mask = table.len() - 1;
        if fill * 5 >= mask * 3 {
            let wanted = if fill > 50_000 { fill * 2 } else { fill * 4 };
            let mut size = 8;
            while size <= wanted {
                size <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; size]);
            for entry in old.into_iter().flatten() {
                insert_clean(&mut table, &hashes, entry);
            }
        }
    }
    table.into_iter().flatten().collect()
}

/// Puts item `index` in the first free slot of its probe sequence (all items are distinct).
fn insert_clean(table: &mut [Option<usize>], hashes: &[u64], index: usize) {
    const LINEAR_PROBES: usize = 9;
    let mask = table.len() - 1;
    let hash = hashes[index];
    let mut perturb = hash;
    let mut i = (hash as usize) & mask;
    loop {
        let probes = if i + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        };
        if let Some(slot) = table[i..=i + probes].iter_mut().find(|slot| slot.is_none()) {
            *slot = Some(index);
            return;
        }
        i = crate::vm::dict::next_probe(i, &mut perturb, mask);
    }
}

/// `repr(b)` for a bytes object.
pub fn repr_bytes(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(quote as char);
    for &byte in bytes {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b if b == quote => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(byte as char),
            _ => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push(quote as char);
    out
}
