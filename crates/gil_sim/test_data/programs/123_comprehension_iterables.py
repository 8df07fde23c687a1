import math as m
from math import sqrt

print([p for p in ["b", "c"]])
print(sorted(p for p in (3, 1)))
print([m.floor(p) for p in (1.5,)])
print([sqrt(p) for p in [4, 9]])
print({k: v for k, v in [("a", 1)]})


def inner():
    return [m.floor(p * q) for p in [2.5] for q in [3, 4]]


print(inner())
print(5 in {3, 1, 9}, [i for i in {17, 1, 33, 2, -1}])
