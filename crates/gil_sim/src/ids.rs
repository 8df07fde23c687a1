//! The small value types every layer shares: virtual time, and the indices that name a thread
//! within its process and a lock. A leaf module: it uses nothing of the crate.

use std::ops::{Add, AddAssign, Sub};

/// Virtual time in picoseconds. Sums saturate: a run's clock never wraps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VTime(pub u64);

impl VTime {
    pub const ZERO: VTime = VTime(0);
    pub const MAX: VTime = VTime(u64::MAX);

    pub fn from_nanos(ns: u64) -> VTime {
        VTime(ns.saturating_mul(1000))
    }

    pub fn from_micros(us: u64) -> VTime {
        VTime(us.saturating_mul(1_000_000))
    }

    pub fn from_millis(ms: u64) -> VTime {
        VTime(ms.saturating_mul(1_000_000_000))
    }

    pub fn from_secs_f64(seconds: f64) -> VTime {
        if !seconds.is_finite() || seconds <= 0.0 {
            return VTime(0);
        }
        VTime((seconds * 1e12).min(u64::MAX as f64) as u64)
    }

    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1e12
    }

    pub fn as_micros(self) -> u64 {
        self.0 / 1_000_000
    }

    pub fn as_millis(self) -> u64 {
        self.0 / 1_000_000_000
    }
}

impl Add for VTime {
    type Output = VTime;

    fn add(self, other: VTime) -> VTime {
        VTime(self.0.saturating_add(other.0))
    }
}

impl AddAssign for VTime {
    fn add_assign(&mut self, other: VTime) {
        *self = *self + other;
    }
}

impl Sub for VTime {
    type Output = VTime;

    /// The time from `other` to `self`, zero if `other` is later.
    fn sub(self, other: VTime) -> VTime {
        VTime(self.0.saturating_sub(other.0))
    }
}

/// Index of a thread within its process (0 is the main thread).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ThreadIndex(pub u32);

/// Index of a `_thread` lock within its process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LockId(pub u32);

#[cfg(test)]
mod tests {
    use super::VTime;

    #[test]
    fn time_adds_and_subtracts_without_wrapping() {
        assert_eq!(
            VTime::from_millis(2) + VTime::from_micros(5),
            VTime(2_005_000_000)
        );
        assert_eq!(VTime::MAX + VTime(1), VTime::MAX);
        assert_eq!(VTime(3) - VTime(5), VTime::ZERO);
        let mut t = VTime::from_nanos(1);
        t += VTime(1);
        assert_eq!(t, VTime(1001));
    }
}
