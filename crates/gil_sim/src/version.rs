//! The Python versions the simulator models.
//!
//! A version decides two things: which bytecode the compiler emits (CPython's own instruction set
//! of that release) and where a thread may lose the GIL. "2.7-style" is the old GIL of Python 2.x
//! and 3.0–3.1 (a tick counter, no switch interval, no hand-off) applied to 3.9 bytecode, because
//! the programs readers bring are Python 3.

use std::fmt;

/// A modelled CPython release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PyVersion {
    /// The old GIL of Python 2.x (every 100 ticks, release and re-acquire) over 3.9 bytecode.
    Py27,
    Py39,
    Py310,
    Py311,
    Py312,
    Py313,
}

impl PyVersion {
    /// Every modelled version, oldest first.
    pub const ALL: [PyVersion; 6] = [
        PyVersion::Py27,
        PyVersion::Py39,
        PyVersion::Py310,
        PyVersion::Py311,
        PyVersion::Py312,
        PyVersion::Py313,
    ];

    /// The version whose bytecode the compiler emits for this one.
    pub fn bytecode(self) -> PyVersion {
        match self {
            PyVersion::Py27 => PyVersion::Py39,
            other => other,
        }
    }

    /// `(major, minor)` as CPython reports it in `sys.version_info`.
    pub fn major_minor(self) -> (u8, u8) {
        match self {
            PyVersion::Py27 => (2, 7),
            PyVersion::Py39 => (3, 9),
            PyVersion::Py310 => (3, 10),
            PyVersion::Py311 => (3, 11),
            PyVersion::Py312 => (3, 12),
            PyVersion::Py313 => (3, 13),
        }
    }

    /// Parses "3.11", "311", "2.7" and the like.
    pub fn parse(text: &str) -> Option<PyVersion> {
        let compact: String = text.trim().chars().filter(|c| *c != '.').collect();
        let found = match compact.as_str() {
            "27" => PyVersion::Py27,
            "39" => PyVersion::Py39,
            "310" => PyVersion::Py310,
            "311" => PyVersion::Py311,
            "312" => PyVersion::Py312,
            "313" => PyVersion::Py313,
            _ => return None,
        };
        Some(found)
    }

    /// True when CPython ships a free-threaded build of this version (3.13t is the first,
    /// PEP 703): the page offers "free-threaded" only there.
    pub fn has_free_threaded_build(self) -> bool {
        self >= PyVersion::Py313
    }

    /// True from 3.11 on: the "zero-cost" exception tables, `RESUME`, `CALL`, `BINARY_OP`.
    pub fn is_311_plus(self) -> bool {
        self.bytecode() >= PyVersion::Py311
    }
}

impl fmt::Display for PyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (major, minor) = self.major_minor();
        write!(f, "{major}.{minor}")
    }
}

#[cfg(test)]
mod tests {
    use super::PyVersion;

    #[test]
    fn parses_what_it_prints() {
        for version in PyVersion::ALL {
            assert_eq!(PyVersion::parse(&version.to_string()), Some(version));
        }
        assert_eq!(PyVersion::parse("3.14"), None);
        assert_eq!(PyVersion::Py27.bytecode(), PyVersion::Py39);
    }
}
