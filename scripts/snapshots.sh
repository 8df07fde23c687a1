#!/usr/bin/env bash
# Rewrites the CPython snapshots the tests compare against (crates/gil_sim/test_data/snapshots)
# from every CPython installed here: pyenv's 3.9–3.13, and 3.14, 3.15 and 3.13t from the oracles
# under $CPYTHON_ORACLES (default /opt/cpython-oracles). Versions not installed keep theirs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export GIL_LAB_SNAPSHOTS=write
cargo test -p gil_sim --test differential --test library_corpus --test properties -- --nocapture "$@"
git status --short crates/gil_sim/test_data/snapshots | head -20
