//! Python's `dict`: insertion-ordered, with a hash index.
//!
//! Keys are compared through a [`HashKey`], a self-contained image of the key's value
//! (`1`, `1.0` and `True` share one), so lookups need no access to the heap. `keys_version`
//! changes whenever a key is added or removed; inline caches of global loads rely on it.

use std::rc::Rc;

use crate::bigint::BigInt;
use crate::vm::value::{ObjId, Value};

/// The identity of a key for hashing and equality.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HashKey {
    None,
    /// Ints, bools and integral floats: Python treats `1 == 1.0 == True`.
    Int(i64),
    Big(Rc<BigInt>),
    /// Non-integral floats, by bits.
    Float(u64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[HashKey]>),
    /// Objects hashed by identity (functions, classes, instances without `__hash__`).
    Identity(ObjId),
    /// An instance whose class defines `__hash__` and `__eq__`, by what `__hash__` returned:
    /// instances with equal hashes count as one key.
    UserHash(i64),
    Ellipsis,
}

impl HashKey {
    /// A deterministic hash. Ints hash as in CPython (modulo 2⁶¹−1), which decides set order.
    pub fn hash(&self) -> u64 {
        match self {
            HashKey::None => 0xFCA8_6420,
            HashKey::Ellipsis => 0x2AF2_19E3,
            HashKey::Int(i) => int_hash(*i),
            HashKey::Big(b) => {
                let modulus = BigInt::from_i64(MODULUS as i64);
                let (_, r) = b
                    .abs()
                    .divmod(&modulus)
                    .expect("internal error: the hash modulus is not zero");
                let r = r.to_i64().unwrap_or(0);
                let h = if b.is_negative() { -r } else { r };
                if h == -1 { -2i64 as u64 } else { h as u64 }
            }
            HashKey::Float(bits) => fnv(&bits.to_le_bytes()),
            HashKey::Str(s) => fnv(s.as_bytes()),
            HashKey::Bytes(b) => fnv(b),
            HashKey::Tuple(items) => {
                let mut acc: u64 = 0x27D4_EB2F_1656_67C5;
                for item in items.iter() {
                    acc = (acc ^ item.hash())
                        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                        .rotate_left(31);
                }
                acc
            }
            HashKey::Identity(id) => u64::from(id.0).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 4,
            HashKey::UserHash(h) => int_hash(*h) ^ 0x5A5A_0000,
        }
    }
}

const MODULUS: u64 = (1 << 61) - 1;

