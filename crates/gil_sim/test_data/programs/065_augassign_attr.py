class Stats:
    def __init__(self):
        self.a = 50
        self.b = 50
        self.c = 7
        self.bits = 0b1100


s = Stats()
s.a += 10
s.a -= 5
s.a *= 2
s.a //= 3
s.a %= 20
s.a **= 2
print(s.a)
s.b /= 8
print(s.b)
s.c <<= 3
s.c >>= 1
print(s.c)
s.bits &= 0b1010
s.bits |= 0b0001
s.bits ^= 0b1111
print(s.bits)


class Holder:
    total = 0


Holder.total += 42
print(Holder.total)
