"""GIL Lab's model of CPython's itertools module (C code in CPython): each tool is an
iterator class that pulls from its inputs exactly when and as often as the C one does."""

import sys as _sys

_VERSION = _sys.version_info[:2]
_MAXSIZE = _sys.maxsize


def _no_keywords(name, kwargs):
    if kwargs:
        raise TypeError('%s() takes no keyword arguments' % name)


def _arg_count(name, args, least, most):
    n = len(args)
    if n < least:
        if least == most:
            raise TypeError('%s expected %d argument%s, got %d'
                            % (name, least, '' if least == 1 else 's', n))
        raise TypeError('%s expected at least %d argument%s, got %d'
                        % (name, least, '' if least == 1 else 's', n))
    if n > most:
        if least == most:
            raise TypeError('%s expected %d argument%s, got %d'
                            % (name, most, '' if most == 1 else 's', n))
        raise TypeError('%s expected at most %d argument%s, got %d'
                        % (name, most, '' if most == 1 else 's', n))


def _index(value):
    # A C argument of type Py_ssize_t: an int or an object with __index__.
    if isinstance(value, int):
        return int(value)
    if hasattr(type(value), '__index__'):
        return type(value).__index__(value)
    raise TypeError("'%s' object cannot be interpreted as an integer"
                    % type(value).__name__)


def _as_ssize(value):
    # PyNumber_AsSsize_t with its error cleared, as islice() reads its arguments: -1 when
    # the value is no integer or does not fit.
    try:
        n = _index(value)
    except TypeError:
        return -1
    if n > _MAXSIZE or n < -_MAXSIZE - 1:
        return -1
    return n


def _is_number(value):
    # PyNumber_Check: what count() accepts.
    if isinstance(value, (int, float, complex)):
        return True
    cls = type(value)
    return (hasattr(cls, '__index__') or hasattr(cls, '__int__')
            or hasattr(cls, '__float__') or hasattr(cls, '__complex__'))


def _eq(a, b):
    # PyObject_RichCompareBool(a, b, Py_EQ): identity first.
    return a is b or bool(a == b)


class count:
    """Return a count object whose .__next__() method returns consecutive values."""

    def __init__(self, start=0, step=1):
        if not _is_number(start) or not _is_number(step):
            raise TypeError('a number is required')
        self._cnt = start
        self._step = step

    def __iter__(self):
        return self

    def __next__(self):
        value = self._cnt
        self._cnt = value + self._step
        return value

    def __repr__(self):
        name = type(self).__name__
        step = self._step
        if isinstance(step, int) and step == 1:
            return '%s(%r)' % (name, self._cnt)
        return '%s(%r, %r)' % (name, self._cnt, step)


class cycle:
    """Return elements from the iterable until it is exhausted. Then repeat the sequence
    indefinitely."""

    def __init__(self, *args, **kwargs):
        _no_keywords('cycle', kwargs)
        _arg_count('cycle', args, 1, 1)
        self._it = iter(args[0])
        self._saved = []
        self._index = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self._it is not None:
            try:
                item = next(self._it)
            except StopIteration:
                self._it = None
            else:
                self._saved.append(item)
                return item
        saved = self._saved
        if not saved:
            raise StopIteration
        item = saved[self._index]
        self._index += 1
        if self._index >= len(saved):
            self._index = 0
        return item


class repeat:
    """repeat(object [,times]) -> create an iterator which returns the object for the
    specified number of times.  If not specified, returns the object endlessly."""

    def __init__(self, object, times=None):
        self._element = object
        if times is None:
            self._cnt = -1
        else:
            cnt = _index(times)
            self._cnt = cnt if cnt > 0 else 0

    def __iter__(self):
        return self

    def __next__(self):
        if self._cnt == 0:
            raise StopIteration
        if self._cnt > 0:
            self._cnt -= 1
        return self._element

    def __length_hint__(self):
        if self._cnt == -1:
            raise TypeError("len() of unsized object")
        return self._cnt

    def __repr__(self):
        if self._cnt == -1:
            return '%s(%r)' % (type(self).__name__, self._element)
        return '%s(%r, %d)' % (type(self).__name__, self._element, self._cnt)


class accumulate:
    """Return series of accumulated sums (or other binary function results)."""

    def __init__(self, iterable, func=None, *, initial=None):
        self._it = iter(iterable)
        self._func = func
        self._initial = initial
        self._total = None
        self._started = False

    def __iter__(self):
        return self

    def __next__(self):
        if self._initial is not None:
            self._total = self._initial
            self._initial = None
            self._started = True
            return self._total
        value = next(self._it)
        if not self._started:
            self._started = True
            self._total = value
        elif self._func is None:
            self._total = self._total + value
        else:
            self._total = self._func(self._total, value)
        return self._total


