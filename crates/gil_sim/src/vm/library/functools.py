"""GIL Lab's model of CPython's functools module (Lib/functools.py with its C parts:
partial, reduce, cmp_to_key and the lru_cache wrapper), per version 3.9 to 3.13."""

import sys as _sys

__all__ = ['update_wrapper', 'wraps', 'WRAPPER_ASSIGNMENTS', 'WRAPPER_UPDATES',
           'total_ordering', 'cache', 'cmp_to_key', 'lru_cache', 'reduce',
           'partial', 'cached_property', 'singledispatch']

_VERSION = _sys.version_info[:2]


################################################################################

################################################################################

if _VERSION >= (3, 12):
    WRAPPER_ASSIGNMENTS = ('__module__', '__name__', '__qualname__', '__doc__',
                           '__annotations__', '__type_params__')
else:
    WRAPPER_ASSIGNMENTS = ('__module__', '__name__', '__qualname__', '__doc__',
                           '__annotations__')
WRAPPER_UPDATES = ('__dict__',)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS,
                   updated=WRAPPER_UPDATES):
    """Update a wrapper function to look like the wrapped function"""
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            pass
        else:
            setattr(wrapper, attr, value)
    for attr in updated:
        target = getattr(wrapper, attr)
        source = getattr(wrapped, attr, {})
        if attr == '__dict__':
            # __dict__ is a copy in the simulator: set each attribute instead.
            for key in source:
                setattr(wrapper, key, source[key])
        else:
            target.update(source)
    # Set __wrapped__ last, so that updating __dict__ cannot copy the wrapped function's own.
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """Decorator factory to apply update_wrapper() to a wrapper function"""
    return partial(update_wrapper, wrapped=wrapped, assigned=assigned, updated=updated)


################################################################################

################################################################################

# Each derived method calls the root method through the type, never through the operator,
# so that a NotImplemented from the root is handed back rather than reflected.

def _gt_from_lt(self, other):

    op_result = type(self).__lt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result and self != other


def _le_from_lt(self, other):

    op_result = type(self).__lt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return op_result or self == other


def _ge_from_lt(self, other):

    op_result = type(self).__lt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result


def _ge_from_le(self, other):

    op_result = type(self).__le__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result or self == other


def _lt_from_le(self, other):

    op_result = type(self).__le__(self, other)
    if op_result is NotImplemented:
        return op_result
    return op_result and self != other


def _gt_from_le(self, other):

    op_result = type(self).__le__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result


def _lt_from_gt(self, other):

    op_result = type(self).__gt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result and self != other


def _ge_from_gt(self, other):

    op_result = type(self).__gt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return op_result or self == other


def _le_from_gt(self, other):

    op_result = type(self).__gt__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result


def _le_from_ge(self, other):

    op_result = type(self).__ge__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result or self == other


def _gt_from_ge(self, other):

    op_result = type(self).__ge__(self, other)
    if op_result is NotImplemented:
        return op_result
    return op_result and self != other


def _lt_from_ge(self, other):

    op_result = type(self).__ge__(self, other)
    if op_result is NotImplemented:
        return op_result
    return not op_result


_convert = {
    '__lt__': [('__gt__', _gt_from_lt), ('__le__', _le_from_lt), ('__ge__', _ge_from_lt)],
    '__le__': [('__ge__', _ge_from_le), ('__lt__', _lt_from_le), ('__gt__', _gt_from_le)],
    '__gt__': [('__lt__', _lt_from_gt), ('__ge__', _ge_from_gt), ('__le__', _le_from_gt)],
    '__ge__': [('__le__', _le_from_ge), ('__gt__', _gt_from_ge), ('__lt__', _lt_from_ge)],
}


def total_ordering(cls):

    # The comparisons the class defines itself (not those it inherits from object).
    roots = set()
    for op in _convert:
        if getattr(cls, op, None) is not getattr(object, op, None):
            roots.add(op)
    if not roots:
        raise ValueError('must define at least one ordering operation: < > <= >=')
    root = max(roots)       # __lt__ before __le__ before __gt__ before __ge__
    for opname, opfunc in _convert[root]:
        if opname not in roots:
            opfunc.__name__ = opname
            setattr(cls, opname, opfunc)
    return cls


