# & | ^ of two bools is a bool (folded, at run time, augmented on a local, a global and an
# attribute); with an int it is an int.
print(True | False, True & False, True ^ True, False ^ True)
a = False
b = True
print(a | b, a & b, a ^ b, b | 2, b & 3, 2 ^ b, -b, b + b)
flag = False
flag |= True
print(flag, type(flag).__name__)


class Flags:
    def __init__(self):
        self.seen = False
        self.count = True

    def mark(self):
        for _ in range(3):
            self.seen |= True
            self.seen &= True
            self.seen ^= False
            self.count += True
        return self.seen, self.count


print(Flags().mark())


def local():
    f = False
    t = True
    for _ in range(3):
        f |= t
        f ^= False
    return f, f & 1, f | 0


print(local())
print({True: "yes"}[True & True], [10, 20][True ^ False])
