//! A small DEFLATE encoder (RFC 1951) for share links: greedy LZ77 matches over a 32 KB
//! window, written as one block with the fixed Huffman codes. It compresses Python source
//! about as well as a full encoder does at this size, in a fraction of the page weight; any
//! standard inflater (the link decoder uses `miniz_oxide`) reads it.

/// Bits written least significant first, as DEFLATE packs them.
struct Bits {
    out: Vec<u8>,
    buffer: u32,
    count: u32,
}

impl Bits {
    fn put(&mut self, value: u32, bits: u32) {
        self.buffer |= value << self.count;
        self.count += bits;
        while self.count >= 8 {
            self.out.push(self.buffer as u8);
            self.buffer >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, whose bits go most significant first.
    fn put_code(&mut self, code: u32, bits: u32) {
        let reversed = code.reverse_bits() >> (32 - bits);
        self.put(reversed, bits);
    }

    /// Literal/length symbol `symbol` in the fixed code.
    fn put_symbol(&mut self, symbol: u32) {
        match symbol {
            0..=143 => self.put_code(0x30 + symbol, 8),
            144..=255 => self.put_code(0x190 + symbol - 144, 9),
            256..=279 => self.put_code(symbol - 256, 7),
            _ => self.put_code(0xC0 + symbol - 280, 8),
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.buffer as u8);
        }
        self.out
    }
}

const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

const WINDOW: usize = 32 * 1024;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 13;
/// Earlier positions with the same hash tried per match.
const CHAIN: usize = 32;

/// The last index `i` in `table` with `table[i] <= value`.
fn bucket(table: &[u16], value: usize) -> usize {
    table
        .iter()
        .rposition(|&base| usize::from(base) <= value)
        .unwrap_or(0)
}

fn hash(bytes: &[u8]) -> usize {
    let n = u32::from(bytes[0]) | u32::from(bytes[1]) << 8 | u32::from(bytes[2]) << 16;
    (n.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

/// `data` as raw DEFLATE.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits {
        out: Vec::with_capacity(data.len() / 2 + 16),
        buffer: 0,
        count: 0,
    };
    bits.put(1, 1); // the final block
    bits.put(1, 2); // fixed Huffman codes
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut previous = vec![usize::MAX; data.len()];
    let insert = |at: usize, head: &mut [usize], previous: &mut [usize]| {
        if at + MIN_MATCH <= data.len() {
            let h = hash(&data[at..]);
            previous[at] = head[h];
            head[h] = at;
        }
    };
    let mut at = 0;
    while at < data.len() {
        let (mut best_length, mut best_distance) = (0, 0);
        if at + MIN_MATCH <= data.len() {
            let mut candidate = head[hash(&data[at..])];
            let limit = (data.len() - at).min(MAX_MATCH);
            for _ in 0..CHAIN {
                if candidate == usize::MAX || at - candidate > WINDOW {
                    break;
                }
                let length = data[candidate..]
                    .iter()
                    .zip(&data[at..at + limit])
                    .take_while(|(a, b)| a == b)
                    .count();
                if length > best_length {
                    (best_length, best_distance) = (length, at - candidate);
                }
                candidate = previous[candidate];
            }
        }
        if best_length >= MIN_MATCH {
            let l = bucket(&LENGTH_BASE, best_length);
            bits.put_symbol(257 + l as u32);
            bits.put(
                (best_length - usize::from(LENGTH_BASE[l])) as u32,
                u32::from(LENGTH_EXTRA[l]),
            );
            let d = bucket(&DISTANCE_BASE, best_distance);
            bits.put_code(d as u32, 5);
            bits.put(
                (best_distance - usize::from(DISTANCE_BASE[d])) as u32,
                u32::from(DISTANCE_EXTRA[d]),
            );
            for position in at..at + best_length {
                insert(position, &mut head, &mut previous);
            }
            at += best_length;
        } else {
            bits.put_symbol(u32::from(data[at]));
            insert(at, &mut head, &mut previous);
            at += 1;
        }
    }
    bits.put_symbol(256);
    bits.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(packed: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec(packed).expect("valid DEFLATE")
    }

    #[test]
    fn standard_inflate_reads_what_it_writes() {
        let mut next = crate::state::xorshift(0x2545_f491_4f6c_dd1du64);
        for length in [0, 1, 2, 3, 4, 10, 100, 258, 259, 1000, 40_000, 70_000] {
            for alphabet in [1u64, 2, 4, 26, 256] {
                let data: Vec<u8> = (0..length).map(|_| (next() % alphabet) as u8).collect();
                assert_eq!(
                    inflate(&compress(&data)),
                    data,
                    "{length} bytes of {alphabet}"
                );
            }
        }
    }

    #[test]
    fn python_source_shrinks() {
        let source = include_str!("../../crates/gil_sim/test_data/seeds/002_bank_deadlock.py");
        let packed = compress(source.as_bytes());
        assert_eq!(inflate(&packed), source.as_bytes());
        assert!(
            packed.len() * 2 < source.len(),
            "{} -> {}",
            source.len(),
            packed.len()
        );
    }
}