class chain:
    """Return a chain object whose .__next__() method returns elements from the first
    iterable until it is exhausted, then elements from the next iterable, until all of the
    iterables are exhausted."""

    def __init__(self, *iterables, **kwargs):
        _no_keywords('chain', kwargs)
        self._source = iter(iterables)
        self._active = None

    @classmethod
    def from_iterable(cls, iterable):
        """Alternative chain() constructor taking a single iterable argument that evaluates
        lazily."""
        self = cls()
        self._source = iter(iterable)
        return self

    def __iter__(self):
        return self

    def __next__(self):
        while self._source is not None:
            if self._active is None:
                try:
                    iterable = next(self._source)
                except StopIteration:
                    self._source = None
                    raise
                self._active = iter(iterable)
            try:
                return next(self._active)
            except StopIteration:
                self._active = None
        raise StopIteration


class compress:
    """Return data elements corresponding to true selector elements."""

    def __init__(self, data, selectors):
        self._data = iter(data)
        self._selectors = iter(selectors)

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            datum = next(self._data)
            selector = next(self._selectors)
            if selector:
                return datum


class dropwhile:
    """Drop items from the iterable while predicate(item) is true."""

    def __init__(self, *args, **kwargs):
        _no_keywords('dropwhile', kwargs)
        _arg_count('dropwhile', args, 2, 2)
        self._predicate = args[0]
        self._it = iter(args[1])
        self._start = False

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            item = next(self._it)
            if self._start:
                return item
            if not self._predicate(item):
                self._start = True
                return item


class takewhile:
    """Return successive entries from an iterable as long as the predicate evaluates to
    true for each entry."""

    def __init__(self, *args, **kwargs):
        _no_keywords('takewhile', kwargs)
        _arg_count('takewhile', args, 2, 2)
        self._predicate = args[0]
        self._it = iter(args[1])
        self._stop = False

    def __iter__(self):
        return self

    def __next__(self):
        if self._stop:
            raise StopIteration
        item = next(self._it)
        if self._predicate(item):
            return item
        self._stop = True
        raise StopIteration


class filterfalse:
    """Return those items of iterable for which function(item) is false."""

    def __init__(self, *args, **kwargs):
        _no_keywords('filterfalse', kwargs)
        _arg_count('filterfalse', args, 2, 2)
        self._predicate = args[0]
        self._it = iter(args[1])

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            item = next(self._it)
            if self._predicate is None:
                ok = bool(item)
            else:
                ok = bool(self._predicate(item))
            if not ok:
                return item


class groupby:
    """make an iterator that returns consecutive keys and groups from the iterable"""

    def __init__(self, iterable, key=None):
        self._it = iter(iterable)
        self._keyfunc = key
        self._tgtkey = None
        self._currkey = None
        self._currvalue = None
        self._have_tgt = False
        self._have_curr = False
        self._currgrouper = None

    def __iter__(self):
        return self

    def _step(self):
        value = next(self._it)
        if self._keyfunc is None:
            key = value
        else:
            key = self._keyfunc(value)
        self._currvalue = value
        self._currkey = key
        self._have_curr = True

    def __next__(self):
        self._currgrouper = None
        while True:
            if not self._have_curr:
                pass
            elif not self._have_tgt:
                break
            elif not _eq(self._tgtkey, self._currkey):
                break
            self._step()
        self._tgtkey = self._currkey
        self._have_tgt = True
        grouper = _grouper(self, self._tgtkey)
        return (self._currkey, grouper)


class _grouper:
    def __init__(self, parent, tgtkey):
        self._parent = parent
        self._tgtkey = tgtkey
        parent._currgrouper = self

    def __iter__(self):
        return self

    def __next__(self):
        parent = self._parent
        if parent._currgrouper is not self:
            raise StopIteration
        if not parent._have_curr:
            parent._step()
        if not _eq(self._tgtkey, parent._currkey):
            raise StopIteration
        value = parent._currvalue
        parent._currvalue = None
        parent._currkey = None
        parent._have_curr = False
        return value