################################################################################

################################################################################

class KeyWrapper:
    # C's functools.KeyWrapper: cmp_to_key() returns one without an object; calling it
    # makes one that wraps an object.

    def __init__(self, cmp, obj):
        self._cmp = cmp
        self.obj = obj

    def __call__(self, *args, **kwargs):
        if kwargs:
            if 'obj' in kwargs and not args and len(kwargs) == 1:
                return KeyWrapper(self._cmp, kwargs['obj'])
            for name in kwargs:
                if name != 'obj':
                    raise TypeError("K() got an unexpected keyword argument '%s'" % name)
        if not args:
            raise TypeError("K() missing required argument 'obj' (pos 1)")
        if len(args) > 1:
            raise TypeError('K() takes at most 1 argument (%d given)' % len(args))
        return KeyWrapper(self._cmp, args[0])

    def _compare(self, other):
        if not isinstance(other, KeyWrapper):
            raise TypeError('other argument must be K instance')
        return self._cmp(self.obj, other.obj)

    def __lt__(self, other):
        return self._compare(other) < 0

    def __gt__(self, other):
        return self._compare(other) > 0

    def __eq__(self, other):
        return self._compare(other) == 0

    def __ne__(self, other):
        return self._compare(other) != 0

    def __le__(self, other):
        return self._compare(other) <= 0

    def __ge__(self, other):
        return self._compare(other) >= 0

    def __hash__(self):
        raise TypeError("unhashable type: 'functools.KeyWrapper'")


def cmp_to_key(mycmp):
    """Convert a cmp= function into a key= function."""
    return KeyWrapper(mycmp, None)


################################################################################

################################################################################

def reduce(*args, **kwargs):
    """reduce(function, iterable[, initial]) -> value

    Apply a function of two arguments cumulatively to the items of a sequence
    or iterable, from left to right, so as to reduce the iterable to a single
    value.  If initial is present, it is placed before the items of the
    iterable in the calculation, and serves as a default when the iterable is
    empty.
    """
    if kwargs:
        raise TypeError('reduce() takes no keyword arguments')
    if len(args) < 2:
        raise TypeError('reduce expected at least 2 arguments, got %d' % len(args))
    if len(args) > 3:
        raise TypeError('reduce expected at most 3 arguments, got %d' % len(args))
    function = args[0]
    try:
        it = iter(args[1])
    except TypeError:
        raise TypeError('reduce() arg 2 must support iteration') from None
    if len(args) == 3:
        value = args[2]
    else:
        empty = True
        for element in it:
            value = element
            empty = False
            break
        if empty:
            if _VERSION >= (3, 10):
                raise TypeError('reduce() of empty iterable with no initial value')
            raise TypeError('reduce() of empty sequence with no initial value')
    for element in it:
        value = function(value, element)
    return value


################################################################################

################################################################################

_PARTIAL_STATE = ('_partial_func', '_partial_args', '_partial_keywords')


class partial:
    """partial(func, *args, **keywords) - new function with partial application
    of the given arguments and keywords.
    """

    def __init__(*args, **keywords):
        if not args:
            raise TypeError("descriptor '__init__' of 'partial' object needs an argument")
        self = args[0]
        args = args[1:]
        if not args:
            raise TypeError("type 'partial' takes at least one argument")
        func = args[0]
        args = args[1:]
        if not callable(func):
            raise TypeError('the first argument must be callable')
        if type(func) is partial and type(self) is partial and _own_attributes(func) == 0:
            args = func._partial_args + args
            merged = dict(func._partial_keywords)
            merged.update(keywords)
            keywords = merged
            func = func._partial_func
        self._partial_func = func
        self._partial_args = tuple(args)
        self._partial_keywords = keywords

    @property
    def func(self):
        """function object to use in future partial calls"""
        return self._partial_func

    @func.setter
    def func(self, value):
        raise AttributeError('readonly attribute')

    @property
    def args(self):
        """tuple of arguments to future partial calls"""
        return self._partial_args

    @args.setter
    def args(self, value):
        raise AttributeError('readonly attribute')

    @property
    def keywords(self):
        """dictionary of keyword arguments to future partial calls"""
        return self._partial_keywords

    @keywords.setter
    def keywords(self, value):
        raise AttributeError('readonly attribute')

    def __call__(*args, **keywords):
        self = args[0]
        merged = dict(self._partial_keywords)
        merged.update(keywords)
        return self._partial_func(*self._partial_args, *args[1:], **merged)

    def __repr__(self):
        cls = type(self)
        if cls is partial:
            name = 'functools.partial'
        elif _VERSION >= (3, 13):
            name = '%s.%s' % (cls.__module__, cls.__qualname__)
        else:
            name = cls.__name__
        parts = [repr(self._partial_func)]
        for arg in self._partial_args:
            parts.append(repr(arg))
        for key in self._partial_keywords:
            parts.append('%s=%r' % (key, self._partial_keywords[key]))
        return '%s(%s)' % (name, ', '.join(parts))


