#!/usr/bin/env bash
# Installs what is missing, then builds GIL Lab and serves it on http://127.0.0.1:8080
# (rebuilding on every change).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh
exec trunk serve --release
