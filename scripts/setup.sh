#!/usr/bin/env bash
# Installs what GIL Lab's build and tests need, skipping every step that is already done:
# the wasm32 target, Trunk and wasm-bindgen-cli (crates.io, pinned), Chromium and ChromeDriver
# (Debian), wasm-opt and Playwright (npm, from package-lock.json). Nothing is downloaded from
# anywhere else. Source it (`. scripts/setup.sh`) to also get the tools on PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
say() { echo "setup: $*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 15 minutes on two cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Not --locked: its lockfile pins a webpki-roots release that crates.io no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing Chromium and ChromeDriver from Debian"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y chromium chromium-driver
fi

stamp=node_modules/.gil-lab-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm packages (binaryen's wasm-opt, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

# Trunk builds offline; make sure every crate is in the local cache first.
cargo fetch --quiet
