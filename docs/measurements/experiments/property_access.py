# Time per access of a property getter, a setter and both (`c.count += 1`) against a plain
# attribute and an empty loop, best of 5 runs of a million: what the descriptor protocol costs
# when CPython calls a Python getter or setter from C. Run with each interpreter in turn.
import time
class C:
    def __init__(self): self._count = 0
    @property
    def count(self): return self._count
    @count.setter
    def count(self, v): self._count = v
c = C()
N = 1_000_000
def plain():
    for _ in range(N): c._count += 1
def get():
    for _ in range(N): x = c.count
def put():
    for _ in range(N): c.count = 1
def both():
    for _ in range(N): c.count += 1
def empty():
    for _ in range(N): pass
for f in (empty, plain, get, put, both):
    best = min((lambda: (lambda t: (f(), time.perf_counter()-t)[1])(time.perf_counter()))() for _ in range(5))
    print(f.__name__, round(best/N*1e9,1), "ns")
