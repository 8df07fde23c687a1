# Augmented assignment to an attribute: ints, a float, growth past small ints, a property,
# a constant or a local on the right, and an unbound local.
class Box:
    def __init__(self):
        self.n = 0
        self.f = 0.5
        self.flags = 0

    def bump(self, by):
        self.n += by
        self.n -= 1
        self.n *= 3
        self.flags |= by
        self.flags ^= 1
        self.f += by

    def grow(self):
        self.n *= 1 << 40
        self.n += 1


class Celsius:
    def __init__(self):
        self._t = 1

    @property
    def t(self):
        return self._t

    @t.setter
    def t(self, value):
        print("set", value)
        self._t = value


def loop(box, times):
    for i in range(times):
        box.bump(i)
    return box.n, box.flags, box.f


box = Box()
print(loop(box, 20))
box.grow()
box.grow()
print(box.n)
c = Celsius()
for k in range(3):
    c.t += k
print(c.t)


def unbound(box):
    box.n += later
    later = 1


try:
    unbound(box)
except UnboundLocalError as e:
    print("UnboundLocalError", e)


class Other:
    pass


o = Other()
o.n, o.flags, o.f = 1, 2, 3
for k in range(3):
    Box.bump(o, k)  # the same code on an instance of another class
print(o.n, o.flags, o.f)
o.n = "a"
try:
    Box.bump(o, 1)
except TypeError as e:
    print("TypeError", e)