def _own_attributes(obj):
    # How many attributes were set on a partial object beyond its own state: C flattens a
    # nested partial only when the inner one has no instance dictionary.
    try:
        names = obj.__dict__
    except AttributeError:
        return 0
    count = 0
    for name in names:
        if name not in _PARTIAL_STATE:
            count += 1
    return count


################################################################################

################################################################################

_CacheInfo = None


def _cache_info_type():
    # collections.namedtuple("CacheInfo", ...), made on first use so that importing
    # functools does not need collections.
    global _CacheInfo
    if _CacheInfo is None:
        from collections import namedtuple
        _CacheInfo = namedtuple('CacheInfo', ['hits', 'misses', 'maxsize', 'currsize'])
    return _CacheInfo


_KWD_MARK = (object(),)


def _make_key(args, kwds, typed):
    # The key C's lru_cache builds: the arguments, a marker and the keyword items, the
    # types when typed; a lone int or str argument is its own key.
    key = args
    if kwds:
        key += _KWD_MARK
        for item in kwds.items():
            key += item
    if typed:
        key += tuple([type(v) for v in args])
        if kwds:
            key += tuple([type(v) for v in kwds.values()])
    elif len(key) == 1 and (type(key[0]) is int or type(key[0]) is str):
        return key[0]
    return key


def lru_cache(maxsize=128, typed=False):
    """Least-recently-used cache decorator.

    If *maxsize* is set to None, the LRU features are disabled and the cache
    can grow without bound.

    If *typed* is True, arguments of different types will be cached separately.
    """
    if isinstance(maxsize, int):
        if maxsize < 0:
            maxsize = 0
    elif callable(maxsize) and isinstance(typed, bool):
        # The user_function was passed in directly via the maxsize argument.
        user_function, maxsize = maxsize, 128
        wrapper = _lru_cache_wrapper(user_function, maxsize, typed)
        wrapper.cache_parameters = lambda: {'maxsize': maxsize, 'typed': typed}
        return update_wrapper(wrapper, user_function)
    elif maxsize is not None:
        raise TypeError('Expected first argument to be an integer, a callable, or None')

    def decorating_function(user_function):
        wrapper = _lru_cache_wrapper(user_function, maxsize, typed)
        wrapper.cache_parameters = lambda: {'maxsize': maxsize, 'typed': typed}
        return update_wrapper(wrapper, user_function)

    return decorating_function


def _lru_cache_wrapper(user_function, maxsize, typed):
    # The cache is a dict in recency order: its first key is the least recently used.
    sentinel = object()
    cache = {}
    hits = 0
    misses = 0

    if maxsize == 0:

        def wrapper(*args, **kwds):
            nonlocal misses
            misses += 1
            return user_function(*args, **kwds)

    elif maxsize is None:

        def wrapper(*args, **kwds):
            nonlocal hits, misses
            key = _make_key(args, kwds, typed)
            result = cache.get(key, sentinel)
            if result is not sentinel:
                hits += 1
                return result
            misses += 1
            result = user_function(*args, **kwds)
            cache[key] = result
            return result

    else:

        def wrapper(*args, **kwds):
            nonlocal hits, misses
            key = _make_key(args, kwds, typed)
            result = cache.get(key, sentinel)
            if result is not sentinel:
                # Move the entry to the most recently used end.
                del cache[key]
                cache[key] = result
                hits += 1
                return result
            misses += 1
            result = user_function(*args, **kwds)
            if key in cache:
                # The same call was cached while the function ran (a recursive call):
                # the entry is already there.
                return result
            if len(cache) >= maxsize:
                for oldest in cache:
                    break
                del cache[oldest]
            cache[key] = result
            return result

    def cache_info():

        return _cache_info_type()(hits, misses, maxsize, len(cache))

    def cache_clear():

        nonlocal hits, misses
        cache.clear()
        hits = misses = 0

    wrapper.cache_info = cache_info
    wrapper.cache_clear = cache_clear
    return wrapper


