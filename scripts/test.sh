#!/usr/bin/env bash
# Runs every check and test GIL Lab has: formatting, lints (native and wasm32), native tests,
# the release build and its size budget, wasm-bindgen tests and Playwright tests in headless
# Chromium. Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (native)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "cargo clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown -p gil_lab -p gil_sim --all-targets --quiet -- -D warnings

step "native tests"
cargo test --workspace --quiet

step "trunk build --release"
rm -rf dist
trunk build --release

step "page weight"
node scripts/size-check.mjs dist

step "wasm-bindgen tests in headless Chromium"
cargo test -p gil_lab --target wasm32-unknown-unknown --test web

step "Playwright end-to-end tests in headless Chromium"
node --test --test-reporter=spec tests/e2e/

printf '\nAll checks passed in %ss.\n' "$(( $(date +%s) - started ))"
