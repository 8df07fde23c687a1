values = [1, 2.0, "s", [1], (1,), {"a": 1}, None, True, {1, 2}]
for v in values:
    print(repr(v), type(v).__name__)
print(isinstance(1, int), isinstance(True, int), isinstance(1.0, int))
print(isinstance("x", (int, str)))
print(isinstance([], list), isinstance((), list))


class Base:
    pass


class Child(Base):
    pass


c = Child()
print(isinstance(c, Base), type(c) is Base, type(c).__name__)
print(type(Child).__name__, type(len).__name__)
print(type(3) == int)