################################################################################

################################################################################

def cache(user_function):

    return lru_cache(maxsize=None)(user_function)


################################################################################

################################################################################

_NOT_FOUND = object()


class cached_property:
    def __init__(self, func):
        self.func = func
        self.attrname = None
        self.__doc__ = func.__doc__
        if _VERSION >= (3, 13):
            self.__module__ = func.__module__
        if _VERSION < (3, 12):
            # Up to 3.11 one lock per cached_property serialises every first computation.
            from threading import RLock
            self.lock = RLock()

    def __set_name__(self, owner, name):
        if self.attrname is None:
            self.attrname = name
        elif name != self.attrname:
            raise TypeError(
                "Cannot assign the same cached_property to two different names "
                "(%r and %r)." % (self.attrname, name))

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if self.attrname is None:
            raise TypeError(
                "Cannot use cached_property instance without calling __set_name__ on it.")
        try:
            cache = instance.__dict__
        except AttributeError:
            raise TypeError(
                "No '__dict__' attribute on %r instance to cache %r property."
                % (type(instance).__name__, self.attrname)) from None
        val = cache.get(self.attrname, _NOT_FOUND)
        if val is _NOT_FOUND:
            if _VERSION < (3, 12):
                with self.lock:
                    # Another thread may have filled the cache while this one waited.
                    val = cache.get(self.attrname, _NOT_FOUND)
                    if val is _NOT_FOUND:
                        val = self.func(instance)
                        self._store(instance, cache, val)
            else:
                val = self.func(instance)
                self._store(instance, cache, val)
        return val

    def _store(self, instance, cache, val):
        try:
            cache[self.attrname] = val
            # The simulator's __dict__ is a copy: store the attribute itself too.
            object.__setattr__(instance, self.attrname, val)
        except TypeError:
            raise TypeError(
                "The '__dict__' attribute on %r instance does not support item "
                "assignment for caching %r property." % (type(instance).__name__,
                                                          self.attrname)) from None


################################################################################

################################################################################

def _find_impl(cls, registry):
    for base in cls.__mro__:
        if base in registry:
            return registry[base]
    return registry[object]


def singledispatch(func):
    registry = {}
    cache = {}

    def dispatch(cls):
        try:
            return cache[cls]
        except KeyError:
            impl = cache[cls] = _find_impl(cls, registry)
            return impl

    def register(cls, func=None):
        if isinstance(cls, type):
            if func is None:
                return lambda f: register(cls, f)
        else:
            if func is not None:
                raise TypeError(f"{cls!r} is not a class or union type.")
            func = cls
            annotations = getattr(func, '__annotations__', {})
            if not annotations:
                raise TypeError(
                    f"Invalid first argument to `register()`: {func!r}. "
                    f"Use either `@register(some_class)` or plain `@register` "
                    f"on an annotated function.")
            argname, cls = next(iter(annotations.items()))
            if not isinstance(cls, type):
                raise TypeError(
                    f"Invalid annotation for {argname!r}. {cls!r} is not a class.")
        registry[cls] = func
        cache.clear()
        return func

    def wrapper(*args, **kw):
        if not args:
            raise TypeError(f'{funcname} requires at least 1 positional argument')
        return dispatch(args[0].__class__)(*args, **kw)

    funcname = getattr(func, '__name__', 'singledispatch function')
    registry[object] = func
    wrapper.register = register
    wrapper.dispatch = dispatch
    wrapper.registry = registry
    update_wrapper(wrapper, func)
    return wrapper
