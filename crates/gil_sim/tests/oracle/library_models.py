"""Compares GIL Lab's Python models of CPython modules (src/vm/library/pending/*.py) with
the real modules of the interpreter that runs this file.

Each model is imported by path under a private name (_gil_model_NAME), so it never stands in
for the real module elsewhere; while a model's case runs, the other models stand in for
their real modules, so that a model importing a sibling (contextlib imports functools) gets
the model.  Every case runs once against the real module and once against the model; what
it returns (or the exception it raises: type and message) is compared as text, with object
addresses and the private module names masked.

    python library_models.py           # this interpreter
    python library_models.py --all     # every pyenv interpreter from 3.9 to 3.13
    python library_models.py -v        # also list every differing case

Prints "N of M cases equal" per module and the first differences; exits 1 if any differ.
"""
import importlib.util
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PENDING = os.path.normpath(os.path.join(HERE, '..', '..', 'src', 'vm', 'library', 'pending'))
MODULES = ['heapq', 'bisect', 'itertools', 'functools', 'collections', 'contextlib',
           'statistics', 'dataclasses']
VERSION = sys.version_info[:2]

################################################################################
### Loading the models
################################################################################

MODELS = {}
REAL = {}


class models_installed:
    """While active, sys.modules maps each model's public name to the model."""

    def __enter__(self):
        self.saved = {}
        for name, module in MODELS.items():
            self.saved[name] = sys.modules.get(name)
            sys.modules[name] = module

    def __exit__(self, *exc):
        for name, module in self.saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def load_models():
    for name in MODULES:
        REAL[name] = importlib.import_module(name)
    for name in MODULES:
        path = os.path.join(PENDING, name + '.py')
        spec = importlib.util.spec_from_file_location('_gil_model_' + name, path)
        module = importlib.util.module_from_spec(spec)
        with models_installed():
            spec.loader.exec_module(module)
        MODELS[name] = module


################################################################################
### Running cases
################################################################################

CASES = {name: [] for name in MODULES}


def case(module, name=None):
    def register(fn):
        CASES[module].append((name or fn.__name__, fn))
        return fn
    return register


def cases(module, name, items):
    """Registers one case per item: fn(m, item)."""
    def register(fn):
        for i, item in enumerate(items):
            CASES[module].append(('%s[%d]' % (name or fn.__name__, i),
                                  (lambda fn, item: lambda m: fn(m, item))(fn, item)))
        return fn
    return register


_ADDRESS = re.compile(r' at 0x[0-9a-fA-F]+')


def clean(text):
    text = _ADDRESS.sub(' at 0x…', text)
    return text.replace('_gil_model_', '')


def show(value):
    """The text a result is compared by: its type's name and its repr."""
    try:
        text = repr(value)
    except Exception as e:
        text = '<repr raised %s: %s>' % (type(e).__name__, e)
    return clean('%s %s' % (type(value).__name__, text))


def attempt(fn, *args, **kwargs):
    """What a call gives: its shown result or its exception; for use inside a case."""
    try:
        return show(fn(*args, **kwargs))
    except BaseException as e:
        return clean('raised %s: %s' % (type(e).__name__, e))


class Steps(list):
    """The outcomes of the steps of one case, compared and reported one by one."""


def outcome(fn, module):
    try:
        result = fn(module)
    except BaseException as e:
        return clean('raised %s: %s' % (type(e).__name__, e))
    if isinstance(result, Steps):
        return tuple(result)
    return show(result)


def describe(case_name, real, model):
    if isinstance(real, tuple) and isinstance(model, tuple) and len(real) == len(model):
        lines = []
        for i in range(len(real)):
            if real[i] != model[i]:
                lines.append('  %s step %d\n    cpython: %s\n    model:   %s'
                             % (case_name, i, real[i][:400], model[i][:400]))
        return '\n'.join(lines)
    return '  %s\n    cpython: %s\n    model:   %s' % (case_name, str(real)[:700],
                                                      str(model)[:700])


def run(verbose):
    total_equal = total = 0
    failed = False
    for name in MODULES:
        equal = 0
        differences = []
        for case_name, fn in CASES[name]:
            real = outcome(fn, REAL[name])
            with models_installed():
                model = outcome(fn, MODELS[name])
            if real == model:
                equal += 1
            else:
                differences.append((case_name, real, model))
        count = len(CASES[name])
        total_equal += equal
        total += count
        print('%s %d.%d: %d of %d cases equal' % (name, VERSION[0], VERSION[1], equal, count))
        shown = differences if verbose else differences[:5]
        for case_name, real, model in shown:
            failed = True
            print(describe(case_name, real, model))
        if differences and not verbose and len(differences) > 5:
            print('  ... and %d more' % (len(differences) - 5))
        failed = failed or bool(differences)
    print('all %d.%d: %d of %d cases equal' % (VERSION[0], VERSION[1], total_equal, total))
    return failed


################################################################################
### Helpers for cases
################################################################################

class Logged:
    """A value that logs each comparison it takes part in, so that cases can compare the
    order of comparisons, not only results."""
    log = []

    def __init__(self, key, tag):
        self.key = key
        self.tag = tag

    def __lt__(self, other):
        Logged.log.append(('<', self.tag, other.tag))
        return self.key < other.key

    def __le__(self, other):
        Logged.log.append(('<=', self.tag, other.tag))
        return self.key <= other.key

    def __gt__(self, other):
        Logged.log.append(('>', self.tag, other.tag))
        return self.key > other.key

    def __ge__(self, other):
        Logged.log.append(('>=', self.tag, other.tag))
        return self.key >= other.key

    def __eq__(self, other):
        Logged.log.append(('==', self.tag, getattr(other, 'tag', other)))
        return isinstance(other, Logged) and self.key == other.key

    __hash__ = object.__hash__

    def __repr__(self):
        return '%s%s' % (self.key, self.tag)


