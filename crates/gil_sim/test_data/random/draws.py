"""Prints CPython's random numbers for a fixed list of (seed, call) pairs: 10,000 draws of
each, one line per sequence: `LABEL: DRAW,DRAW,...` with each draw's repr (floats with
repr, so the digits are exact; a call returning a list of one-character strings prints them
joined, to keep lines short). Run with each version's interpreter (or in GIL Lab) to make
or check snapshots; the output is deterministic and about 1.9 MB.

Written in plain Python so GIL Lab can run it too: the same lines mean the same numbers.
"""
import random

DRAWS = 10000
LETTERS = "abcdefghij"


def shown(value):
    if isinstance(value, list) and all(isinstance(item, str) and len(item) == 1
                                       for item in value):
        return repr("".join(value))
    return repr(value)


def shuffled(generator):
    items = list("abcdef")
    generator.shuffle(items)
    return items


CALLS = [
    # (seed, label, call on a random.Random)
    (0, "random()", lambda g: g.random()),
    (42, "gauss(0, 1)", lambda g: g.gauss(0, 1)),
    (1, "normalvariate(10, 2)", lambda g: g.normalvariate(10, 2)),
    (-5, "expovariate(1.5)", lambda g: g.expovariate(1.5)),
    (2**40 + 7, "paretovariate(2.5)", lambda g: g.paretovariate(2.5)),
    (0, "randrange(10)", lambda g: g.randrange(10)),
    (1, "randint(1, 6)", lambda g: g.randint(1, 6)),
    (42, "randrange(0, 100, 7)", lambda g: g.randrange(0, 100, 7)),
    (2**40 + 7, "randrange(-50, 50)", lambda g: g.randrange(-50, 50)),
    (-5, "randrange(100, 0, -3)", lambda g: g.randrange(100, 0, -3)),
    (0, "getrandbits(1)", lambda g: g.getrandbits(1)),
    (1, "getrandbits(12)", lambda g: g.getrandbits(12)),
    (42, "getrandbits(33)", lambda g: g.getrandbits(33)),
    (-5, "choice(LETTERS)", lambda g: g.choice(LETTERS)),
    (0, "choices(LETTERS, k=3)", lambda g: g.choices(LETTERS, k=3)),
    (1, "choices(LETTERS, [1..10], k=2)",
     lambda g: g.choices(LETTERS, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], k=2)),
    (42, "choices(LETTERS, cum_weights=[0.5, 1.5, ...])",
     lambda g: g.choices(LETTERS, cum_weights=[0.5 + i for i in range(10)])),
    (2**40 + 7, "sample(LETTERS, 3)", lambda g: g.sample(LETTERS, 3)),
    (-5, "sample('abc', 2, counts=[3, 1, 5])", lambda g: g.sample("abc", 2, counts=[3, 1, 5])),
    (0, "sample(range(1000), 1)", lambda g: g.sample(range(1000), 1)),
    (1, "shuffle(list('abcdef'))", shuffled),
    ("hello", "randrange(1000)", lambda g: g.randrange(1000)),
    (b"GIL Lab", "randrange(1000)", lambda g: g.randrange(1000)),
    (1.5, "randrange(1000)", lambda g: g.randrange(1000)),
    (2**100 + 1, "randrange(1000)", lambda g: g.randrange(1000)),
]


def main():
    for seed, label, call in CALLS:
        generator = random.Random(seed)
        draws = [shown(call(generator)) for _ in range(DRAWS)]
        print("seed " + repr(seed) + ", " + label + ": " + ",".join(draws))
    # The module's functions share one hidden generator.
    random.seed(7)
    draws = []
    for _ in range(DRAWS // 2):
        draws.append(repr(random.randint(1, 100)))
        draws.append(repr(random.random()))
    print("module seed(7), randint(1, 100) and random(): " + ",".join(draws))


main()
