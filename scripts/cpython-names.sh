#!/usr/bin/env bash
# Rewrites crates/gil_sim/src/vm/cpython_names.txt from every CPython 3.10+ installed here
# (pyenv's and the oracles'): the union of what each one has.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=crates/gil_sim/src/vm/cpython_names.txt
pythons=()
for v in 3.10 3.11 3.12 3.13 3.14 3.15; do
  p=$(ls -d "$(pyenv root 2>/dev/null || echo /nonexistent)"/versions/$v.*/bin/python 2>/dev/null | tail -1 || true)
  [ -z "$p" ] && [ -x /opt/cpython-oracles/bin/python$v ] && p=/opt/cpython-oracles/bin/python$v
  [ -n "$p" ] && pythons+=("$p")
done
for p in "${pythons[@]}"; do "$p" -I scripts/cpython-names.py; done | python3 -c '
import sys
merged = {}
for line in sys.stdin:
    words = line.split()
    key = tuple(words[:2]) if words[0] in ("type", "module") else (words[0],)
    merged.setdefault(key, set()).update(words[len(key):])
for key in sorted(merged):
    print(*key, *sorted(merged[key]))
' > "$out"
wc -c "$out"
