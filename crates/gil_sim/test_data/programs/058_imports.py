import sys
import time
from typing import List, Dict, Optional


def total(xs: List[int]) -> int:
    s = 0
    for x in xs:
        s += x
    return s


def lookup(d: Dict[str, int], k: str) -> Optional[int]:
    return d.get(k)


start = time.time()
print(total([1, 2, 3]))
print(lookup({"a": 1}, "a"), lookup({}, "z"))
print(type(sys.argv).__name__)
print(sys.maxsize > 2 ** 31)
elapsed = time.time() - start
print(elapsed >= 0)
print(type(time.perf_counter()).__name__)
print(sys.__name__, time.__name__)
