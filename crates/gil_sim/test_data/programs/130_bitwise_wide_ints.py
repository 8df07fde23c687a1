# Bitwise operators on ints wider than 64 bits, folded at compile time as CPython does and
# computed at run time for variables.
a = (1 << 100) | 1
b = (1 << 100) & -1
c = -(1 << 70) ^ 3
d = (2**126 - 1) & ~(1 << 5)
print(a, b, c, d)
x = 1 << 100
print(x | 1, x & -1, -x ^ 3, (x - 1) ^ x, -(2**126) | 1)
# Past 128 bits, where a negative value's infinitely many leading ones matter.
big = 3**200
print(big & -big, big | -(2**300), big ^ ~big, -big & (2**320 - 1), -big ^ -(5**150))
print((2**400 + 12345) & -(2**399), ~(-(2**500)) | 7)
e = 7**100 & -(3**80)
print(e, (1 << 300) | (1 << 200) | 1)
# Literals wider than 128 bits fold too.
print(0x123456789abcdef0123456789abcdef0123456789abcdef & -0x10000000000000000000000000000000000001, 0xffffffffffffffffffffffffffffffffffff ^ -1)