def logged_values(rng, n, keys=5):
    return [Logged(rng.randrange(keys), chr(97 + i % 26) + str(i // 26)) for i in range(n)]


def take_log():
    log = list(Logged.log)
    del Logged.log[:]
    return log


class Pulled:
    """An iterator over items that records each item handed out and the end."""

    def __init__(self, items, log, name='it'):
        self.items = list(items)
        self.log = log
        self.name = name
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.i >= len(self.items):
            self.log.append((self.name, 'end'))
            raise StopIteration
        item = self.items[self.i]
        self.i += 1
        self.log.append((self.name, item))
        return item


def steps(*fns):
    return Steps([attempt(fn) for fn in fns])


################################################################################
### heapq
################################################################################

HEAP_SEEDS = list(range(40))


@cases('heapq', 'heap_ops', HEAP_SEEDS)
def heap_ops(m, seed):
    rng = random.Random(seed)
    take_log()
    values = logged_values(rng, rng.randrange(0, 30), keys=rng.choice([2, 4, 10]))
    heap = list(values[:len(values) // 2])
    m.heapify(heap)
    out = [list(heap)]
    for v in values[len(values) // 2:]:
        op = rng.randrange(4)
        if op == 0:
            m.heappush(heap, v)
        elif op == 1 and heap:
            out.append(m.heappop(heap))
        elif op == 2 and heap:
            out.append(m.heapreplace(heap, v))
        else:
            out.append(m.heappushpop(heap, v))
    while heap:
        out.append(m.heappop(heap))
    return out, take_log()


@cases('heapq', 'nlargest_nsmallest', HEAP_SEEDS)
def heap_n(m, seed):
    rng = random.Random(seed)
    take_log()
    values = logged_values(rng, rng.randrange(0, 25), keys=rng.choice([2, 3, 10]))
    n = rng.randrange(-1, 8)
    key = rng.choice([None, lambda v: v.key % 3])
    source = values if rng.random() < 0.5 else iter(values)
    if rng.random() < 0.5:
        result = m.nlargest(n, source, key=key)
    else:
        result = m.nsmallest(n, source, key=key)
    return result, take_log()


@cases('heapq', 'merge', HEAP_SEEDS[:25])
def heap_merge(m, seed):
    rng = random.Random(seed)
    take_log()
    runs = []
    for r in range(rng.randrange(0, 5)):
        run_ = logged_values(rng, rng.randrange(0, 6), keys=4)
        for v in run_:
            v.tag = '%d%s' % (r, v.tag)
        runs.append(sorted(run_, key=lambda v: v.key, reverse=False))
    reverse = rng.random() < 0.3
    if reverse:
        runs = [list(reversed(r)) for r in runs]
    key = rng.choice([None, lambda v: v.key])
    result = list(m.merge(*runs, key=key, reverse=reverse))
    return result, take_log()


@case('heapq')
def heap_errors(m):
    return steps(lambda: m.heappush([]), lambda: m.heappush((), 1), lambda: m.heappop([]),
                 lambda: m.heappop(()), lambda: m.heapreplace([], 1),
                 lambda: m.heapify(()), lambda: m.heappushpop((), 1),
                 lambda: m.heappop(), lambda: m.heapify([3, 1, 2], 1),
                 lambda: m.heappush([1], 'a'), lambda: m.nlargest(2, 5),
                 lambda: m.nsmallest(1, []), lambda: m.nlargest(1, [], key=len),
                 lambda: list(m.merge([1, 3], [2], 5)),
                 lambda: list(m.merge('ace', 'bdf')),
                 lambda: list(m.merge([3, 1], [2, 0], reverse=True)))


@case('heapq')
def heap_plain(m):
    h = []
    for x in [5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]:
        m.heappush(h, x)
    snapshot = list(h)
    popped = [m.heappop(h) for i in range(len(h))]
    data = [(1, 'b'), (1, 'a'), (0, 'z'), (2, 'c')]
    m.heapify(data)
    return snapshot, popped, data, m.nlargest(3, [1, 5, 2, 5, 3]), m.nsmallest(2, 'hello')


################################################################################
### bisect
################################################################################

@cases('bisect', 'bisect_ops', list(range(30)))
def bisect_ops(m, seed):
    rng = random.Random(seed)
    take_log()
    values = sorted(logged_values(rng, rng.randrange(0, 20), keys=6), key=lambda v: v.key)
    probe = Logged(rng.randrange(7), 'x')
    lo = rng.choice([0, 0, 1, 3])
    hi = rng.choice([None, None, len(values), max(0, len(values) - 2)])
    name = rng.choice(['bisect_left', 'bisect_right', 'bisect', 'insort_left',
                       'insort_right', 'insort'])
    fn = getattr(m, name)
    if name.startswith('bisect'):
        result = fn(values, probe, lo, hi)
    else:
        fn(values, probe, lo, hi)
        result = values
    return name, result, take_log()


@cases('bisect', 'bisect_key', list(range(15)))
def bisect_key(m, seed):
    rng = random.Random(seed)
    records = sorted([(rng.randrange(5), i) for i in range(rng.randrange(0, 12))])
    probe = rng.randrange(6)
    return steps(lambda: m.bisect_left(records, probe, key=lambda r: r[0]),
                 lambda: m.bisect_right(records, probe, key=lambda r: r[0]),
                 lambda: m.bisect(records, probe, key=lambda r: r[0]),
                 lambda: m.insort(records, (probe, 99), key=lambda r: r[0]),
                 lambda: m.insort_left(records, (probe, 98), key=lambda r: r[0]),
                 lambda: list(records))


@case('bisect')
def bisect_errors(m):
    return steps(lambda: m.bisect_left([1, 2], 1, lo=-1),
                 lambda: m.bisect_right([1, 2], 1, hi=-1),
                 lambda: m.bisect_right([1, 2], 1, hi=-5),
                 lambda: m.bisect([1, 2], 1, 0, 10),
                 lambda: m.bisect_left(None, 1),
                 lambda: m.bisect([1, 2], 1, 'a'),
                 lambda: m.bisect([1, 2], 1, 1.0),
                 lambda: m.insort([1], 1, key=abs),
                 lambda: m.bisect([1], 1, foo=2),
                 lambda: m.bisect_left([1, 'a'], 2),
                 lambda: m.bisect([1, 2, 3], 2, hi=None),
                 lambda: m.insort_left([1, 3], 2, 0, 2))


################################################################################
### itertools
################################################################################

@case('itertools')
def it_count_repeat(m):
    c = m.count(3, 2)
    first = [next(c) for i in range(3)]
    r = m.repeat('x', 2)
    return steps(lambda: first, lambda: repr(c), lambda: m.count(), lambda: m.count(1.5),
                 lambda: m.count(0, 0.5), lambda: m.count(2, 1), lambda: m.count(2, 1.0),
                 lambda: m.count(2.0), lambda: m.count('a'), lambda: m.count(step=3),
                 lambda: m.count(start=1, step=True), lambda: m.count(1, 'a'),
                 lambda: m.repeat(1), lambda: r, lambda: list(r), lambda: r,
                 lambda: m.repeat(1, -2), lambda: list(m.repeat(1, -2)),
                 lambda: m.repeat('a', times=2), lambda: m.repeat(1, 2.5),
                 lambda: m.repeat(), lambda: list(zip(range(3), m.repeat(7))),
                 lambda: [next(m.count(10**20)) for i in range(1)],
                 lambda: list(zip(m.count(1j, 1), 'ab')))


@case('itertools')
def it_cycle(m):
    c = m.cycle('abc')
    empty = m.cycle([])
    return steps(lambda: [next(c) for i in range(8)], lambda: list(empty),
                 lambda: m.cycle(), lambda: m.cycle(1), lambda: m.cycle('a', 'b'),
                 lambda: m.cycle(iterable='a'))


@case('itertools')
def it_accumulate(m):
    import operator
    return steps(lambda: list(m.accumulate([1, 2, 3, 4])),
                 lambda: list(m.accumulate([1, 2, 3], initial=10)),
                 lambda: list(m.accumulate([])),
                 lambda: list(m.accumulate([], initial=1)),
                 lambda: list(m.accumulate('abc')),
                 lambda: list(m.accumulate([3, 1, 4, 1, 5], max)),
                 lambda: list(m.accumulate([1, 2, 3], operator.mul, initial=2)),
                 lambda: list(m.accumulate([1, 2, 3], func=operator.sub)),
                 lambda: list(m.accumulate([1, 'a'])),
                 lambda: m.accumulate(5),
                 lambda: list(m.accumulate([1, 2], initial=None)))


@case('itertools')
def it_chain(m):
    log = []
    ch = m.chain(Pulled('ab', log, 'p'), Pulled('', log, 'q'), Pulled('c', log, 'r'))
    first = next(ch)
    log.append('after first')
    rest = list(ch)
    return steps(lambda: (first, rest, log),
                 lambda: list(m.chain()), lambda: list(m.chain.from_iterable(['ab', 'c'])),
                 lambda: list(m.chain('a', 5)), lambda: m.chain(x=1),
                 lambda: list(m.chain.from_iterable([[1], 2])),
                 lambda: type(m.chain()).__name__,
                 lambda: type(m.chain.from_iterable([])).__name__,
                 lambda: m.chain.from_iterable(5))


@case('itertools')
def it_filters(m):
    log = []
    return steps(lambda: list(m.compress('abcdef', [1, 0, 1, 0, 1])),
                 lambda: list(m.compress(Pulled('abc', log, 'd'), Pulled([1, 0], log, 's'))),
                 lambda: log,
                 lambda: list(m.dropwhile(lambda x: x < 3, [1, 2, 3, 4, 1])),
                 lambda: list(m.takewhile(lambda x: x < 3, [1, 2, 3, 4, 1])),
                 lambda: list(m.filterfalse(None, [0, 1, '', 'a', None])),
                 lambda: list(m.filterfalse(lambda x: x % 2, range(7))),
                 lambda: m.dropwhile(len), lambda: m.takewhile(len, [], 1),
                 lambda: m.filterfalse(None, [], x=1),
                 lambda: list(m.starmap(pow, [(2, 3), [3, 2]])),
                 lambda: list(m.starmap(pow, [5])),
                 lambda: m.compress('a'),
                 lambda: list(m.compress(data='ab', selectors=[0, 1])))


@case('itertools')
def it_takewhile_state(m):
    log = []
    t = m.takewhile(lambda x: x < 2, Pulled([0, 1, 2, 0], log))
    a = list(t)
    b = list(t)
    d = m.dropwhile(lambda x: x < 2, Pulled([0, 3, 0], log, 'd'))
    c = list(d)
    return a, b, c, log


@case('itertools')
def it_groupby(m):
    keys = [(k, list(g)) for k, g in m.groupby('aaabbcaa')]
    grouped = list(m.groupby('aabbc'))
    stale = [list(g) for k, g in grouped]
    nan = float('nan')
    g = m.groupby([1, 1, 2, 2, 2, 3])
    k1, g1 = next(g)
    part = next(g1)
    k2, g2 = next(g)
    return steps(lambda: keys, lambda: stale,
                 lambda: [(k, len(list(g))) for k, g in m.groupby([nan, nan, 1.0, 1])],
                 lambda: [(k, list(v)) for k, v in m.groupby(range(10), key=lambda x: x // 3)],
                 lambda: (k1, part, list(g1), k2, list(g2), list(g)),
                 lambda: list(m.groupby([])), lambda: m.groupby(5),
                 lambda: [(k, list(v)) for k, v in m.groupby('AaBb', key=str.lower)],
                 lambda: type(next(m.groupby('a'))[1]).__name__)


@case('itertools')
def it_islice(m):
    log = []
    it = Pulled(range(10), log)
    part = list(m.islice(it, 2, 6, 2))
    after = next(it)
    it2 = Pulled('abcdef', log, 'q')
    s = m.islice(it2, 2)
    return steps(lambda: (part, after, log),
                 lambda: (list(s), list(s), next(it2)),
                 lambda: list(m.islice('abcdef', 1, None, 2)),
                 lambda: list(m.islice('abc', None)),
                 lambda: list(m.islice('abcdef', 4, 2)),
                 lambda: m.islice('abc', -1), lambda: m.islice('abc', -2),
                 lambda: m.islice('abc', 1, -1), lambda: m.islice('abc', 0, 1, 0),
                 lambda: m.islice('abc', 'a'), lambda: m.islice('abc', 'a', 2),
                 lambda: m.islice(), lambda: m.islice('abc', 1, 2, 3, 4),
                 lambda: m.islice('abc', stop=1), lambda: m.islice(5, 1),
                 lambda: list(m.islice('abcdefgh', 1, 7, 3)),
                 lambda: list(m.islice(range(100), 95, None)),
                 lambda: list(m.islice('abc', 10**30)),
                 lambda: list(m.islice('abc', 1.5)))


@case('itertools')
def it_tee(m):
    a, b = m.tee(iter('abcd'))
    first = [next(a), next(a)]
    c, = m.tee(a, 1)
    return steps(lambda: (first, list(b), next(a), list(c)),
                 lambda: m.tee('a', 0), lambda: m.tee('a', -1), lambda: m.tee(),
                 lambda: len(m.tee('abc', 3)), lambda: [list(t) for t in m.tee('xyz', 3)],
                 lambda: m.tee(5), lambda: type(m.tee('a')[0]).__name__,
                 lambda: m.tee('a', n=2))


@case('itertools')
def it_zip_longest(m):
    log = []
    z = list(m.zip_longest(Pulled('ab', log, 'p'), Pulled('abcd', log, 'q'),
                           Pulled('a', log, 'r')))
    return steps(lambda: (z, log),
                 lambda: list(m.zip_longest('ab', 'c', fillvalue='-')),
                 lambda: list(m.zip_longest()), lambda: m.zip_longest('a', x=1),
                 lambda: m.zip_longest(5), lambda: list(m.zip_longest('', '')))


@case('itertools')
def it_combinatorics(m):
    return steps(lambda: list(m.product('ab', 'xy')), lambda: list(m.product('ab', repeat=2)),
                 lambda: list(m.product()), lambda: list(m.product('ab', '')),
                 lambda: list(m.product('ab', repeat=0)), lambda: m.product('a', repeat=-1),
                 lambda: m.product('a', foo=1), lambda: list(m.permutations('abc')),
                 lambda: list(m.permutations('abcd', 2)), lambda: list(m.permutations('ab', 3)),
                 lambda: list(m.permutations('')), lambda: list(m.permutations('abc', 0)),
                 lambda: m.permutations('abc', -1), lambda: m.permutations('abc', 1.0),
                 lambda: list(m.combinations('abcd', 2)), lambda: list(m.combinations('abc', 4)),
                 lambda: list(m.combinations('abc', 0)), lambda: list(m.combinations('', 0)),
                 lambda: m.combinations('abc', -1), lambda: m.combinations('abc'),
                 lambda: list(m.combinations_with_replacement('abc', 2)),
                 lambda: list(m.combinations_with_replacement('', 2)),
                 lambda: list(m.combinations_with_replacement('', 0)),
                 lambda: list(m.combinations_with_replacement('ab', 3)),
                 lambda: m.combinations_with_replacement('ab', -2),
                 lambda: list(m.permutations(range(4), 3))[-5:],
                 lambda: len(list(m.permutations(range(5)))),
                 lambda: list(m.combinations(range(6), 3))[7:12],
                 lambda: list(m.product(range(3), 'ab', repeat=2))[10:15])


@case('itertools')
def it_new_tools(m):
    log = []
    return steps(lambda: list(m.pairwise('abcd')), lambda: list(m.pairwise('a')),
                 lambda: list(m.pairwise(Pulled('abc', log))), lambda: log,
                 lambda: m.pairwise(), lambda: m.pairwise(5),
                 lambda: list(m.batched('abcdefg', 3)), lambda: list(m.batched('', 2)),
                 lambda: m.batched('a', 0), lambda: m.batched('a', -1),
                 lambda: m.batched('a', 1.5),
                 lambda: list(m.batched('abc', 2, strict=True)),
                 lambda: list(m.batched('abcd', 2, strict=True)),
                 lambda: list(m.batched(iterable='abc', n=2)),
                 lambda: hasattr(m, 'pairwise'), lambda: hasattr(m, 'batched'))


################################################################################
### functools
################################################################################

def _add(a, b=0):
    return a + b


@case('functools')
def ft_partial(m):
    p = m.partial(_add, 1)
    q = m.partial(p, b=5)
    r = m.partial(m.partial(_add), 'a', b='c')

    class Sub(m.partial):
        pass

    s = Sub(_add, 1)
    t = m.partial(_add, 2)
    t.attr = 1
    u = m.partial(t, 3)
    return steps(lambda: p(2), lambda: p, lambda: q, lambda: q(), lambda: q.args,
                 lambda: q.keywords, lambda: q.func is _add, lambda: r, lambda: r(),
                 lambda: repr(s).split('(')[0], lambda: s(1), lambda: u.func is t, lambda: u,
                 lambda: m.partial(), lambda: m.partial(1), lambda: setattr(p, 'func', 1),
                 lambda: setattr(p, 'args', ()), lambda: p(1, 2),
                 lambda: m.partial(_add, b=1)(2, b=3), lambda: m.partial(_add, 1)(x=1),
                 lambda: m.partial(max, key=abs)([-3, 2]),
                 lambda: m.partial(dict, self=1, func=2)())


@case('functools')
def ft_reduce(m):
    return steps(lambda: m.reduce(_add, [1, 2, 3]), lambda: m.reduce(_add, [], 5),
                 lambda: m.reduce(_add, [1, 2], 5), lambda: m.reduce(_add, []),
                 lambda: m.reduce(_add), lambda: m.reduce(), lambda: m.reduce(_add, 5),
                 lambda: m.reduce(_add, [1], initial=3), lambda: m.reduce(1, [1, 2]),
                 lambda: m.reduce(_add, [], None), lambda: m.reduce(_add, 'abc'),
                 lambda: m.reduce(_add, [1, 2], 1, 2), lambda: m.reduce(_add, iter([[1], [2]])))


@case('functools')
def ft_wraps(m):
    def original(a, b=1):
        """The original."""
        return a + b
    original.extra = 'x'

    @m.wraps(original)
    def wrapper(*args, **kwargs):
        return original(*args, **kwargs)

    def other():
        pass
    m.update_wrapper(other, original, assigned=('__doc__',), updated=())
    return steps(lambda: wrapper.__name__, lambda: wrapper.__qualname__,
                 lambda: wrapper.__doc__, lambda: wrapper.__module__,
                 lambda: wrapper.__wrapped__ is original, lambda: wrapper.extra,
                 lambda: wrapper(1), lambda: other.__name__, lambda: other.__doc__,
                 lambda: hasattr(other, 'extra'), lambda: m.WRAPPER_ASSIGNMENTS,
                 lambda: m.WRAPPER_UPDATES, lambda: type(m.wraps(original)).__name__,
                 lambda: m.update_wrapper(other, 5) is other,
                 lambda: getattr(wrapper, '__type_params__', 'absent'))


@case('functools')
def ft_lru_cache(m):
    calls = []

    @m.lru_cache(maxsize=2)
    def f(x, y=0):
        calls.append((x, y))
        return x * 10 + y

    results = [f(1), f(2), f(1), f(3), f(2), f(1, y=0), f(x=1), f(1.0), f(1, 0)]
    info = f.cache_info()

    @m.lru_cache
    def g(x):
        return x

    @m.lru_cache(maxsize=None, typed=True)
    def h(x):
        calls.append(('h', x))
        return x
    h(1), h(1.0), h(1), h(True)

    @m.lru_cache(maxsize=0)
    def z(x):
        return x
    z(1), z(1)

    @m.cache
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    fib(30)

    def boom(x):
        raise ValueError(x)
    b = m.lru_cache(boom)
    raised = attempt(b, 1)

    return steps(lambda: results, lambda: calls, lambda: info, lambda: g(3),
                 lambda: g.cache_info(), lambda: g.cache_parameters(),
                 lambda: h.cache_info(), lambda: h.cache_parameters(),
                 lambda: z.cache_info(), lambda: fib.cache_info(), lambda: fib.__name__,
                 lambda: f.__wrapped__(5), lambda: f.cache_clear(), lambda: f.cache_info(),
                 lambda: (raised, b.cache_info()), lambda: m.lru_cache(maxsize='a'),
                 lambda: m.lru_cache(-3)(_add).cache_info(), lambda: f([1]),
                 lambda: type(f.cache_info()).__name__, lambda: f.cache_info().hits,
                 lambda: f.cache_info()._fields, lambda: m.lru_cache(5, 'typed')(_add),
                 lambda: b.__name__, lambda: fib.__doc__)


@case('functools')
def ft_lru_order(m):
    seen = []

    @m.lru_cache(maxsize=3)
    def f(x):
        seen.append(x)
        return x
    for x in [1, 2, 3, 1, 4, 2, 5, 1, 3, 3, 4]:
        f(x)
    return seen, f.cache_info()


@case('functools')
def ft_lru_method(m):
    class A:
        def __init__(self):
            self.n = 0

        @m.lru_cache(maxsize=None)
        def get(self, x):
            self.n += 1
            return x * 2
    a = A()
    return a.get(2), a.get(2), a.n, A.get.cache_info()


@case('functools')
def ft_total_ordering(m):
    @m.total_ordering
    class V:
        def __init__(self, v):
            self.v = v

        def __eq__(self, other):
            return self.v == other.v

        def __lt__(self, other):
            if not isinstance(other, V):
                return NotImplemented
            return self.v < other.v

    @m.total_ordering
    class G:
        def __init__(self, v):
            self.v = v

        def __gt__(self, other):
            return self.v > other.v

    class Empty:
        pass

    a, b = V(1), V(2)
    return steps(lambda: [a < b, a > b, a <= b, a >= b, a <= V(1), a >= V(1)],
                 lambda: V.__gt__.__name__, lambda: V.__ge__.__doc__,
                 lambda: [G(1) < G(2), G(1) <= G(1), G(2) >= G(3)],
                 lambda: a > 1, lambda: m.total_ordering(Empty),
                 lambda: sorted([V(3), V(1), V(2)], key=lambda v: v).__len__())


@case('functools')
def ft_cmp_to_key(m):
    def cmp(a, b):
        return (a > b) - (a < b)
    K = m.cmp_to_key(cmp)
    return steps(lambda: sorted([3, 1, 2], key=m.cmp_to_key(lambda a, b: b - a)),
                 lambda: K(1) < K(2), lambda: K(1) == K(1), lambda: K(1) >= K(2),
                 lambda: K(1) < 2, lambda: hash(K(1)), lambda: K(5).obj,
                 lambda: type(K).__name__, lambda: K(), lambda: K(obj=3).obj,
                 lambda: m.cmp_to_key(lambda a, b: 'x')(1) < m.cmp_to_key(lambda a, b: 'x')(2),
                 lambda: sorted(['b', 'A', 'c'], key=m.cmp_to_key(
                     lambda a, b: cmp(a.lower(), b.lower()))))


@case('functools')
def ft_cached_property(m):
    class C:
        def __init__(self):
            self.calls = 0

        @m.cached_property
        def value(self):
            """The value."""
            self.calls += 1
            return 42
    c = C()
    d = m.cached_property(lambda self: 1)
    return steps(lambda: (c.value, c.value, c.calls), lambda: C.value.__doc__,
                 lambda: C.value.attrname, lambda: 'value' in c.__dict__,
                 lambda: d.__get__(c, C), lambda: type(C.value).__name__)


################################################################################
### collections
################################################################################

@case('collections')
def co_deque_basic(m):
    d = m.deque([1, 2, 3])
    d.append(4)
    d.appendleft(0)
    e = m.deque('abc', 3)
    e.append('d')
    e.appendleft('z')
    f = m.deque(maxlen=2)
    f.extend(range(5))
    f.extendleft('xy')
    return steps(lambda: d, lambda: e, lambda: f, lambda: d.pop(), lambda: d.popleft(), lambda: d,
                 lambda: len(d), lambda: d[0], lambda: d[-1], lambda: d[5], lambda: d['a'],
                 lambda: d[1:], lambda: e.maxlen, lambda: d.maxlen, lambda: list(reversed(d)),
                 lambda: 2 in d, lambda: 9 in d, lambda: bool(m.deque()), lambda: bool(d),
                 lambda: m.deque(), lambda: m.deque(maxlen=0), lambda: m.deque([1, 2], maxlen=3),
                 lambda: m.deque(maxlen=-1), lambda: m.deque(maxlen=1.5), lambda: m.deque(5),
                 lambda: m.deque(None), lambda: m.deque().pop(), lambda: m.deque().popleft(),
                 lambda: setattr(e, 'maxlen', 3), lambda: hash(m.deque()),
                 lambda: m.deque(iterable=[1], maxlen=5))


@case('collections')
def co_deque_methods(m):
    d = m.deque(range(6))
    d.rotate(2)
    r1 = list(d)
    d.rotate(-3)
    r2 = list(d)
    d.rotate(13)
    r3 = list(d)
    d.reverse()
    r4 = list(d)
    c = d.copy()
    c.append(99)
    x = m.deque([1, 2, 1, 3, 1])
    return steps(lambda: (r1, r2, r3, r4), lambda: (d, c), lambda: x.count(1),
                 lambda: x.index(1), lambda: x.index(1, 1), lambda: x.index(1, -2),
                 lambda: x.index(5), lambda: x.index(1, 1, 2), lambda: x.remove(1), lambda: x,
                 lambda: x.remove(7), lambda: x.insert(1, 'i'), lambda: x, lambda: x.insert(-1, 'j'),
                 lambda: x.insert(100, 'k'), lambda: x.insert(-100, 'l'), lambda: x,
                 lambda: m.deque([1, 2], 2).insert(0, 1), lambda: x.clear(), lambda: x,
                 lambda: d.rotate(1.5), lambda: m.deque().rotate(5),
                 lambda: d.__copy__(), lambda: d.index(1, 'a'))


@case('collections')
def co_deque_ops(m):
    a = m.deque([1, 2, 3])
    b = m.deque([1, 2, 4])
    d = m.deque('ab', 3)
    d += 'cd'
    e = m.deque([1, 2], 3) * 2
    f = m.deque([1])
    f *= 3
    g = m.deque([1, 2])
    g.extend(g)
    return steps(lambda: a == b, lambda: a < b, lambda: a <= m.deque([1, 2, 3]),
                 lambda: a == [1, 2, 3], lambda: a != m.deque([1, 2]), lambda: m.deque([1]) > m.deque(),
                 lambda: a + b, lambda: a + [1], lambda: m.deque('ab', 3) + m.deque('cd'),
                 lambda: d, lambda: e, lambda: f, lambda: g, lambda: a * 0, lambda: 2 * a,
                 lambda: a * -1, lambda: m.deque([[1]]) == m.deque([[1]]),
                 lambda: m.deque([float('nan')]) == m.deque([float('nan')]))


@case('collections')
def co_deque_recursion_mutation(m):
    d = m.deque([1])
    d.append(d)
    e = m.deque([1, 2, 3])

    def mutate():
        for x in e:
            e.append(x)
    return steps(lambda: d, lambda: mutate(), lambda: list(iter(m.deque('abc'))))


@case('collections')
def co_defaultdict(m):
    d = m.defaultdict(list)
    d['a'].append(1)
    d['b']
    n = m.defaultdict()
    e = m.defaultdict(int, {'x': 1}, y=2)
    e['z'] += 5
    f = m.defaultdict(lambda: 'v')
    f[1]
    return steps(lambda: d, lambda: n, lambda: e, lambda: n['q'], lambda: m.defaultdict(1),
                 lambda: type(f.default_factory).__name__, lambda: d.default_factory,
                 lambda: d.copy(), lambda: type(d.copy()).__name__, lambda: d | {'c': 3},
                 lambda: {'c': 3} | d, lambda: type({'c': 3} | d).__name__,
                 lambda: isinstance(d, dict), lambda: 'q' in n, lambda: n.get('q'),
                 lambda: d == {'a': [1], 'b': []}, lambda: m.defaultdict(list, [(1, 2)]),
                 lambda: m.defaultdict(None, a=1), lambda: m.defaultdict(list, 1, 2),
                 lambda: dict(m.defaultdict(int, a=1)))


@case('collections')
def co_defaultdict_repr(m):
    d = m.defaultdict(list)
    d['self'] = d
    return repr(m.defaultdict(m.defaultdict)), repr(d)


@case('collections')
def co_counter(m):
    c = m.Counter('abracadabra')
    d = m.Counter({'a': 1, 'z': -2})
    e = m.Counter(a=3, b=1)
    e.update('aab')
    e.update({'c': 2})
    e.subtract(a=10)
    e.subtract('b')
    return steps(lambda: c, lambda: c.most_common(), lambda: c.most_common(2),
                 lambda: c.most_common(0), lambda: c.most_common(-1), lambda: c.most_common(1),
                 lambda: sorted(c.elements()), lambda: list(c.elements()), lambda: c['zz'],
                 lambda: d, lambda: e, lambda: m.Counter(), lambda: c + d, lambda: c - d,
                 lambda: c & d, lambda: c | d, lambda: +d, lambda: -d, lambda: c == c.copy(),
                 lambda: m.Counter(a=1) == m.Counter(a=1, b=0), lambda: m.Counter(a=1) <= m.Counter(a=2),
                 lambda: m.Counter(a=1) < m.Counter(a=1), lambda: m.Counter(a=2) > m.Counter(a=1),
                 lambda: m.Counter(a=1).total(), lambda: m.Counter(5), lambda: c.update(5),
                 lambda: m.Counter.fromkeys('ab'), lambda: c + 1, lambda: m.Counter('aab') == {'a': 2, 'b': 1},
                 lambda: type(c.copy()).__name__, lambda: isinstance(c, dict),
                 lambda: m.Counter({'x': 'a', 'y': 'b'}), lambda: m.Counter([[1]]),
                 lambda: m.Counter(a=1.5, b=2), lambda: list(m.Counter(a=2, b=0, c=-1).elements()))


@case('collections')
def co_counter_inplace(m):
    a = m.Counter(a=3, b=-1, c=0)
    a += m.Counter(b=2)
    b = m.Counter(a=3, b=2)
    b -= m.Counter(a=1, b=5)
    c = m.Counter(a=1, b=4)
    c |= m.Counter(a=2, d=1)
    d = m.Counter(a=5, b=1)
    d &= m.Counter(a=2)
    e = m.Counter('aab')
    del e['a']
    del e['zz']
    return a, b, c, d, e


@case('collections')
def co_counter_ties(m):
    rng = random.Random(5)
    data = [rng.choice('abcdefgh') for i in range(60)]
    c = m.Counter(data)
    return c, c.most_common(3), c.most_common(5), repr(m.Counter('bbaacc'))


@case('collections')
def co_namedtuple(m):
    P = m.namedtuple('P', 'x y')
    Q = m.namedtuple('Q', ['a', 'b', 'c'], defaults=(9,))
    R = m.namedtuple('R', 'x, y', defaults=[1, 2])
    p = P(1, 2)
    x, y = p
    return steps(lambda: p, lambda: (x, y), lambda: p.x, lambda: p[1], lambda: p._fields,
                 lambda: p._asdict(), lambda: p._replace(x=5), lambda: P._make([3, 4]),
                 lambda: Q(1, 2), lambda: Q._field_defaults, lambda: R(), lambda: R._field_defaults,
                 lambda: p == (1, 2), lambda: isinstance(p, tuple), lambda: hash(p) == hash((1, 2)),
                 lambda: P.__name__, lambda: P.__doc__, lambda: P.x.__doc__, lambda: len(p),
                 lambda: P(1), lambda: P(1, 2, 3), lambda: P(1, 2, z=3), lambda: P(1, x=2),
                 lambda: Q(), lambda: Q(1, 2, 3, 4), lambda: setattr(p, 'x', 3),
                 lambda: setattr(p, 'z', 3), lambda: delattr(p, 'x'), lambda: p._replace(z=1),
                 lambda: P._make([1]), lambda: P(x=1, y=2), lambda: P(y=2, x=1),
                 lambda: p.__getnewargs__(), lambda: P.__new__.__qualname__,
                 lambda: getattr(P, '__match_args__', 'absent'), lambda: P._make.__qualname__,
                 lambda: sorted([P(2, 1), P(1, 2)]), lambda: p + (3,), lambda: p * 2,
                 lambda: m.namedtuple('E', '')(), lambda: m.namedtuple('E', '')(1),
                 lambda: m.namedtuple('One', 'a')(1), lambda: m.namedtuple('One', 'a').__doc__,
                 lambda: m.namedtuple('W', 'a b c d')(1), lambda: Q(1, b=2, a=3),
                 lambda: P(), lambda: R(1, 2, 3))


@case('collections')
def co_namedtuple_validation(m):
    return steps(lambda: m.namedtuple('A', 'x x'), lambda: m.namedtuple('A', 'def'),
                 lambda: m.namedtuple('A', '_x'), lambda: m.namedtuple('1A', 'x'),
                 lambda: m.namedtuple('A', 'x def _y x 2', rename=True)._fields,
                 lambda: m.namedtuple('A', 'x y', defaults=(1, 2, 3)),
                 lambda: m.namedtuple('class', 'x'), lambda: m.namedtuple('A', 'x-y'),
                 lambda: m.namedtuple('A', ['x', 1]), lambda: m.namedtuple('A', 'x', module='mod').__module__,
                 lambda: m.namedtuple('A', 'match case')(1, 2))


@case('collections')
def co_namedtuple_subclass(m):
    class Point(m.namedtuple('Point', 'x y')):
        def norm(self):
            return self.x * self.x + self.y * self.y

    p = Point(3, 4)
    p.extra = 1
    return steps(lambda: p, lambda: p.norm(), lambda: p.extra, lambda: p._replace(x=0),
                 lambda: type(p._replace(x=0)).__name__, lambda: Point._make([1, 1]).norm())


@case('collections')
def co_ordereddict(m):
    od = m.OrderedDict(a=1, b=2, c=3)
    od.move_to_end('a')
    k1 = list(od)
    od.move_to_end('c', last=False)
    k2 = list(od)
    od2 = m.OrderedDict([('x', 1), ('y', 2)])
    return steps(lambda: (k1, k2), lambda: od, lambda: m.OrderedDict(), lambda: od.popitem(),
                 lambda: od.popitem(last=False), lambda: od, lambda: m.OrderedDict().popitem(),
                 lambda: od.move_to_end('zz'), lambda: od2 == m.OrderedDict([('y', 2), ('x', 1)]),
                 lambda: od2 == {'y': 2, 'x': 1}, lambda: od2.keys(), lambda: od2.values(),
                 lambda: od2.items(), lambda: list(reversed(od2)), lambda: od2.copy(),
                 lambda: m.OrderedDict.fromkeys('ab', 0), lambda: od2 | {'z': 3},
                 lambda: {'z': 3} | od2, lambda: od2.setdefault('w', 4), lambda: od2,
                 lambda: od2.pop('w'), lambda: od2.pop('w', 'dflt'), lambda: od2.pop('w'),
                 lambda: isinstance(od2, dict), lambda: m.OrderedDict({'b': 1, 'a': 2}),
                 lambda: 'x' in od2.keys(), lambda: ('x', 1) in od2.items(),
                 lambda: od2.keys() == {'x', 'y'}, lambda: type(od2.copy()).__name__)


@case('collections')
def co_ordereddict_more(m):
    od = m.OrderedDict()
    od['b'] = 1
    od['a'] = 2
    od['b'] = 3
    del od['b']
    od['b'] = 4
    od.update([('c', 5)], d=6)
    rec = m.OrderedDict()
    rec['self'] = rec
    return steps(lambda: od, lambda: list(od.items()), lambda: rec,
                 lambda: m.OrderedDict([(1, 2)], x=3), lambda: m.OrderedDict(1))


@case('collections')
def co_chainmap(m):
    a = {'x': 1}
    b = {'x': 2, 'y': 3}
    cm = m.ChainMap(a, b)
    child = cm.new_child()
    child['z'] = 9
    return steps(lambda: cm, lambda: cm['x'], lambda: cm['y'], lambda: cm['q'],
                 lambda: cm.get('q', 0), lambda: len(cm), lambda: list(cm), lambda: 'y' in cm,
                 lambda: child, lambda: child.parents, lambda: m.ChainMap(), lambda: cm.maps,
                 lambda: dict(cm), lambda: cm.copy(), lambda: bool(m.ChainMap({})),
                 lambda: cm.__delitem__('y'), lambda: cm.pop('y'), lambda: cm.popitem(),
                 lambda: cm.popitem(), lambda: cm, lambda: m.ChainMap.fromkeys('ab', 0),
                 lambda: cm | {'k': 1}, lambda: {'k': 1} | cm, lambda: m.ChainMap({'a': 1}) == {'a': 1},
                 lambda: sorted(cm.items()), lambda: sorted(cm.keys()), lambda: sorted(cm.values()),
                 lambda: cm.new_child({'n': 1}))


################################################################################
### contextlib
################################################################################

@case('contextlib')
def cl_contextmanager(m):
    log = []

    @m.contextmanager
    def managed(tag):
        """Managed docstring."""
        log.append(('enter', tag))
        try:
            yield tag.upper()
        except ValueError as e:
            log.append(('caught', str(e)))
        finally:
            log.append(('exit', tag))

    def body(raise_):
        with managed('a') as value:
            log.append(('body', value))
            if raise_:
                raise raise_
        return 'completed'

    return steps(lambda: body(None), lambda: body(ValueError('v')), lambda: body(KeyError('k')),
                 lambda: body(StopIteration('s')), lambda: log, lambda: managed.__name__,
                 lambda: managed.__doc__, lambda: managed('x').__doc__,
                 lambda: type(managed('x')).__name__)


@case('contextlib')
def cl_contextmanager_errors(m):
    @m.contextmanager
    def no_yield():
        if False:
            yield

    @m.contextmanager
    def two_yields():
        yield 1
        yield 2

    @m.contextmanager
    def yields_after_throw():
        try:
            yield 1
        except Exception:
            yield 2

    @m.contextmanager
    def converts():
        try:
            yield
        except ValueError:
            raise TypeError('converted')

    @m.contextmanager
    def reraises():
        yield

    def use(cm, exc=None):
        with cm:
            if exc:
                raise exc
        return 'ok'

    def chained():
        try:
            use(converts(), ValueError('orig'))
        except TypeError as e:
            return repr(e), repr(e.__context__)

    def stop_iteration():
        try:
            use(reraises(), StopIteration('x'))
        except BaseException as e:
            return type(e).__name__, str(e)
        return 'suppressed'

    @m.contextmanager
    def wraps_stop():
        yield
        raise StopIteration

    return steps(lambda: use(no_yield()), lambda: use(two_yields()),
                 lambda: use(yields_after_throw(), ValueError('x')), chained,
                 stop_iteration, lambda: use(reraises(), KeyError('k')),
                 lambda: use(wraps_stop()))


@case('contextlib')
def cl_decorator(m):
    log = []

    @m.contextmanager
    def tracked():
        log.append('in')
        yield
        log.append('out')

    @tracked()
    def f(x):
        log.append(('f', x))
        return x * 2
    return f(1), f(2), log, f.__name__


@case('contextlib')
def cl_suppress_nullcontext_closing(m):
    class Thing:
        closed = False

        def close(self):
            Thing.closed = True

    def sup(exc, *kinds):
        with m.suppress(*kinds):
            raise exc
        return 'suppressed'

    def closing_use():
        with m.closing(Thing()) as t:
            pass
        return type(t).__name__, Thing.closed

    return steps(lambda: sup(ValueError(), ValueError), lambda: sup(KeyError(), LookupError),
                 lambda: sup(KeyError('k'), ValueError), lambda: sup(ValueError(), TypeError, ValueError),
                 lambda: sup(ValueError()), lambda: m.suppress(ValueError).__enter__(),
                 lambda: m.nullcontext().__enter__(), lambda: m.nullcontext(5).__enter__(),
                 lambda: m.nullcontext(enter_result='x').__exit__(None, None, None),
                 closing_use, lambda: m.suppress(ValueError).__exit__(None, None, None))


@case('contextlib')
def cl_exitstack(m):
    log = []

    class CM:
        def __init__(self, name, suppress=False):
            self.name = name
            self.suppress = suppress

        def __enter__(self):
            log.append(('enter', self.name))
            return self.name

        def __exit__(self, t, v, tb):
            log.append(('exit', self.name, t.__name__ if t else None))
            return self.suppress

    def scenario(exc=None, suppressing=False):
        with m.ExitStack() as stack:
            a = stack.enter_context(CM('a'))
            stack.callback(log.append, ('callback', 1))
            stack.push(CM('pushed', suppressing))
            stack.push(lambda t, v, tb: log.append(('push_fn', t.__name__ if t else None)))
            b = stack.enter_context(CM('b'))
            log.append(('values', a, b))
            if exc:
                raise exc
        return 'done'

    def pop_all():
        with m.ExitStack() as stack:
            stack.callback(log.append, 'popped-callback')
            moved = stack.pop_all()
        log.append('after with')
        moved.close()
        return 'closed'

    def failing_callbacks():
        def fail(msg):
            raise ValueError(msg)
        try:
            with m.ExitStack() as stack:
                stack.callback(fail, 'first')
                stack.callback(fail, 'second')
                raise KeyError('body')
        except Exception as e:
            chain = []
            while e is not None:
                chain.append(repr(e))
                e = e.__context__
            return chain

    def not_cm():
        with m.ExitStack() as stack:
            stack.enter_context(5)

    return steps(lambda: scenario(), lambda: scenario(ValueError('x')),
                 lambda: scenario(ValueError('y'), suppressing=True), lambda: log, pop_all,
                 failing_callbacks, not_cm,
                 lambda: m.ExitStack().callback(_add, 1, b=2),
                 lambda: m.ExitStack().push(5))


@case('contextlib')
def cl_redirect(m):
    import io
    buffer = io.StringIO()
    with m.redirect_stdout(buffer) as target:
        print('hello')
    return buffer.getvalue(), target is buffer


################################################################################
### statistics
################################################################################

def _dataset(seed):
    rng = random.Random(seed)
    kind = seed % 6
    n = rng.randrange(1, 12) if seed % 7 else rng.randrange(2, 200)
    if kind == 0:
        return [rng.randrange(-50, 100) for i in range(n)]
    if kind == 1:
        return [rng.uniform(-1e3, 1e3) for i in range(n)]
    if kind == 2:
        return [rng.choice([rng.randrange(10), rng.random() * 10]) for i in range(n)]
    if kind == 3:
        return [rng.choice([0.1, 0.2, 0.3, 1e16, 1e-16, 3.0]) for i in range(n)]
    if kind == 4:
        return [rng.choice([True, False, 1, 2]) for i in range(n)]
    return [rng.gauss(0, 1) * 10 ** rng.randrange(-5, 20) for i in range(n)]


STAT_FUNCTIONS = ['mean', 'fmean', 'median', 'median_low', 'median_high', 'mode',
                  'multimode', 'stdev', 'pstdev', 'variance', 'pvariance']


@cases('statistics', 'dataset', list(range(120)))
def st_dataset(m, seed):
    data = _dataset(seed)
    return [attempt(getattr(m, name), data) for name in STAT_FUNCTIONS] + [
        attempt(m.variance, iter(data)), attempt(m.pstdev, tuple(data))]


@case('statistics')
def st_special(m):
    inf, nan = float('inf'), float('nan')
    out = []
    for data in ([], [1], [1, 2], [1, 2, 3], [2.5, 2.5], [1.0, inf], [inf, -inf], [nan, 1.0],
                 [1, 2, 3, 4], [10**20, 1, 10**20 + 3], [0.1] * 10, [1e308, 1e308],
                 ['a', 'b'], [1, 'a'], [[1], [1]], [1, 1, 2, 2], ['x', 'y', 'x'],
                 [3, 1, 2], [-0.0], [5] * 3, [True, True], [1.5, 2, 2.5]):
        for name in STAT_FUNCTIONS:
            out.append(attempt(getattr(m, name), data))
    return out


@case('statistics')
def st_arguments(m):
    data = [1.5, 2.5, 2.5, 2.75, 3.25, 4.75]
    return steps(lambda: m.variance(data, 2.75), lambda: m.pvariance(data, 3),
                 lambda: m.stdev(data, 2.75), lambda: m.pstdev(data, 3.0),
                 lambda: m.variance([1, 2, 3], 2), lambda: m.pvariance([1, 2, 3], mu=2),
                 lambda: m.fmean([3.5, 4.0, 5.25]), lambda: m.fmean(iter([1, 2, 3])),
                 lambda: m.fmean(x for x in [])
                 , lambda: m.fmean([]), lambda: m.fmean(['a']),
                 lambda: m.fmean([1, 2, 3], [0.25, 0.25, 0.5]),
                 lambda: m.fmean([1, 2, 3], weights=[1, 0, 1]),
                 lambda: m.fmean([1, 2], [1]), lambda: m.fmean([1, 2], [0, 0]),
                 lambda: m.fmean([0.1, 0.2, 0.3], [3, 2, 1]),
                 lambda: m.fmean([1, 2, 3], [1, 2, 3]),
                 lambda: m.mean(iter([1, 2, 3, 4])), lambda: m.mean(5),
                 lambda: m.mode([]), lambda: m.mode([1, 1, 2, 2]), lambda: m.mode('aab'),
                 lambda: m.multimode(''), lambda: m.multimode('aabbbcccd'),
                 lambda: m.median([]), lambda: m.median_low([]), lambda: m.median_high([]),
                 lambda: m.stdev([1]), lambda: m.pstdev([]), lambda: m.variance([]),
                 lambda: m.pvariance([]), lambda: m.StatisticsError.__mro__[1].__name__,
                 lambda: m.mean([1, 2, 4]), lambda: m.mean([1, 3]), lambda: m.mean([1.0, 3]),
                 lambda: m.variance([1, 2, 3]), lambda: m.variance([1, 2, 3, 4]),
                 lambda: m.pvariance([1.0, 2.0, 3.0]), lambda: m.median([1, 3]),
                 lambda: m.median([1, 2, 3, 4]))


@cases('statistics', 'weighted', list(range(25)))
def st_weighted(m, seed):
    rng = random.Random(1000 + seed)
    n = rng.randrange(1, 10)
    data = [rng.uniform(-100, 100) if rng.random() < 0.7 else rng.randrange(100) for i in range(n)]
    weights = [rng.uniform(0, 5) if rng.random() < 0.7 else rng.randrange(1, 5) for i in range(n)]
    return attempt(m.fmean, data, weights)


################################################################################
### dataclasses
################################################################################

@case('dataclasses')
def dc_basic(m):
    @m.dataclass
    class C:
        x: int
        y: int = 0
        z: list = m.field(default_factory=list)

    a = C(1)
    b = C(1, 2, [3])
    return steps(lambda: a, lambda: b, lambda: a == C(1), lambda: a == b, lambda: a != C(2),
                 lambda: a == (1, 0, []), lambda: C.__doc__, lambda: C.y,
                 lambda: hasattr(C, 'z'), lambda: C.__hash__, lambda: [f.name for f in m.fields(C)],
                 lambda: m.fields(a)[2].default_factory is list, lambda: m.asdict(b),
                 lambda: m.astuple(b), lambda: m.replace(a, y=5), lambda: m.replace(a, q=1),
                 lambda: C(), lambda: C(1, 2, 3, 4), lambda: C(1, x=1), lambda: C(1, w=2),
                 lambda: C(y=1), lambda: m.is_dataclass(C), lambda: m.is_dataclass(a),
                 lambda: m.is_dataclass(5), lambda: m.fields(5), lambda: m.asdict(C),
                 lambda: m.astuple(5), lambda: m.replace(5), lambda: a.z is C(1).z,
                 lambda: C.__init__.__qualname__, lambda: C.__repr__.__qualname__,
                 lambda: getattr(C, '__match_args__', 'absent'), lambda: C.__dataclass_params__,
                 lambda: a.__dataclass_fields__['x'].type, lambda: C.__eq__.__name__)


@case('dataclasses')
def dc_options(m):
    @m.dataclass(order=True, frozen=True)
    class P:
        x: int
        y: int = 0

    @m.dataclass(eq=False, repr=False)
    class Q:
        a: int

    @m.dataclass(unsafe_hash=True)
    class H:
        a: int
        b: list = m.field(default_factory=list, hash=False, compare=False)

    @m.dataclass(init=False)
    class N:
        a: int = 5

    p = P(1, 2)
    return steps(lambda: p, lambda: sorted([P(2), P(1, 5), P(1, 3)]), lambda: P(1) < P(2),
                 lambda: P(1) < 5, lambda: hash(p) == hash((1, 2)), lambda: setattr(p, 'x', 5),
                 lambda: delattr(p, 'y'), lambda: setattr(p, 'new', 1), lambda: m.replace(p, x=9),
                 lambda: repr(Q(1)).split(' object')[0], lambda: Q(1) == Q(1),
                 lambda: hash(H(1, [1])) == hash((1,)), lambda: H(1, [1]) == H(1, [2]),
                 lambda: N(), lambda: N().a, lambda: N(3), lambda: N.__doc__,
                 lambda: P.__setattr__.__qualname__, lambda: type(p).__hash__ is not None,
                 lambda: issubclass(m.FrozenInstanceError, AttributeError),
                 lambda: P.__lt__.__qualname__)


@case('dataclasses')
def dc_errors(m):
    def mutable_default():
        @m.dataclass
        class Bad:
            x: list = []

    def mutable_set():
        @m.dataclass
        class Bad:
            x: set = set()

    def non_default_after_default():
        @m.dataclass
        class Bad:
            x: int = 0
            y: int

    def both_defaults():
        return m.field(default=1, default_factory=list)

    def order_without_eq():
        @m.dataclass(order=True, eq=False)
        class Bad:
            x: int

    def defines_lt():
        @m.dataclass(order=True)
        class Bad:
            x: int

            def __lt__(self, other):
                return True

    def frozen_setattr():
        @m.dataclass(frozen=True)
        class Bad:
            x: int

            def __setattr__(self, name, value):
                pass

    def no_annotation():
        @m.dataclass
        class Bad:
            x = m.field(default=1)

    def explicit_hash():
        @m.dataclass(unsafe_hash=True)
        class Bad:
            x: int

            def __hash__(self):
                return 0

    def frozen_mix():
        @m.dataclass(frozen=True)
        class Base:
            x: int

        @m.dataclass
        class Derived(Base):
            y: int

    def frozen_mix2():
        @m.dataclass
        class Base:
            x: int

        @m.dataclass(frozen=True)
        class Derived(Base):
            y: int

    def unknown_option():
        @m.dataclass(nonsense=True)
        class Bad:
            x: int

    def dict_default():
        @m.dataclass
        class Bad:
            x: dict = {}

    return steps(mutable_default, mutable_set, non_default_after_default, both_defaults,
                 order_without_eq, defines_lt, frozen_setattr, no_annotation, explicit_hash,
                 frozen_mix, frozen_mix2, unknown_option, dict_default)


@case('dataclasses')
def dc_inheritance(m):
    @m.dataclass
    class Base:
        x: int
        y: int = 1

    @m.dataclass
    class Derived(Base):
        z: int = 2
        x: int = 10

    @m.dataclass(frozen=True)
    class FB:
        a: int

    @m.dataclass(frozen=True)
    class FD(FB):
        b: int = 0

    class Plain(Base):
        pass

    return steps(lambda: Derived(), lambda: Derived(1, 2, 3), lambda: [f.name for f in m.fields(Derived)],
                 lambda: Base(1) == Derived(1), lambda: FD(1, 2), lambda: setattr(FD(1), 'a', 2),
                 lambda: Plain(5), lambda: Derived.__doc__, lambda: Derived.__match_args__
                 if hasattr(Derived, '__match_args__') else 'absent', lambda: hash(FD(1, 2)) == hash((1, 2)))


@case('dataclasses')
def dc_post_init_and_custom(m):
    log = []

    @m.dataclass
    class C:
        a: int
        b: int = m.field(init=False)
        c: list = m.field(default_factory=list, repr=False)
        d: int = m.field(default=3, init=False)

        def __post_init__(self):
            log.append('post')
            self.b = self.a * 2

    @m.dataclass
    class Custom:
        x: int

        def __repr__(self):
            return 'custom'

        def __eq__(self, other):
            return True

    @m.dataclass
    class Rec:
        child: object = None

    r = Rec()
    r.child = r

    @m.dataclass
    class NaN:
        v: float
    nan = float('nan')

    @m.dataclass
    class WithSelf:
        self: int
        other: int = 0

    return steps(lambda: C(1), lambda: log, lambda: C(1).b, lambda: C(1).d, lambda: C(1, 2),
                 lambda: Custom(1), lambda: Custom(1) == 5, lambda: Custom.__hash__,
                 lambda: r, lambda: NaN(nan) == NaN(nan), lambda: (lambda x: x == x)(NaN(nan)),
                 lambda: WithSelf(1, 2), lambda: WithSelf(self=5),
                 lambda: m.replace(C(1), b=5), lambda: m.replace(C(4), a=5),
                 lambda: m.fields(C)[1], lambda: C.__doc__)


@case('dataclasses')
def dc_asdict_nested(m):
    import collections

    @m.dataclass
    class Inner:
        v: int

    @m.dataclass
    class Outer:
        items: list
        mapping: dict
        pair: tuple
        nt: object
        dd: object
        inner: Inner = None

    Pair = collections.namedtuple('Pair', 'a b')
    dd = collections.defaultdict(list, {'k': [Inner(1)]})
    o = Outer([Inner(1), [Inner(2)]], {'a': Inner(3)}, (Inner(4), 5), Pair(Inner(5), 6), dd,
              Inner(7))
    d = m.asdict(o)
    t = m.astuple(o)
    return steps(lambda: d, lambda: t, lambda: type(d['dd']).__name__,
                 lambda: m.asdict(o, dict_factory=lambda items: sorted(items)),
                 lambda: m.astuple(o, tuple_factory=list), lambda: d['items'][0] is o.items[0])


@case('dataclasses')
def dc_kw_only(m):
    @m.dataclass(kw_only=True)
    class K:
        a: int
        b: int = 2

    @m.dataclass
    class Mixed:
        a: int
        _: m.KW_ONLY
        b: int
        c: int = m.field(default=0, kw_only=False)

    return steps(lambda: K(a=1), lambda: K(1), lambda: K(), lambda: Mixed(1, b=2),
                 lambda: Mixed(1, 3, b=2), lambda: Mixed(1), lambda: Mixed.__match_args__,
                 lambda: Mixed.__doc__, lambda: K.__doc__, lambda: Mixed(1, 2, 3, b=4),
                 lambda: Mixed(1, 2, 3, 4))


@case('dataclasses')
def dc_field_repr(m):
    @m.dataclass
    class C:
        x: int = m.field(default=1, metadata={'unit': 'm'})
    f = m.fields(C)[0]
    return steps(lambda: repr(f).replace(repr(m.MISSING), 'MISSING'), lambda: f.metadata,
                 lambda: f.metadata['unit'], lambda: C.__dataclass_fields__['x'].default,
                 lambda: m.field(), lambda: type(m.MISSING).__name__)


@case('dataclasses')
def dc_classvar(m):
    import typing

    @m.dataclass
    class C:
        x: int
        count: typing.ClassVar[int] = 0
        other: 'typing.ClassVar[int]' = 5

    return steps(lambda: C(1), lambda: [f.name for f in m.fields(C)], lambda: C.count,
                 lambda: C.other, lambda: C(1, 2))


@case('dataclasses')
def dc_initvar(m):
    @m.dataclass
    class C:
        a: int
        scale: m.InitVar[int] = 2

        def __post_init__(self, scale):
            self.a *= scale

    return steps(lambda: C(1), lambda: C(1, 3), lambda: [f.name for f in m.fields(C)],
                 lambda: m.replace(C(1), a=5), lambda: repr(m.InitVar[int]))


################################################################################
### Main
################################################################################

def run_all(verbose):
    root = subprocess.run(['pyenv', 'root'], capture_output=True, text=True).stdout.strip()
    failed = False
    for minor in range(9, 14):
        versions = sorted(v for v in os.listdir(os.path.join(root, 'versions'))
                          if v.startswith('3.%d.' % minor))
        if not versions:
            print('no interpreter for 3.%d' % minor)
            failed = True
            continue
        python = os.path.join(root, 'versions', versions[-1], 'bin', 'python')
        args = [python, os.path.abspath(__file__)] + (['-v'] if verbose else [])
        result = subprocess.run(args)
        failed = failed or result.returncode != 0
    return failed


def main():
    verbose = '-v' in sys.argv
    if '--all' in sys.argv:
        sys.exit(1 if run_all(verbose) else 0)
    load_models()
    sys.exit(1 if run(verbose) else 0)


if __name__ == '__main__':
    main()
