x = 100
x += 5
print(x)
x -= 3
print(x)
x *= 2
print(x)
x //= 7
print(x)
x %= 8
print(x)
x **= 3
print(x)
x <<= 2
print(x)
x >>= 1
print(x)
x &= 0b1111
print(x)
x |= 0b10000
print(x)
x ^= 0b101
print(x)
x /= 4
print(x)
s = "ab"
s += "cd"
s *= 2
print(s)