class islice:
    """islice(iterable, stop) --> islice object
    islice(iterable, start, stop[, step]) --> islice object"""

    def __init__(self, *args, **kwargs):
        _no_keywords('islice', kwargs)
        _arg_count('islice', args, 2, 4)
        start, stop, step = 0, -1, 1
        if len(args) == 2:
            if args[1] is not None:
                stop = _as_ssize(args[1])
                if stop == -1:
                    raise ValueError('Stop argument for islice() must be None or an '
                                     'integer: 0 <= x <= sys.maxsize.')
        else:
            if args[1] is not None:
                start = _as_ssize(args[1])
            if args[2] is not None:
                stop = _as_ssize(args[2])
                if stop == -1:
                    raise ValueError('Stop argument for islice() must be None or an '
                                     'integer: 0 <= x <= sys.maxsize.')
        if start < 0 or stop < -1:
            raise ValueError('Indices for islice() must be None or an integer: '
                             '0 <= x <= sys.maxsize.')
        if len(args) == 4 and args[3] is not None:
            step = _as_ssize(args[3])
        if step < 1:
            raise ValueError('Step for islice() must be a positive integer or None.')
        self._it = iter(args[0])
        self._next = start
        self._stop = stop
        self._step = step
        self._cnt = 0

    def __iter__(self):
        return self

    def __next__(self):
        it = self._it
        if it is None:
            raise StopIteration
        stop = self._stop
        try:
            while self._cnt < self._next:
                next(it)
                self._cnt += 1
            if stop != -1 and self._cnt >= stop:
                raise StopIteration
            item = next(it)
        except StopIteration:
            self._it = None
            raise
        self._cnt += 1
        self._next += self._step
        if stop != -1 and self._next > stop:
            self._next = stop
        return item


class starmap:
    """Return an iterator whose values are returned from the function evaluated with an
    argument tuple taken from the given sequence."""

    def __init__(self, *args, **kwargs):
        _no_keywords('starmap', kwargs)
        _arg_count('starmap', args, 2, 2)
        self._func = args[0]
        self._it = iter(args[1])

    def __iter__(self):
        return self

    def __next__(self):
        args = next(self._it)
        if type(args) is not tuple:
            args = tuple(args)
        return self._func(*args)


class _tee:
    """Iterator wrapped to make it copyable."""

    def __init__(self, iterator, link):
        self._iterator = iterator
        self._link = link

    def __iter__(self):
        return self

    def __next__(self):
        link = self._link
        if link[1] is None:
            link[0] = next(self._iterator)
            link[1] = [None, None]
        value = link[0]
        self._link = link[1]
        return value

    def __copy__(self):
        return _tee(self._iterator, self._link)


def tee(*args, **kwargs):
    """Returns a tuple of n independent iterators."""
    _no_keywords('tee', kwargs)
    _arg_count('tee', args, 1, 2)
    n = 2
    if len(args) == 2:
        n = _index(args[1])
    if n < 0:
        raise ValueError('n must be >= 0')
    result = []
    if n == 0:
        return ()
    it = iter(args[0])
    if hasattr(it, '__copy__'):
        copyable = it
    else:
        copyable = _tee(it, [None, None])
    result.append(copyable)
    for i in range(1, n):
        copyable = copyable.__copy__()
        result.append(copyable)
    return tuple(result)


class zip_longest:
    """Return a zip_longest object whose .__next__() method returns a tuple where the
    i-th element comes from the i-th iterable argument."""

    def __init__(self, *iterables, **kwargs):
        fillvalue = None
        for name in kwargs:
            if name != 'fillvalue':
                raise TypeError('zip_longest() got an unexpected keyword argument')
            fillvalue = kwargs[name]
        self._its = [iter(iterable) for iterable in iterables]
        self._numactive = len(self._its)
        self._fillvalue = fillvalue

    def __iter__(self):
        return self

    def __next__(self):
        its = self._its
        if not its or self._numactive == 0:
            raise StopIteration
        result = []
        for i in range(len(its)):
            it = its[i]
            if it is None:
                item = self._fillvalue
            else:
                try:
                    item = next(it)
                except StopIteration:
                    self._numactive -= 1
                    if self._numactive == 0:
                        raise
                    its[i] = None
                    item = self._fillvalue
            result.append(item)
        return tuple(result)


class product:
    """Cartesian product of input iterables.  Equivalent to nested for-loops."""

    def __init__(self, *iterables, **kwargs):
        repeat = 1
        for name in kwargs:
            if name != 'repeat':
                raise TypeError("product() got an unexpected keyword argument '%s'" % name)
            repeat = _index(kwargs[name])
        if repeat < 0:
            raise ValueError('repeat argument cannot be negative')
        pools = [tuple(iterable) for iterable in iterables]
        self._pools = pools * repeat
        self._indices = None
        self._stopped = False

    def __iter__(self):
        return self

    def __next__(self):
        if self._stopped:
            raise StopIteration
        pools = self._pools
        if self._indices is None:
            for pool in pools:
                if not pool:
                    self._stopped = True
                    raise StopIteration
            self._indices = [0] * len(pools)
            return tuple([pool[0] for pool in pools])
        indices = self._indices
        i = len(pools) - 1
        while i >= 0:
            indices[i] += 1
            if indices[i] < len(pools[i]):
                break
            indices[i] = 0
            i -= 1
        if i < 0:
            self._stopped = True
            raise StopIteration
        return tuple([pools[j][indices[j]] for j in range(len(pools))])


