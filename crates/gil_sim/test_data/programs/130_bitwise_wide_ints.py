# Bitwise operators on ints wider than 64 bits, folded at compile time as CPython does and
# computed at run time for variables.
a = (1 << 100) | 1
b = (1 << 100) & -1
c = -(1 << 70) ^ 3
d = (2**126 - 1) & ~(1 << 5)
print(a, b, c, d)
x = 1 << 100
print(x | 1, x & -1, -x ^ 3, (x - 1) ^ x, -(2**126) | 1)
