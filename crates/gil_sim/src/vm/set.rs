//! The hash table of `set` and `frozenset`, laid out as CPython's `Objects/setobject.c` lays it
//! out (linear probes, then perturbation; resize at 3/5 full), so that `print({3, 1, 2})` shows
//! `{1, 2, 3}` as CPython does.

use crate::vm::dict::HashKey;
use crate::vm::value::Value;

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;

#[derive(Clone, Debug)]
enum Slot {
    Empty,
    Dummy,
    Active {
        hash: u64,
        key: HashKey,
        value: Value,
    },
}

/// A CPython-shaped set table.
#[derive(Clone, Debug)]
pub struct SetTable {
    slots: Vec<Slot>,
    fill: usize,
    used: usize,
}

impl Default for SetTable {
    fn default() -> Self {
        SetTable {
            slots: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
        }
    }
}

impl SetTable {
    pub fn len(&self) -> usize {
        self.used
    }

    /// Bytes its table occupies (for the memory budget): a fixed size per slot (see
    /// `Dict::bytes`).
    pub fn bytes(&self) -> usize {
        const SLOT_BYTES: usize = 32;
        self.slots.len() * SLOT_BYTES
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// True if the key is present.
    pub fn contains(&self, key: &HashKey) -> bool {
        self.find(key).is_some()
    }

    fn find(&self, key: &HashKey) -> Option<usize> {
        let hash = key.hash();
        let mask = self.mask();
        let mut i = (hash as usize) & mask;
        let mut perturb = hash;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in 0..=probes {
                match &self.slots[i + j] {
                    Slot::Empty => return None,
                    Slot::Active {
                        hash: h, key: k, ..
                    } if *h == hash && k == key => {
                        return Some(i + j);
                    }
                    _ => {}
                }
            }
            i = crate::vm::dict::next_probe(i, &mut perturb, mask);
        }
    }

    /// Adds a key. Returns false (and leaves ownership of `value` with the caller) if present.
    pub fn add(&mut self, key: HashKey, value: Value) -> bool {
        let hash = key.hash();
        let mask = self.mask();
        let mut i = (hash as usize) & mask;
        let mut perturb = hash;
        let mut free_slot: Option<usize> = None;
        let found_unused = loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut result = None;
            for j in 0..=probes {
                match &self.slots[i + j] {
                    Slot::Empty => {
                        result = Some(i + j);
                        break;
                    }
                    Slot::Active {
                        hash: h, key: k, ..
                    } if *h == hash && k == &key => {
                        return false;
                    }
                    Slot::Dummy => {
                        if free_slot.is_none() {
                            free_slot = Some(i + j);
                        }
                    }
                    Slot::Active { .. } => {}
                }
            }
            if let Some(slot) = result {
                break slot;
            }
            i = crate::vm::dict::next_probe(i, &mut perturb, mask);
        };
        if let Some(slot) = free_slot {
            self.used += 1;
            self.slots[slot] = Slot::Active { hash, key, value };
            return true;
        }
        self.fill += 1;
        self.used += 1;
        self.slots[found_unused] = Slot::Active { hash, key, value };
        if self.fill * 5 >= mask * 3 {
            let target = if self.used > 50_000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(target);
        }
        true
    }

    /// Removes a key; returns the stored value for the caller to release.
    pub fn discard(&mut self, key: &HashKey) -> Option<Value> {
        let slot = self.find(key)?;
        let old = std::mem::replace(&mut self.slots[slot], Slot::Dummy);
        self.used -= 1;
        match old {
            Slot::Active { value, .. } => Some(value),
            _ => None,
        }
    }

    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; size]);
        self.fill = self.used;
        let mask = size - 1;
        for slot in old {
            if let Slot::Active { hash, key, value } = slot {
                let mut i = (hash as usize) & mask;
                let mut perturb = hash;
                'probe: loop {
                    if matches!(self.slots[i], Slot::Empty) {
                        self.slots[i] = Slot::Active { hash, key, value };
                        break 'probe;
                    }
                    if i + LINEAR_PROBES <= mask {
                        for j in 1..=LINEAR_PROBES {
                            if matches!(self.slots[i + j], Slot::Empty) {
                                self.slots[i + j] = Slot::Active { hash, key, value };
                                break 'probe;
                            }
                        }
                    }
                    i = crate::vm::dict::next_probe(i, &mut perturb, mask);
                }
            }
        }
    }

    /// Values in table order (CPython's iteration order).
    pub fn iter(&self) -> impl Iterator<Item = Value> + '_ {
        self.slots.iter().filter_map(|slot| match slot {
            Slot::Active { value, .. } => Some(*value),
            _ => None,
        })
    }

    /// The value in table slot `index` or later, and the slot after it (for iterators).
    pub fn next_from(&self, index: usize) -> Option<(Value, usize)> {
        (index..self.slots.len()).find_map(|i| match &self.slots[i] {
            Slot::Active { value, .. } => Some((*value, i + 1)),
            _ => None,
        })
    }

    /// Every stored value, for freeing the set.
    pub fn drain(&mut self) -> Vec<Value> {
        let out = self.iter().collect();
        *self = SetTable::default();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::SetTable;
    use crate::vm::dict::HashKey;
    use crate::vm::value::Value;

    fn order(items: &[i64]) -> Vec<i64> {
        let mut set = SetTable::default();
        for i in items {
            set.add(HashKey::Int(*i), Value::small_int(*i));
        }
        set.iter().filter_map(Value::as_small_int).collect()
    }

    #[test]
    fn iterates_in_cpython_order() {
        // CPython: {3, 1, 2} -> {1, 2, 3}; {10, 5, 8, 1} -> {8, 1, 10, 5}
        assert_eq!(order(&[3, 1, 2]), vec![1, 2, 3]);
        assert_eq!(order(&[10, 5, 8, 1]), vec![8, 1, 10, 5]);
        // After a resize (5 items > 3/5 of 8 slots): {100, 7, 33, 64, 2} -> {64, 33, 2, 100, 7}
        assert_eq!(order(&[100, 7, 33, 64, 2]), vec![64, 33, 2, 100, 7]);
    }
}