class permutations:
    """Return successive r-length permutations of elements in the iterable."""

    def __init__(self, iterable, r=None):
        pool = tuple(iterable)
        n = len(pool)
        if r is None:
            r = n
        else:
            r = _index(r)
            if r < 0:
                raise ValueError('r must be non-negative')
        self._pool = pool
        self._r = r
        self._indices = list(range(n))
        self._cycles = list(range(n, n - r, -1))
        self._first = True
        self._stopped = r > n

    def __iter__(self):
        return self

    def __next__(self):
        if self._stopped:
            raise StopIteration
        pool, r, indices, cycles = self._pool, self._r, self._indices, self._cycles
        n = len(pool)
        if self._first:
            self._first = False
            return tuple([pool[i] for i in indices[:r]])
        if n == 0:
            self._stopped = True
            raise StopIteration
        i = r - 1
        while i >= 0:
            cycles[i] -= 1
            if cycles[i] == 0:
                index = indices[i]
                del indices[i]
                indices.append(index)
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                return tuple([pool[k] for k in indices[:r]])
            i -= 1
        self._stopped = True
        raise StopIteration


class combinations:
    """Return successive r-length combinations of elements in the iterable."""

    def __init__(self, iterable, r):
        pool = tuple(iterable)
        r = _index(r)
        if r < 0:
            raise ValueError('r must be non-negative')
        self._pool = pool
        self._r = r
        self._indices = list(range(r))
        self._first = True
        self._stopped = r > len(pool)

    def __iter__(self):
        return self

    def __next__(self):
        if self._stopped:
            raise StopIteration
        pool, r, indices = self._pool, self._r, self._indices
        n = len(pool)
        if self._first:
            self._first = False
            return tuple([pool[i] for i in indices])
        i = r - 1
        while i >= 0:
            if indices[i] != i + n - r:
                break
            i -= 1
        if i < 0:
            self._stopped = True
            raise StopIteration
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        return tuple([pool[k] for k in indices])


class combinations_with_replacement:
    """Return successive r-length combinations of elements in the iterable allowing
    individual elements to have successive repeats."""

    def __init__(self, iterable, r):
        pool = tuple(iterable)
        r = _index(r)
        if r < 0:
            raise ValueError('r must be non-negative')
        self._pool = pool
        self._r = r
        self._indices = [0] * r
        self._first = True
        self._stopped = not pool and r > 0

    def __iter__(self):
        return self

    def __next__(self):
        if self._stopped:
            raise StopIteration
        pool, r, indices = self._pool, self._r, self._indices
        n = len(pool)
        if self._first:
            self._first = False
            return tuple([pool[i] for i in indices])
        i = r - 1
        while i >= 0:
            if indices[i] != n - 1:
                break
            i -= 1
        if i < 0:
            self._stopped = True
            raise StopIteration
        value = indices[i] + 1
        for j in range(i, r):
            indices[j] = value
        return tuple([pool[k] for k in indices])


if _VERSION >= (3, 10):

    class pairwise:
        """Return an iterator of overlapping pairs taken from the input iterator."""

        def __init__(self, *args, **kwargs):
            _no_keywords('pairwise', kwargs)
            _arg_count('pairwise', args, 1, 1)
            self._it = iter(args[0])
            self._old = None
            self._have_old = False

        def __iter__(self):
            return self

        def __next__(self):
            it = self._it
            if it is None:
                raise StopIteration
            if not self._have_old:
                try:
                    self._old = next(it)
                except StopIteration:
                    self._it = None
                    raise
                self._have_old = True
            try:
                new = next(it)
            except StopIteration:
                self._it = None
                self._old = None
                self._have_old = False
                raise
            result = (self._old, new)
            self._old = new
            return result


if _VERSION >= (3, 12):

    class batched:
        """Batch data into tuples of length n. The last batch may be shorter than n."""

        if _VERSION >= (3, 13):
            def __init__(self, iterable, n, *, strict=False):
                self._setup(iterable, n, strict)
        else:
            def __init__(self, iterable, n):
                self._setup(iterable, n, False)

        def _setup(self, iterable, n, strict):
            n = _index(n)
            if n < 1:
                raise ValueError('n must be at least one')
            self._it = iter(iterable)
            self._n = n
            self._strict = strict

        def __iter__(self):
            return self

        def __next__(self):
            it = self._it
            if it is None:
                raise StopIteration
            batch = []
            for i in range(self._n):
                try:
                    batch.append(next(it))
                except StopIteration:
                    break
            if not batch:
                self._it = None
                raise StopIteration
            if len(batch) < self._n and self._strict:
                self._it = None
                raise ValueError('batched(): incomplete batch')
            return tuple(batch)
