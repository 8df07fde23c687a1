//! Sorting short sequences (a function's blocks and cells, a program's runnable threads, a
//! module's names) with a plain insertion sort: stable, and a few hundred bytes of wasm per use
//! where each use of the standard library's sort costs about four kilobytes. Sequences as long
//! as the reader's data (list sorts, slice deletions, dict keys) use the standard sort.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`. Quadratic: meant for at most a few thousand items.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && compare(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `items` stably by `key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_sort_and_keeps_equal_items_in_order() {
        let mut seed = 7u64;
        for len in 0..60 {
            let mut items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            sort_by_key(&mut items, |item| item.0);
            assert_eq!(items, expected);
            sort(&mut items);
            expected.sort();
            assert_eq!(items, expected);
        }
    }
}
