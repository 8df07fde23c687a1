#!/usr/bin/env bash
# Installs what is missing, then builds GIL Lab and serves it on http://127.0.0.1:8080
# (rebuilding on every change; reload the page to see a rebuild: the page's
# Content-Security-Policy refuses the inline script Trunk's auto-reload would add).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh
exec trunk serve --release --no-autoreload
