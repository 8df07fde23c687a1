#!/usr/bin/env bash
# The long fuzzing run: a million inputs (or $1) for each target — the compiler on arbitrary
# text, the VM and scheduler on generated and changed programs, the share-link decoder — with
# 0 panics and 0 hangs allowed. Every test run has a short version of the same targets.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export GIL_LAB_FUZZ_INPUTS="${1:-1000000}"
started=$(date +%s)
cargo test --profile native -p gil_sim --test fuzz -- --nocapture --test-threads=1 2>&1 | grep -E 'inputs|panicked|test result'
cargo test --profile native -p gil_lab --lib links_never_panic -- --nocapture 2>&1 | grep -E 'inputs|panicked|test result'
printf 'fuzzing done in %ss\n' "$(( $(date +%s) - started ))"
