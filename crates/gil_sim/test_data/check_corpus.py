#!/usr/bin/env python3
"""Run every NNN_*.py program in this directory under CPython 3.9..3.13.

Checks:
  * 3.11 output is deterministic (two runs, PYTHONHASHSEED=0 and =1);
  * exit status is 1 for programs named NNN_err_*.py, 0 for all others;
  * reports whether stdout+stderr+exit status agree across all versions.
Exit status of this script is 0 iff every hard check passes.
"""
import os
import subprocess
import sys
import time

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "programs")
VERSIONS = ["3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"]
REFERENCE = "3.11.7"
TIMEOUT = 20
ELAPSED = {}  # (version, file, hashseed) -> wall seconds, informational only


def pyenv_root():
    root = os.environ.get("PYENV_ROOT")
    if root:
        return root
    try:
        return subprocess.run(["pyenv", "root"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return os.path.expanduser("~/.pyenv")


def interpreter(version):
    return os.path.join(pyenv_root(), "versions", version, "bin", "python")


def run(version, name, hashseed="0"):
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = hashseed
    for var in ("PYTHONSTARTUP", "PYTHONWARNINGS", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE"):
        env.pop(var, None)
    env["PYTHON_COLORS"] = "0"
    env["NO_COLOR"] = "1"
    start = time.perf_counter()
    try:
        p = subprocess.run([interpreter(version), "-B", name], cwd=HERE, env=env,
                           capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return ("TIMEOUT", b"", b"")
    ELAPSED[(version, name, hashseed)] = time.perf_counter() - start
    return (p.returncode, p.stdout, p.stderr)


def first_diff(a, b):
    """Short description of the first differing stream."""
    for label, x, y in (("exit", a[0], b[0]), ("stdout", a[1], b[1]), ("stderr", a[2], b[2])):
        if x != y:
            return label
    return None


def main():
    files = sorted(f for f in os.listdir(HERE)
                   if f.endswith(".py") and f[:3].isdigit() and f[3] == "_")
    missing = [v for v in VERSIONS if not os.path.exists(interpreter(v))]
    if missing:
        print("missing interpreters:", missing)
        return 2
    failures = []
    differing = []
    for name in files:
        results = {v: run(v, name) for v in VERSIONS}
        ref = results[REFERENCE]
        again = run(REFERENCE, name, hashseed="1")
        problems = []
        if again != ref:
            problems.append("nondeterministic under %s (%s)" % (REFERENCE, first_diff(ref, again)))
        expected_rc = 1 if "_err_" in name else 0
        for v, r in results.items():
            if r[0] != expected_rc:
                problems.append("%s exit %r, expected %d" % (v, r[0], expected_rc))
        diffs = []
        for v in VERSIONS:
            if v != REFERENCE:
                d = first_diff(ref, results[v])
                if d:
                    diffs.append("%s:%s" % (v.rsplit(".", 1)[0], d))
        status = "FAIL " if problems else "ok   "
        same = "same in 3.9-3.13" if not diffs else "differs vs 3.11: " + ", ".join(diffs)
        print("%s %-40s %s" % (status, name, same))
        for p in problems:
            print("      -", p)
        if problems:
            failures.append(name)
        if diffs:
            differing.append(name)
    print()
    print("%d files, %d failing, %d with version-dependent output" %
          (len(files), len(failures), len(differing)))
    if failures:
        print("failing:", " ".join(failures))
    slowest = sorted(((t, k[1]) for k, t in ELAPSED.items() if k[0] == REFERENCE),
                     reverse=True)[:3]
    print("slowest %s runs (wall time, includes interpreter start-up): %s" % (
        REFERENCE, ", ".join("%s %.3fs" % (n, t) for t, n in slowest)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
