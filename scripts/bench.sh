#!/usr/bin/env bash
# Builds the page and the native simulator, then measures every budget of docs/design.md and prints
# them in one table (scripts/bench.mjs): the VM natively and in Chromium beside CPython 3.11,
# page weight, first result, longest main-thread task, playback frame rate.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh
trunk build --release
cargo build --profile native -p gilsim --bins
node scripts/bench.mjs
