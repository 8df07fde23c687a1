class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __str__(self):
        return "(" + str(self.x) + ", " + str(self.y) + ")"

    def __repr__(self):
        return "Point(" + repr(self.x) + ", " + repr(self.y) + ")"


p = Point(1, 2)
print(p)
print(str(p))
print(repr(p))
print([p, Point(3, 4)])
print(f"{p} {p!r}")
print("%s %r" % (p, p))
