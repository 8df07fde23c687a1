"""What tracemalloc counts for objects a program builds (the memory lane's sizes).

Prints one line per expression: the expression, a tab, and the bytes that tracemalloc saw
allocated while it was built and still held afterwards. Run it with each version:
    python object_sizes.py > ../data/object_sizes_<version>.tsv
"""
import sys
import tracemalloc


class P:
    def __init__(self, i):
        self.x = i
        self.y = i


EXPRESSIONS = [
    "list(range(100_000))",
    "[0] * 100_000",
    "[i * 1.5 for i in range(100_000)]",
    "[str(i) for i in range(100_000)]",
    "{i: i for i in range(100_000)}",
    "set(range(100_000))",
    "bytes(1_000_000)",
    "'x' * 1_000_000",
    "tuple(range(100_000))",
    "[P(i) for i in range(100_000)]",
    "[(i, i) for i in range(100_000)]",
    "[[i] for i in range(100_000)]",
    "[{'a': i} for i in range(100_000)]",
]

print(f"# python {sys.version.split()[0]}")
for expression in EXPRESSIONS:
    code = compile(expression, "<size>", "eval")
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = eval(code)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    print(f"{expression}\t{after - before}")
