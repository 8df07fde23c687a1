"""GIL Lab's model of CPython's bisect module (the C accelerator _bisect): the same probes
and comparisons, key= from 3.10 on, and C's argument checks and messages."""

import sys as _sys

_HAS_KEY = _sys.version_info >= (3, 10)


def _index(value):
    # A C argument of type Py_ssize_t: an int or an object with __index__.
    if isinstance(value, int):
        return int(value)
    if hasattr(type(value), '__index__'):
        return type(value).__index__(value)
    raise TypeError("'%s' object cannot be interpreted as an integer"
                    % type(value).__name__)


def _parse(name, a, x, lo, hi, kwargs):
    key = None
    for keyword in kwargs:
        if keyword == 'key' and _HAS_KEY:
            key = kwargs[keyword]
        else:
            raise TypeError("'%s' is an invalid keyword argument for %s()" % (keyword, name))
    lo = _index(lo)
    if hi is None:
        hi = -1
    else:
        hi = _index(hi)
    if lo < 0:
        raise ValueError('lo must be non-negative')
    if hi == -1:
        hi = len(a)
    return lo, hi, key


def _right(a, x, lo, hi, key):
    while lo < hi:
        mid = (lo + hi) // 2
        item = a[mid]
        if key is not None:
            item = key(item)
        if x < item:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _left(a, x, lo, hi, key):
    while lo < hi:
        mid = (lo + hi) // 2
        item = a[mid]
        if key is not None:
            item = key(item)
        if item < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_right(a, x, lo=0, hi=None, **kwargs):
    """Return the index where to insert item x in list a, assuming a is sorted.

    The return value i is such that all e in a[:i] have e <= x, and all e in
    a[i:] have e > x.  So if x already appears in the list, a.insert(i, x) will
    insert just after the rightmost x already there.
    """
    lo, hi, key = _parse('bisect_right', a, x, lo, hi, kwargs)
    return _right(a, x, lo, hi, key)


def bisect_left(a, x, lo=0, hi=None, **kwargs):
    """Return the index where to insert item x in list a, assuming a is sorted.

    The return value i is such that all e in a[:i] have e < x, and all e in
    a[i:] have e >= x.  So if x already appears in the list, a.insert(i, x) will
    insert just before the leftmost x already there.
    """
    lo, hi, key = _parse('bisect_left', a, x, lo, hi, kwargs)
    return _left(a, x, lo, hi, key)


def insort_right(a, x, lo=0, hi=None, **kwargs):
    """Insert item x in list a, and keep it sorted assuming a is sorted.

    If x is already in a, insert it to the right of the rightmost x.
    """
    lo, hi, key = _parse('insort_right', a, x, lo, hi, kwargs)
    if key is None:
        index = _right(a, x, lo, hi, None)
    else:
        index = _right(a, key(x), lo, hi, key)
    a.insert(index, x)


def insort_left(a, x, lo=0, hi=None, **kwargs):
    """Insert item x in list a, and keep it sorted assuming a is sorted.

    If x is already in a, insert it to the left of the leftmost x.
    """
    lo, hi, key = _parse('insort_left', a, x, lo, hi, kwargs)
    if key is None:
        index = _left(a, x, lo, hi, None)
    else:
        index = _left(a, key(x), lo, hi, key)
    a.insert(index, x)


bisect = bisect_right
insort = insort_right
