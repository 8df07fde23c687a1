"""Compares GIL Lab's random module (a random.py written in Python) with the real `random`
module of the interpreter running this script, draw by draw.

    python3.X random_draws.py PATH/TO/random.py [--quick]

The module under test is loaded under the name `gil_random`, with a stub `_sim` module whose
entropy() returns a fixed 19968-bit int (so seeding with None can be checked against seeding
CPython with that int). For every seed in SEEDS and every call shape in the table below it
draws 10,000 values (fewer for shuffles and samples of long lists) from both and compares
them; then it compares states, other seed types, the module-level functions and, for a list
of bad calls, the errors and warnings. It prints "N of M draw sequences equal" (and the
same for the other groups) and the first difference of each group; the exit status is 0
only when everything is equal.
"""
import importlib.util
import random
import sys
import types
import warnings

SEEDS = [0, 1, 42, 2**40 + 7, -5]
DRAWS = 10_000
VERSION = sys.version_info[:2]

# A fixed "entropy" int with its top word non-zero: 624 words, as CPython reads them.
ENTROPY = (0xDEADBEEF << (623 * 32)) | (2**(623 * 32) // 7 + 12345)


def load(path):
    stub = types.ModuleType("_sim")
    stub.entropy = lambda: ENTROPY
    sys.modules["_sim"] = stub
    spec = importlib.util.spec_from_file_location("gil_random", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def repeat(n, call):
    """A draw function: calls `call(generator)` n times, collecting the results."""
    def draws(generator):
        return [call(generator) for _ in range(n)]
    return draws


def mutated(n, make, change):
    """A draw function for in-place methods: `change(generator, value)` n times on one
    value made by `make()`, collecting a copy of the value after each call."""
    def draws(generator):
        value = make()
        results = []
        for _ in range(n):
            change(generator, value)
            results.append(list(value))
        return results
    return draws


def sequence_table():
    """(label, draw function) for every call shape compared."""
    table = [("random()", repeat(DRAWS, lambda g: g.random()))]
    for k in range(0, 71):
        table.append(("getrandbits(%d)" % k, repeat(DRAWS, lambda g, k=k: g.getrandbits(k))))
    for k in (100, 128, 1000):
        table.append(("getrandbits(%d)" % k, repeat(1000, lambda g, k=k: g.getrandbits(k))))
    for args in [(10,), (1,), (2,), (1, 7), (0, 100, 7), (100, 0, -3), (-50, 50), (2**70,),
                 (1, 2**40, 3), (-10, 10, 4), (5, 6), (0, 2**32), (0, 2**32 + 1),
                 (True,), (7, 8, 1)]:
        table.append(("randrange%r" % (args,),
                      repeat(DRAWS, lambda g, args=args: g.randrange(*args))))
    if VERSION < (3, 12):
        table.append(("randrange(10.0, 20.0)", repeat(DRAWS, lambda g: quiet(g.randrange, 10.0, 20.0))))
    for args in [(1, 6), (-1000, 1000), (0, 2**64), (0, 0), (3, 5)]:
        table.append(("randint%r" % (args,),
                      repeat(DRAWS, lambda g, args=args: g.randint(*args))))
    letters = list("abcdefghij")
    table += [
        ("choice(letters)", repeat(DRAWS, lambda g: g.choice(letters))),
        ("choice(range(1000))", repeat(DRAWS, lambda g: g.choice(range(1000)))),
        ("choice('xyz')", repeat(DRAWS, lambda g: g.choice("xyz"))),
        ("choice((1,))", repeat(DRAWS, lambda g: g.choice((1,)))),
        ("choices(letters)", repeat(DRAWS, lambda g: g.choices(letters))),
        ("choices(letters, k=7)", repeat(DRAWS, lambda g: g.choices(letters, k=7))),
        ("choices(range(3), k=0)", repeat(100, lambda g: g.choices(range(3), k=0))),
        ("choices(letters, int weights)",
         repeat(DRAWS, lambda g: g.choices(letters, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))),
        ("choices(letters, float weights, k=3)",
         repeat(DRAWS, lambda g: g.choices(letters, [0.5, 0.1, 0, 3.25, 1e-3, 2, 2, 2, 0.7, 9],
                                           k=3))),
        ("choices(letters, cum_weights)",
         repeat(DRAWS, lambda g: g.choices(letters, cum_weights=list(range(1, 11)), k=2))),
        ("choices('ab', weights=[1, 0])", repeat(DRAWS, lambda g: g.choices("ab", [1, 0]))),
        ("shuffle(list of 10)", mutated(DRAWS, lambda: list(range(10)),
                                        lambda g, x: g.shuffle(x))),
        ("shuffle(list of 1000)", mutated(200, lambda: list(range(1000)),
                                          lambda g, x: g.shuffle(x))),
        ("shuffle(empty)", mutated(10, lambda: [], lambda g, x: g.shuffle(x))),
        ("sample(range(100), 10)", repeat(DRAWS, lambda g: g.sample(range(100), 10))),
        ("sample(letters, 10)", repeat(DRAWS, lambda g: g.sample(letters, 10))),
        ("sample(range(30), 5)", repeat(DRAWS, lambda g: g.sample(range(30), 5))),
        ("sample(range(10**6), 50)", repeat(1000, lambda g: g.sample(range(10**6), 50))),
        ("sample(range(2000), 1000)", repeat(100, lambda g: g.sample(range(2000), 1000))),
        ("sample(range(10**9), 3)", repeat(DRAWS, lambda g: g.sample(range(10**9), 3))),
        ("sample('abc', 2, counts=[3, 1, 5])",
         repeat(DRAWS, lambda g: g.sample("abc", 2, counts=[3, 1, 5]))),
        ("sample(range(5), 0)", repeat(100, lambda g: g.sample(range(5), 0))),
        ("uniform(-3, 7.5)", repeat(DRAWS, lambda g: g.uniform(-3, 7.5))),
        ("uniform(2, 2)", repeat(DRAWS, lambda g: g.uniform(2, 2))),
        ("triangular()", repeat(DRAWS, lambda g: g.triangular())),
        ("triangular(0, 10, 2)", repeat(DRAWS, lambda g: g.triangular(0, 10, 2))),
        ("triangular(10, 0, 9)", repeat(DRAWS, lambda g: g.triangular(10, 0, 9))),
        ("triangular(5, 5)", repeat(DRAWS, lambda g: g.triangular(5, 5))),
        ("gauss(0, 1)", repeat(DRAWS, lambda g: g.gauss(0, 1))),
        ("gauss(100, 15)", repeat(DRAWS, lambda g: g.gauss(100, 15))),
        ("normalvariate(0, 1)", repeat(DRAWS, lambda g: g.normalvariate(0, 1))),
        ("normalvariate(-2.5, 0.1)", repeat(DRAWS, lambda g: g.normalvariate(-2.5, 0.1))),
        ("lognormvariate(0, 0.5)", repeat(DRAWS, lambda g: g.lognormvariate(0, 0.5))),
        ("expovariate(1.5)", repeat(DRAWS, lambda g: g.expovariate(1.5))),
        ("expovariate(-0.2)", repeat(DRAWS, lambda g: g.expovariate(-0.2))),
        ("gammavariate(0.5, 1)", repeat(DRAWS, lambda g: g.gammavariate(0.5, 1))),
        ("gammavariate(1.0, 2)", repeat(DRAWS, lambda g: g.gammavariate(1.0, 2))),
        ("gammavariate(3.0, 0.5)", repeat(DRAWS, lambda g: g.gammavariate(3.0, 0.5))),
        ("betavariate(2, 5)", repeat(DRAWS, lambda g: g.betavariate(2, 5))),
        ("betavariate(0.3, 0.3)", repeat(DRAWS, lambda g: g.betavariate(0.3, 0.3))),
        ("paretovariate(2.5)", repeat(DRAWS, lambda g: g.paretovariate(2.5))),
        ("weibullvariate(1, 1.5)", repeat(DRAWS, lambda g: g.weibullvariate(1, 1.5))),
        ("vonmisesvariate(1, 4)", repeat(DRAWS, lambda g: g.vonmisesvariate(1, 4))),
        ("vonmisesvariate(0, 0)", repeat(DRAWS, lambda g: g.vonmisesvariate(0, 0))),
        ("randbytes(5)", repeat(DRAWS, lambda g: g.randbytes(5))),
        ("mixed", repeat(DRAWS, mixed_call)),
    ]
    if VERSION >= (3, 11):
        table += [
            ("gauss()", repeat(DRAWS, lambda g: g.gauss())),
            ("normalvariate()", repeat(DRAWS, lambda g: g.normalvariate())),
        ]
    if VERSION >= (3, 12):
        table += [
            ("expovariate()", repeat(DRAWS, lambda g: g.expovariate())),
            ("binomialvariate()", repeat(DRAWS, lambda g: g.binomialvariate())),
            ("binomialvariate(1, 0.3)", repeat(DRAWS, lambda g: g.binomialvariate(1, 0.3))),
            ("binomialvariate(20, 0.3)", repeat(DRAWS, lambda g: g.binomialvariate(20, 0.3))),
            ("binomialvariate(100, 0.75)",
             repeat(DRAWS, lambda g: g.binomialvariate(100, 0.75))),
            ("binomialvariate(1000, 0.4)",
             repeat(DRAWS, lambda g: g.binomialvariate(1000, 0.4))),
        ]
    if VERSION < (3, 11):
        table.append(("shuffle(x, random=f)",
                      mutated(1000, lambda: list(range(20)),
                              lambda g, x: quiet(g.shuffle, x, lambda: 0.3))))
        table.append(("sample(set(range(50)), 5)",
                      repeat(1000, lambda g: quiet(g.sample, set(range(50)), 5))))
    return table


def quiet(function, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args)


def mixed_call(g):
    """Calls that share state (gauss's spare deviate) in a varying order."""
    which = g.getrandbits(3)
    if which == 0:
        return g.gauss(0, 1)
    if which == 1:
        return g.random()
    if which == 2:
        return g.normalvariate(1, 2)
    if which == 3:
        return g.randrange(1000)
    if which == 4:
        state = g.getstate()
        value = g.gauss(5, 1)
        g.setstate(state)
        return (value, g.gauss(5, 1))
    if which == 5:
        return g.choices("abc", [1, 2, 3], k=2)
    if which == 6:
        return g.getrandbits(33)
    return g.sample(range(40), 3)


def first_difference(expected, actual):
    for index, (a, b) in enumerate(zip(expected, actual)):
        if not same(a, b):
            return "draw %d: CPython %r, model %r" % (index, a, b)
    return "lengths: CPython %d, model %d" % (len(expected), len(actual))


def same(a, b):
    """Equal, and equal floats have the same bits (so -0.0 differs from 0.0)."""
    if isinstance(a, float) and isinstance(b, float):
        return repr(a) == repr(b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    return type(a) is type(b) and a == b


class Group:
    def __init__(self, name):
        self.name = name
        self.equal = 0
        self.total = 0
        self.first = None

    def check(self, label, expected, actual):
        self.total += 1
        if same(expected, actual):
            self.equal += 1
        elif self.first is None:
            if isinstance(expected, list) and isinstance(actual, list):
                detail = first_difference(expected, actual)
            else:
                detail = "CPython %r, model %r" % (expected, actual)
            self.first = "%s: %s" % (label, detail)

    def report(self):
        print("%d of %d %s equal" % (self.equal, self.total, self.name))
        if self.first is not None:
            print("  first difference: " + self.first)
        return self.equal == self.total


def outcome(call):
    """What a call does: ('ok', result) or (exception type name, message), with the
    warnings it gives (category, message, whether it is attributed to this file)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = ("ok", call())
        except Exception as error:
            context = error.__context__
            result = (type(error).__name__, str(error),
                      None if context is None else type(context).__name__,
                      error.__suppress_context__)
    shown = [(w.category.__name__, str(w.message), w.filename == __file__) for w in caught]
    return result, shown


def error_cases(module):
    """(label, function of the module) for calls that raise or warn."""
    def on(g):
        return lambda f: (lambda: f(g))
    cases = [
        ("random(1)", lambda m: m.Random(1).random(1)),
        ("random(x=1)", lambda m: m.Random(1).random(x=1)),
        ("getrandbits()", lambda m: m.Random(1).getrandbits()),
        ("getrandbits(1, 2)", lambda m: m.Random(1).getrandbits(1, 2)),
        ("getrandbits(k=3)", lambda m: m.Random(1).getrandbits(k=3)),
        ("getrandbits(-1)", lambda m: m.Random(1).getrandbits(-1)),
        ("getrandbits(1.5)", lambda m: m.Random(1).getrandbits(1.5)),
        ("getrandbits('a')", lambda m: m.Random(1).getrandbits("a")),
        ("getrandbits(2**31)", lambda m: m.Random(1).getrandbits(2**31)),
        ("getrandbits(True)", lambda m: m.Random(1).getrandbits(True)),
        ("seed([1])", lambda m: m.Random(1).seed([1])),
        ("seed((1, 2))", lambda m: m.Random(1).seed((1, 2))),
        ("seed(bytearray, version=1)", lambda m: m.Random(1).seed(bytearray(b"ab"), version=1)),
        ("setstate(short)", lambda m: m.Random(1).setstate((3, (1,) * 3, None))),
        ("setstate(index 625)", lambda m: m.Random(1).setstate((3, (1,) * 624 + (625,), None))),
        ("setstate(index -1)", lambda m: m.Random(1).setstate((3, (1,) * 624 + (-1,), None))),
        ("setstate(word -1)", lambda m: m.Random(1).setstate((3, (-1,) * 624 + (624,), None))),
        ("setstate(word 2**64)", lambda m: m.Random(1).setstate((3, (2**64,) * 624 + (624,), None))),
        ("setstate(word 1.0)", lambda m: m.Random(1).setstate((3, (1.0,) * 625, None))),
        ("setstate(index 'a')", lambda m: m.Random(1).setstate((3, (1,) * 624 + ("a",), None))),
        ("setstate(index 2**70)", lambda m: m.Random(1).setstate((3, (1,) * 624 + (2**70,), None))),
        ("setstate(list)", lambda m: m.Random(1).setstate((3, [1] * 625, None))),
        ("setstate(version 4)", lambda m: m.Random(1).setstate((4, (1,) * 625, None))),
        ("setstate(version 2)", lambda m: state_after(m, (2, (-1,) * 624 + (624,), None))),
        ("setstate(2**32 words)", lambda m: state_after(m, (3, (2**32 + 5,) * 624 + (3,), 0.5))),
        ("randrange(0)", lambda m: m.Random(1).randrange(0)),
        ("randrange(-3)", lambda m: m.Random(1).randrange(-3)),
        ("randrange(5, 5)", lambda m: m.Random(1).randrange(5, 5)),
        ("randrange(5, 2)", lambda m: m.Random(1).randrange(5, 2)),
        ("randrange(0, 10, 0)", lambda m: m.Random(1).randrange(0, 10, 0)),
        ("randrange(0, 10, -1)", lambda m: m.Random(1).randrange(0, 10, -1)),
        ("randrange(1.5)", lambda m: m.Random(1).randrange(1.5)),
        ("randrange(5.0)", lambda m: m.Random(1).randrange(5.0)),
        ("randrange(1, 5.5)", lambda m: m.Random(1).randrange(1, 5.5)),
        ("randrange(1, 5.0)", lambda m: m.Random(1).randrange(1, 5.0)),
        ("randrange(1, 9, 2.5)", lambda m: m.Random(1).randrange(1, 9, 2.5)),
        ("randrange(1, 9, 2.0)", lambda m: m.Random(1).randrange(1, 9, 2.0)),
        ("randrange(1, 9, 1.0)", lambda m: m.Random(1).randrange(1, 9, 1.0)),
        ("randrange('5')", lambda m: m.Random(1).randrange("5")),
        ("randrange('x')", lambda m: m.Random(1).randrange("x")),
        ("randrange(None)", lambda m: m.Random(1).randrange(None)),
        ("randrange(5, None, 2)", lambda m: m.Random(1).randrange(5, None, 2)),
        ("randrange(5, None, 1)", lambda m: m.Random(1).randrange(5, None, 1)),
        ("randrange(5, None, 1.0)", lambda m: m.Random(1).randrange(5, None, 1.0)),
        ("randrange(True, 3)", lambda m: m.Random(1).randrange(True, 3)),
        ("randrange(10, 2, True)", lambda m: m.Random(1).randrange(10, 2, True)),
        ("randint(1.0, 3)", lambda m: m.Random(1).randint(1.0, 3)),
        ("randint(3, 1)", lambda m: m.Random(1).randint(3, 1)),
        ("randint(1.5, 3)", lambda m: m.Random(1).randint(1.5, 3)),
        ("choice([])", lambda m: m.Random(1).choice([])),
        ("choice('')", lambda m: m.Random(1).choice("")),
        ("choice({})", lambda m: m.Random(1).choice({})),
        ("choice({1: 'a', 0: 'b'})", lambda m: m.Random(1).choice({1: "a", 0: "b"})),
        ("choices([], k=2)", lambda m: m.Random(1).choices([], k=2)),
        ("choices('ab', 3)", lambda m: m.Random(1).choices("ab", 3)),
        ("choices('ab', True)", lambda m: m.Random(1).choices("ab", True)),
        ("choices('ab', ['x', 'y'])", lambda m: m.Random(1).choices("ab", ["x", "y"])),
        ("choices('ab', [1], [1])", lambda m: m.Random(1).choices("ab", [1], cum_weights=[1])),
        ("choices('ab', [1])", lambda m: m.Random(1).choices("ab", [1])),
        ("choices('ab', [0, 0])", lambda m: m.Random(1).choices("ab", [0, 0])),
        ("choices('ab', [1, inf])", lambda m: m.Random(1).choices("ab", [1, float("inf")])),
        ("choices('ab', [1, nan])", lambda m: m.Random(1).choices("ab", [1, float("nan")])),
        ("choices('ab', k=2.5)", lambda m: m.Random(1).choices("ab", k=2.5)),
        ("choices('ab', [1, 1], k='a')", lambda m: m.Random(1).choices("ab", [1, 1], k="a")),
        ("choices('ab', k=-1)", lambda m: m.Random(1).choices("ab", k=-1)),
        ("choices(5)", lambda m: m.Random(1).choices(5)),
        ("shuffle(x, f)", lambda m: m.Random(1).shuffle([1, 2, 3], lambda: 0.5)),
        ("shuffle(x, random=f)", lambda m: m.Random(1).shuffle([1, 2, 3], random=lambda: 0.5)),
        ("shuffle((1, 2))", lambda m: m.Random(1).shuffle((1, 2))),
        ("sample({1, 2, 3}, 2)", lambda m: m.Random(1).sample({1, 2, 3}, 2)),
        ("sample(frozenset, 2)", lambda m: m.Random(1).sample(frozenset([5, 6, 7]), 2)),
        ("sample(dict.keys(), 1)", lambda m: m.Random(1).sample({1: 2, 3: 4}.keys(), 1)),
        ("sample(dict, 1)", lambda m: m.Random(1).sample({1: 2}, 1)),
        ("sample(range(3), 4)", lambda m: m.Random(1).sample(range(3), 4)),
        ("sample(range(3), -1)", lambda m: m.Random(1).sample(range(3), -1)),
        ("sample(range(3))", lambda m: m.Random(1).sample(range(3))),
        ("sample('ab', 1, counts=[1])", lambda m: m.Random(1).sample("ab", 1, counts=[1])),
        ("sample('ab', 1, counts=[1.0, 2.0])",
         lambda m: m.Random(1).sample("ab", 1, counts=[1.0, 2.0])),
        ("sample('ab', 1, counts=[0, 0])", lambda m: m.Random(1).sample("ab", 1, counts=[0, 0])),
        ("sample('ab', 4, counts=[1, 2])", lambda m: m.Random(1).sample("ab", 4, counts=[1, 2])),
        ("gauss()", lambda m: m.Random(1).gauss()),
        ("gauss(1)", lambda m: m.Random(1).gauss(1)),
        ("normalvariate()", lambda m: m.Random(1).normalvariate()),
        ("expovariate()", lambda m: m.Random(1).expovariate()),
        ("expovariate(0)", lambda m: m.Random(1).expovariate(0)),
        ("gammavariate(0, 1)", lambda m: m.Random(1).gammavariate(0, 1)),
        ("triangular(1, 1, 1)", lambda m: m.Random(1).triangular(1, 1, 1)),
        ("uniform('a', 'b')", lambda m: m.Random(1).uniform("a", "b")),
        ("randbytes(-1)", lambda m: m.Random(1).randbytes(-1)),
        ("randbytes(0)", lambda m: m.Random(1).randbytes(0)),
        ("randbytes(2.0)", lambda m: m.Random(1).randbytes(2.0)),
        ("Random(1).seed(1, 2, 3)", lambda m: m.Random(1).seed(1, 2, 3)),
        ("SystemRandom().getstate()", lambda m: m.SystemRandom().getstate()),
        ("SystemRandom().seed(5)", lambda m: m.SystemRandom().seed(5)),
        ("len(SystemRandom().randbytes(9))", lambda m: len(m.SystemRandom().randbytes(9))),
        ("0 <= SystemRandom().random() < 1", lambda m: 0 <= m.SystemRandom().random() < 1),
        ("SystemRandom().getrandbits(7) < 128", lambda m: m.SystemRandom().getrandbits(7) < 128),
        ("module randrange(0)", lambda m: m.randrange(0)),
        ("module seed(object())", lambda m: m.seed(object)),
        ("__all__", lambda m: sorted(m.__all__)),
        ("public names", lambda m: sorted(n for n in dir(m) if not n.startswith("_")
                                          and n not in ("main",))),
        ("VERSION", lambda m: m.Random.VERSION),
        ("constants", lambda m: (m.TWOPI, m.NV_MAGICCONST, m.LOG4, m.SG_MAGICCONST, m.BPF,
                                 m.RECIP_BPF)),
        ("subclass with random() only", lambda m: subclass_draws(m)),
    ]
    if VERSION >= (3, 12):
        cases += [
            ("binomialvariate(-1)", lambda m: m.Random(1).binomialvariate(-1)),
            ("binomialvariate(5, 1.5)", lambda m: m.Random(1).binomialvariate(5, 1.5)),
            ("binomialvariate(5, 0.0)", lambda m: m.Random(1).binomialvariate(5, 0.0)),
            ("binomialvariate(5, 1.0)", lambda m: m.Random(1).binomialvariate(5, 1.0)),
        ]
    return cases


def state_after(module, state):
    g = module.Random(1)
    g.setstate(state)
    return g.getstate(), g.random()


def subclass_draws(module):
    """A subclass that brings its own random() picks ints with it, as CPython's does."""
    class Own(module.Random):
        def random(self):
            self.calls = getattr(self, "calls", 0) + 1
            return (self.calls * 0.6180339887498949) % 1.0
    g = Own(3)
    return [g.randrange(1000) for _ in range(20)] + [g.choice("abcdef"), g.calls]


def seed_cases():
    """Seeds of other types: (label, seed argument tuple, keyword arguments)."""
    cases = [
        ("'hello'", ("hello",), {}),
        ("''", ("",), {}),
        ("b''", (b"",), {}),
        ("'ünïcode ☃ 𝄞'", ("ünïcode ☃ 𝄞",), {}),
        ("b'abc'", (b"abc",), {}),
        ("bytearray(b'abc')", (bytearray(b"abc"),), {}),
        ("long str", ("x" * 300,), {}),
        ("str of 111 bytes", ("y" * 111,), {}),
        ("str of 112 bytes", ("y" * 112,), {}),
        ("str of 128 bytes", ("y" * 128,), {}),
        ("'hello', version=1", ("hello",), {"version": 1}),
        ("b'hello', version=1", (b"hello",), {"version": 1}),
        ("'', version=1", ("",), {"version": 1}),
        ("1.5", (1.5,), {}),
        ("-2.25", (-2.25,), {}),
        ("0.1", (0.1,), {}),
        ("1e300", (1e300,), {}),
        ("5e-324", (5e-324,), {}),
        ("-0.0", (-0.0,), {}),
        ("inf", (float("inf"),), {}),
        ("-inf", (float("-inf"),), {}),
        ("2.0", (2.0,), {}),
        ("True", (True,), {}),
        ("2**64 - 1", (2**64 - 1,), {}),
        ("2**64", (2**64,), {}),
        ("-2**100", (-2**100,), {}),
        ("3**500", (3**500,), {}),
        ("7, version=1", (7,), {"version": 1}),
        ("8, version=3", (8,), {"version": 3}),
        ("None (stub entropy)", (None,), {}),
        ("no argument (stub entropy)", (), {}),
    ]
    if VERSION < (3, 10):
        cases.append(("nan", (float("nan"),), {}))
    if VERSION < (3, 11):
        cases += [
            ("(1, 2)", ((1, 2),), {}),
            ("(1.5, (2, -3), ())", ((1.5, (2, -3), ()),), {}),
            ("()", ((),), {}),
        ]
    return cases


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    global DRAWS
    if "--quick" in sys.argv:
        DRAWS = 500
    module = load(sys.argv[1])
    ok = True

    draws = Group("draw sequences")
    for seed in SEEDS:
        for label, function in sequence_table():
            expected = function(random.Random(seed))
            actual = function(module.Random(seed))
            draws.check("seed %r, %s" % (seed, label), expected, actual)
    ok = draws.report() and ok

    states = Group("states")
    for seed in SEEDS:
        real, model = random.Random(seed), module.Random(seed)
        states.check("seed %r, fresh" % seed, real.getstate(), model.getstate())
        for _ in range(1000):
            real.gauss(0, 1)
            model.gauss(0, 1)
        real.random()
        model.random()
        states.check("seed %r, after draws" % seed, real.getstate(), model.getstate())
        model.setstate(real.getstate())
        states.check("seed %r, setstate" % seed, [real.random() for _ in range(2000)],
                     [model.random() for _ in range(2000)])
        model.seed(seed)
        real.seed(seed)
        states.check("seed %r, reseeded" % seed, real.getstate(), model.getstate())
    ok = states.report() and ok

    seeds = Group("seedings")
    for label, args, kwargs in seed_cases():
        real, model = random.Random(), module.Random()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if args == (None,) or args == ():
                real.seed(ENTROPY)
            else:
                real.seed(*args, **kwargs)
            model.seed(*args, **kwargs)
        seeds.check("seed(%s) state" % label, real.getstate(), model.getstate())
        seeds.check("seed(%s) draws" % label, [real.random() for _ in range(200)],
                    [model.random() for _ in range(200)])
    real, model = random.Random(ENTROPY), module.Random()
    seeds.check("Random() state", real.getstate(), model.getstate())
    ok = seeds.report() and ok

    functions = Group("module-level sequences")
    names = ["random", "uniform", "triangular", "randint", "choice", "randrange", "sample",
             "shuffle", "choices", "normalvariate", "lognormvariate", "expovariate",
             "vonmisesvariate", "gammavariate", "gauss", "betavariate", "paretovariate",
             "weibullvariate", "getstate", "setstate", "getrandbits", "randbytes", "seed"]
    if VERSION >= (3, 12):
        names.append("binomialvariate")
    for name in names:
        functions.check("random.%s is bound to the hidden instance" % name,
                        getattr(random, name).__self__ is random._inst,
                        getattr(module, name).__self__ is module._inst)
    for seed in SEEDS:
        random.seed(seed)
        module.seed(seed)
        calls = [
            lambda m: m.random(), lambda m: m.randint(1, 6), lambda m: m.choice("abcdef"),
            lambda m: m.gauss(0, 1), lambda m: m.sample(range(50), 4),
            lambda m: m.uniform(1, 2), lambda m: m.getrandbits(40),
            lambda m: m.choices("ab", [2, 3]), lambda m: m.expovariate(2),
        ]
        expected = [call(random) for _ in range(300) for call in calls]
        actual = [call(module) for _ in range(300) for call in calls]
        functions.check("seed %r, module functions" % seed, expected, actual)
        x, y = list(range(30)), list(range(30))
        random.shuffle(x)
        module.shuffle(y)
        functions.check("seed %r, module shuffle" % seed, x, y)
        functions.check("seed %r, module getstate" % seed, random.getstate(), module.getstate())
    ok = functions.report() and ok

    errors = Group("error and warning cases")
    for label, case in error_cases(module):
        errors.check(label, outcome(lambda: case(random)), outcome(lambda: case(module)))
    ok = errors.report() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
