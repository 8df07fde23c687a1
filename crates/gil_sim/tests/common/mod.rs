//! What the simulator's tests share: a small deterministic generator (xorshift64*), so inputs
//! come from a seed without an extra dependency, and where the corpus and the CPython oracles are.

use std::path::{Path, PathBuf};

#[allow(dead_code)]
pub mod normalise;
pub mod programs;
#[allow(dead_code)]
pub mod snapshots;

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    #[allow(dead_code)]
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The `.py` files in `dir`, sorted.
#[allow(dead_code)]
pub fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    files
}

/// The CPython for `prefix` ("3.11" → pyenv's 3.11.7; "3.14", "3.15" and "3.13t" also from
/// the oracles installed under `$CPYTHON_ORACLES`, by default `/opt/cpython-oracles`), if
/// this machine has one.
#[allow(dead_code)]
pub fn python(prefix: &str) -> Option<PathBuf> {
    pyenv_python(prefix).or_else(|| {
        let oracles = std::env::var_os("CPYTHON_ORACLES")
            .map_or_else(|| PathBuf::from("/opt/cpython-oracles"), PathBuf::from);
        let binary = oracles.join("bin").join(format!("python{prefix}"));
        binary.exists().then_some(binary)
    })
}

/// The newest pyenv interpreter whose version starts with `prefix` ("3.11" → 3.11.7).
fn pyenv_python(prefix: &str) -> Option<PathBuf> {
    let root = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pyenv")))?;
    let mut candidates: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir(root.join("versions"))
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            let matches = name == prefix || name.starts_with(&format!("{prefix}."));
            let binary = entry.path().join("bin/python");
            let key: Vec<u32> = name.split('.').filter_map(|p| p.parse().ok()).collect();
            (matches && binary.exists()).then_some((key, binary))
        })
        .collect();
    candidates.sort();
    candidates.pop().map(|(_, path)| path)
}