/// CPython's hash of an int: `x mod (2**61 - 1)` with the sign kept, and -1 mapped to -2.
pub fn int_hash(i: i64) -> u64 {
    let magnitude = i.unsigned_abs() % MODULUS;
    let signed = if i < 0 {
        -(magnitude as i64)
    } else {
        magnitude as i64
    };
    if signed == -1 {
        -2i64 as u64
    } else {
        signed as u64
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash & 0x7FFF_FFFF_FFFF_FFFF
}

#[derive(Clone, Debug)]
struct Entry {
    key: HashKey,
    key_value: Value,
    value: Value,
}

/// An insertion-ordered dict.
#[derive(Clone, Debug, Default)]
pub struct Dict {
    /// Entries in insertion order; removed ones are `None` until the next compaction.
    entries: Vec<Option<Entry>>,
    /// Open-addressing index: entry position + 1, or 0 for empty.
    index: Vec<u32>,
    len: usize,
    /// Changes whenever a key is added or removed (not when a value changes).
    pub keys_version: u32,
    /// For an instance of a subclass of `dict`: its class and attributes.
    pub sub: Option<Box<DictSub>>,
}

/// What an instance of a `dict` subclass (`Counter`, `defaultdict`) has beyond its items.
#[derive(Clone, Debug)]
pub struct DictSub {
    pub class: ObjId,
    pub attrs: Vec<(crate::vm::intern::Symbol, Value)>,
}

/// CPython's next slot to probe after `slot` in a hash table of `mask + 1` slots (dicts,
/// sets and the frozenset order `dis` shows): each step mixes in more of the hash.
pub fn next_probe(slot: usize, perturb: &mut u64, mask: usize) -> usize {
    *perturb >>= 5;
    slot.wrapping_mul(5)
        .wrapping_add(1)
        .wrapping_add(*perturb as usize)
        & mask
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Bytes its tables occupy (for the memory budget): a fixed size per entry and by
    /// length, not capacity (a copy of the state has other capacities), so the budget stops a
    /// program at the same point natively, in wasm and when the page replays it.
    pub fn bytes(&self) -> usize {
        const ENTRY_BYTES: usize = 40;
        self.entries.len() * ENTRY_BYTES + self.index.len() * 4
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn find_slot(&self, key: &HashKey, hash: u64) -> (usize, Option<usize>) {
        let mask = self.index.len() - 1;
        let mut slot = (hash as usize) & mask;
        let mut perturb = hash;
        loop {
            let stored = self.index[slot];
            if stored == 0 {
                return (slot, None);
            }
            let position = stored as usize - 1;
            if let Some(entry) = &self.entries[position]
                && &entry.key == key
            {
                return (slot, Some(position));
            }
            slot = crate::vm::dict::next_probe(slot, &mut perturb, mask);
        }
    }

    fn rebuild(&mut self, capacity: usize) {
        self.entries.retain(Option::is_some);
        let size = (capacity * 3 / 2 + 8).next_power_of_two();
        self.index = vec![0; size];
        for position in 0..self.entries.len() {
            let hash = self.entries[position]
                .as_ref()
                .map_or(0, |entry| entry.key.hash());
            let mask = size - 1;
            let mut slot = (hash as usize) & mask;
            let mut perturb = hash;
            while self.index[slot] != 0 {
                slot = crate::vm::dict::next_probe(slot, &mut perturb, mask);
            }
            self.index[slot] = position as u32 + 1;
        }
    }

    /// The position of `key`'s entry, for inline caches.
    pub fn position(&self, key: &HashKey) -> Option<usize> {
        if self.index.is_empty() {
            return None;
        }
        self.find_slot(key, key.hash()).1
    }

    /// The position of the entry whose key is the str `text` (no allocation).
    pub fn position_str(&self, text: &str) -> Option<usize> {
        if self.index.is_empty() {
            return None;
        }
        let hash = fnv(text.as_bytes());
        let mask = self.index.len() - 1;
        let mut slot = (hash as usize) & mask;
        let mut perturb = hash;
        loop {
            let stored = self.index[slot];
            if stored == 0 {
                return None;
            }
            let position = stored as usize - 1;
            if let Some(entry) = &self.entries[position]
                && let HashKey::Str(key) = &entry.key
                && **key == *text
            {
                return Some(position);
            }
            slot = crate::vm::dict::next_probe(slot, &mut perturb, mask);
        }
    }

    /// The value stored for the str key `text`.
    pub fn get_str(&self, text: &str) -> Option<Value> {
        self.value_at(self.position_str(text)?)
    }

    /// The value stored for `key`.
    pub fn get(&self, key: &HashKey) -> Option<Value> {
        let position = self.position(key)?;
        self.entries[position].as_ref().map(|e| e.value)
    }

    /// The value at an entry position (from [`Dict::position`]) if the keys did not change.
    #[inline]
    pub fn value_at(&self, position: usize) -> Option<Value> {
        self.entries.get(position)?.as_ref().map(|e| e.value)
    }

    /// Replaces the value at an entry position; returns the old one.
    #[inline]
    pub fn replace_at(&mut self, position: usize, value: Value) -> Option<Value> {
        let entry = self.entries.get_mut(position)?.as_mut()?;
        Some(std::mem::replace(&mut entry.value, value))
    }

    /// Inserts or replaces; returns the previous value (the caller owns its reference) and,
    /// for a new key, `None` (the dict now owns `key_value`; on replacement the caller keeps
    /// ownership of the `key_value` it passed).
    pub fn insert(&mut self, key: HashKey, key_value: Value, value: Value) -> Option<Value> {
        if self.index.is_empty() {
            self.rebuild(8);
        }
        let hash = key.hash();
        let (slot, found) = self.find_slot(&key, hash);
        if let Some(position) = found {
            return self.replace_at(position, value);
        }
        self.entries.push(Some(Entry {
            key,
            key_value,
            value,
        }));
        self.index[slot] = self.entries.len() as u32;
        self.len += 1;
        self.keys_version = self.keys_version.wrapping_add(1);
        if self.entries.len() * 3 >= self.index.len() * 2 {
            self.rebuild(self.len * 2);
        }
        None
    }

    /// Removes a key; returns its stored key value and value (the caller owns both references).
    pub fn remove(&mut self, key: &HashKey) -> Option<(Value, Value)> {
        let position = self.position(key)?;
        let entry = self.entries[position].take()?;
        self.len -= 1;
        self.keys_version = self.keys_version.wrapping_add(1);
        // Removed entries stay as tombstones (probing skips them) until they outnumber the
        // live ones, so a run of deletions costs O(1) each.
        if self.entries.len() - self.len > self.len + 8 {
            self.rebuild(self.len.max(4));
        }
        Some((entry.key_value, entry.value))
    }

    /// Removes everything; returns the stored keys and values for the caller to release.
    pub fn clear(&mut self) -> Vec<(Value, Value)> {
        let out = self
            .entries
            .drain(..)
            .flatten()
            .map(|e| (e.key_value, e.value))
            .collect();
        self.index.clear();
        self.len = 0;
        self.keys_version = self.keys_version.wrapping_add(1);
        out
    }

    /// Keys and values in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        self.entries
            .iter()
            .flatten()
            .map(|e| (e.key_value, e.value))
    }

    /// The first live entry at or after `position`: its position, key and value.
    pub fn entry_from(&self, position: usize) -> Option<(usize, Value, Value)> {
        self.entries
            .iter()
            .enumerate()
            .skip(position)
            .find_map(|(i, e)| e.as_ref().map(|e| (i, e.key_value, e.value)))
    }

    /// The last live entry (for `popitem`).
    pub fn last(&self) -> Option<(Value, Value)> {
        self.entries
            .iter()
            .rev()
            .find_map(|e| e.as_ref().map(|e| (e.key_value, e.value)))
    }

    /// The key image stored for the live entry holding `key_value` (for `popitem`).
    pub fn key_of(&self, key_value: Value) -> Option<HashKey> {
        self.entries
            .iter()
            .flatten()
            .find(|e| e.key_value == key_value)
            .map(|e| e.key.clone())
    }

    /// The `n`-th live entry in insertion order (for iterators that survive mutation checks).
    pub fn nth(&self, n: usize) -> Option<(Value, Value)> {
        self.iter().nth(n)
    }

    /// Calls `visit` with every key and value (and a subclass instance's class and
    /// attributes): the references the dict holds.
    pub fn for_each_value(&self, visit: &mut dyn FnMut(Value)) {
        if let Some(sub) = &self.sub {
            visit(Value::obj(sub.class));
            sub.attrs.iter().for_each(|(_, v)| visit(*v));
        }
        for entry in self.entries.iter().flatten() {
            visit(entry.key_value);
            visit(entry.value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Dict, HashKey, int_hash};
    use crate::vm::value::Value;

    #[test]
    fn keeps_insertion_order_and_numeric_equality() {
        let mut dict = Dict::new();
        for i in [5, 3, 9, 1] {
            dict.insert(
                HashKey::Int(i),
                Value::small_int(i),
                Value::small_int(i * 10),
            );
        }
        let keys: Vec<i64> = dict.iter().filter_map(|(k, _)| k.as_small_int()).collect();
        assert_eq!(keys, vec![5, 3, 9, 1]);
        assert_eq!(dict.get(&HashKey::Int(9)), Some(Value::small_int(90)));
        let before = dict.keys_version;
        dict.insert(HashKey::Int(9), Value::small_int(9), Value::small_int(0));
        assert_eq!(
            dict.keys_version, before,
            "replacing a value keeps the key version"
        );
        assert!(dict.remove(&HashKey::Int(3)).is_some());
        assert_eq!(dict.len(), 3);
        assert_eq!(dict.get(&HashKey::Int(3)), None);
        for i in 0..1000 {
            dict.insert(HashKey::Int(i), Value::small_int(i), Value::NONE);
        }
        assert_eq!(dict.len(), 1000);
    }

    #[test]
    fn int_hashes_match_cpython() {
        assert_eq!(int_hash(1), 1);
        assert_eq!(int_hash(-1) as i64, -2);
        assert_eq!(int_hash((1 << 61) - 1), 0);
    }
}
