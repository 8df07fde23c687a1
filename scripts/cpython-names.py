"""Prints the names CPython has that GIL Lab may not model, for
crates/gil_sim/src/vm/cpython_names.txt: run it with every CPython from 3.10 on and merge
(scripts/cpython-names.sh). Lines: `modules NAME...` (the standard library's top-level
modules), `builtins NAME...`, `type TYPE NAME...` (attributes of a builtin type) and
`module MODULE NAME...` (public attributes of a standard module GIL Lab models)."""
import builtins
import importlib
import sys

TYPES = [int, float, str, bytes, bytearray, list, tuple, dict, set, frozenset, range,
         object, type, BaseException]
MODULES = ["sys", "time", "math", "threading", "queue", "multiprocessing",
           "concurrent.futures", "random", "functools", "itertools", "collections",
           "heapq", "bisect", "contextlib", "dataclasses", "statistics", "logging", "json",
           "datetime", "operator", "atexit", "warnings", "io", "string", "copy", "enum",
           "zlib"]

print("modules", *sorted(n for n in sys.stdlib_module_names if not n.startswith("_")))
print("builtins", *sorted(n for n in dir(builtins) if not n.startswith("_")))
for t in TYPES:
    print("type", t.__name__, *sorted(dir(t)))
for m in MODULES:
    module = importlib.import_module(m)
    print("module", m, *sorted(n for n in dir(module) if not n.startswith("_")))
