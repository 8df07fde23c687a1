# sum, min and max take their items one at a time, from an iterable of any length: more
# items than a list of this simulator may hold, a generator, several arguments.
print(sum(range(10_500_000)))
print(max(range(10_200_000)), min(range(-3, 10_200_000)))
print(sum(x * x for x in range(10)), sum(range(5), 100), sum([], start=7))
print(min(3, 1, 2), max("b", "a", "c"), max([], default="empty"), min((), default=None))
print(max([-7, 3, 5], key=abs), min([-7, 3, 5], key=abs), max([2, 2.0]), min([2.0, 2]))
print(sum([0.5] * 10), sum([1, 2.5, 3]), sum([[1], [2]], []), sum([2**70, 2**70]))
print(sum([2**62, 2**62, -(2**63)]), sum([True, True, 3]), sum([1.5, 2, 2**70]))
print(sum(range(10, 0, -3)), max(range(10, 0, -3)), min(range(10, 0, -3)), sum(range(5, 5)))
print(sum(range(-(10**18), 10**18, 10**17)), sum(range(3), 2**70), sum(range(4), 0.5))
print(max(range(0), default="none"), min(range(7, 7), default=-1), max(range(3), key=abs))
numbers_left = iter(range(10))
print(next(numbers_left), sum(numbers_left), list(numbers_left))
numbers_left = iter(range(10, 20))
print(next(numbers_left), max(numbers_left), list(numbers_left), min(iter(range(4))))


def numbers():
    yield 3
    yield 9
    raise ValueError("no more numbers")


for call in (
    lambda: sum(5, "a"),
    lambda: sum(["a"], "b"),
    lambda: sum([b"a"], b""),
    lambda: sum([1, "x"]),
    lambda: max([]),
    lambda: min(1, 2, default=0),
    lambda: max(numbers()),
    lambda: min([1, "x"]),
    lambda: max(),
):
    try:
        print(call())
    except (TypeError, ValueError) as error:
        print(type(error).__name__, error)
