add = lambda a, b: a + b
print(add(2, 3))
square = lambda x: x * x
print(square(9))
pairs = [(1, "b"), (3, "a"), (2, "c")]
print(sorted(pairs, key=lambda p: p[1]))
print(sorted(pairs, key=lambda p: -p[0]))
print(list(map(lambda x: x * 10, [1, 2, 3])))
print(list(filter(lambda x: x > 1, [0, 1, 2, 3])))
make_adder = lambda n: lambda x: x + n
print(make_adder(5)(10))
defaults = lambda a, b=2, *c, **d: (a, b, c, d)
print(defaults(1), defaults(1, 3, 4, k=5))
print((lambda: "no args")())
print(add.__name__)
