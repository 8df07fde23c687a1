"""GIL Lab's model of CPython's collections module (Lib/collections/__init__.py with the
C types of _collections): deque, defaultdict, Counter, namedtuple, OrderedDict, ChainMap."""

import sys as _sys

__all__ = ['ChainMap', 'Counter', 'OrderedDict', 'defaultdict', 'deque', 'namedtuple']

_VERSION = _sys.version_info[:2]
_MAXSIZE = _sys.maxsize

# The objects whose repr is being built, so that a container holding itself shows "..."
# (Py_ReprEnter).
_repr_running = set()


def _index(value):
    # A C argument of type Py_ssize_t: an int or an object with __index__.
    if isinstance(value, int):
        return int(value)
    if hasattr(type(value), '__index__'):
        return type(value).__index__(value)
    raise TypeError("'%s' object cannot be interpreted as an integer"
                    % type(value).__name__)


def _eq(a, b):
    # PyObject_RichCompareBool(a, b, Py_EQ): identity first.
    return a is b or bool(a == b)


def _is_mapping(obj):
    # The mappings collections.abc.Mapping knows without registration tricks.
    return isinstance(obj, (dict, ChainMap))


################################################################################
### deque
################################################################################

class deque:
    """A list-like sequence optimized for data accesses near its endpoints."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError('an integer is required')
            maxlen = int(maxlen)
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        # The state counts mutations, so an iterator can tell that the deque changed.
        self._state = getattr(self, '_state', 0) + 1
        self._data = []
        self.extend(iterable)

    # --- the ends -------------------------------------------------------------

    def append(self, x):
        """Add an element to the right side of the deque."""
        data = self._data
        data.append(x)
        self._state += 1
        if self._maxlen is not None and len(data) > self._maxlen:
            del data[0]

    def appendleft(self, x):
        """Add an element to the left side of the deque."""
        data = self._data
        data.insert(0, x)
        self._state += 1
        if self._maxlen is not None and len(data) > self._maxlen:
            data.pop()

    def pop(self):
        """Remove and return the rightmost element."""
        if not self._data:
            raise IndexError('pop from an empty deque')
        self._state += 1
        return self._data.pop()

    def popleft(self):
        """Remove and return the leftmost element."""
        if not self._data:
            raise IndexError('pop from an empty deque')
        self._state += 1
        return self._data.pop(0)

    def extend(self, iterable):
        """Extend the right side of the deque with elements from the iterable"""
        if iterable is self:
            iterable = list(iterable)
        it = iter(iterable)
        if self._maxlen == 0:
            for item in it:
                pass
            return
        for item in it:
            self.append(item)

    def extendleft(self, iterable):
        """Extend the left side of the deque with elements from the iterable"""
        if iterable is self:
            iterable = list(iterable)
        it = iter(iterable)
        if self._maxlen == 0:
            for item in it:
                pass
            return
        for item in it:
            self.appendleft(item)

    # --- whole-deque operations -------------------------------------------------

    def clear(self):
        """Remove all elements from the deque."""
        del self._data[:]
        self._state += 1

    def copy(self):
        """Return a shallow copy of a deque."""
        if type(self) is deque:
            new = deque((), self._maxlen)
            new.extend(self)
            return new
        if self._maxlen is None:
            return type(self)(self)
        return type(self)(self, self._maxlen)

    __copy__ = copy

    def rotate(self, n=1):
        """Rotate the deque n steps to the right (default n=1).  If n is negative, rotates
        left."""
        n = _index(n)
        data = self._data
        size = len(data)
        if size <= 1:
            return
        n = n % size
        if n:
            data[:] = data[-n:] + data[:-n]

    def reverse(self):
        """Reverse *IN PLACE*"""
        self._data.reverse()

    def count(self, value):
        """Return number of occurrences of value."""
        data = self._data
        state = self._state
        n = 0
        for i in range(len(data)):
            item = data[i]
            equal = _eq(item, value)
            if state != self._state:
                raise RuntimeError('deque mutated during iteration')
            if equal:
                n += 1
        return n

    def index(self, value, start=0, stop=_MAXSIZE):
        """Return first index of value.

        Raises ValueError if the value is not present.
        """
        start = _index(start)
        stop = _index(stop)
        data = self._data
        n = len(data)
        if start < 0:
            start += n
            if start < 0:
                start = 0
        if stop < 0:
            stop += n
            if stop < 0:
                stop = 0
        if stop > n:
            stop = n
        if start > stop:
            start = stop
        state = self._state
        for i in range(start, stop):
            item = data[i]
            equal = _eq(item, value)
            if state != self._state:
                raise RuntimeError('deque mutated during iteration')
            if equal:
                return i
        raise ValueError('%r is not in deque' % (value,))

    def insert(self, index, value):
        """Insert value before index."""
        index = _index(index)
        if self._maxlen is not None and len(self._data) >= self._maxlen:
            raise IndexError('deque already at its maximum size')
        n = len(self._data)
        if index >= n:
            self.append(value)
        elif index <= -n or index == 0:
            self.appendleft(value)
        else:
            self._data.insert(index, value)
            self._state += 1

    def remove(self, value):
        """Remove first occurrence of value."""
        data = self._data
        for i in range(len(data)):
            item = data[i]
            equal = _eq(item, value)
            if len(data) != len(self._data) or data is not self._data:
                raise IndexError('deque mutated during remove().')
            if equal:
                del data[i]
                self._state += 1
                return
        if _VERSION >= (3, 10):
            raise ValueError('%r is not in deque' % (value,))
        raise ValueError('deque.remove(x): x not in deque')

    @property
    def maxlen(self):
        """maximum size of a deque or None if unbounded"""
        return self._maxlen

    @maxlen.setter
    def maxlen(self, value):
        raise AttributeError("attribute 'maxlen' of 'collections.deque' objects is not "
                             "writable")

    # --- the sequence protocol --------------------------------------------------

    def __len__(self):
        return len(self._data)

    def __bool__(self):
        return len(self._data) != 0

    def _checked_index(self, i):
        if not isinstance(i, int):
            if not hasattr(type(i), '__index__'):
                raise TypeError('sequence index must be integer, not %r'
                                % (type(i).__name__,))
            i = type(i).__index__(i)
        n = len(self._data)
        if i < 0:
            i += n
        if i < 0 or i >= n:
            raise IndexError('deque index out of range')
        return i

    def __getitem__(self, i):
        return self._data[self._checked_index(i)]

    def __setitem__(self, i, value):
        self._data[self._checked_index(i)] = value

    def __delitem__(self, i):
        i = self._checked_index(i)
        del self._data[i]
        self._state += 1

    def __contains__(self, value):
        data = self._data
        state = self._state
        for i in range(len(data)):
            item = data[i]
            equal = _eq(item, value)
            if state != self._state:
                raise RuntimeError('deque mutated during iteration')
            if equal:
                return True
        return False

    def __iter__(self):
        return _deque_iterator(self, False)

    def __reversed__(self):
        return _deque_iterator(self, True)

    def __repr__(self):
        key = id(self)
        if key in _repr_running:
            return '[...]'
        _repr_running.add(key)
        try:
            items = repr(list(self._data))
        finally:
            _repr_running.discard(key)
        name = type(self).__name__
        if self._maxlen is not None:
            return '%s(%s, maxlen=%d)' % (name, items, self._maxlen)
        return '%s(%s)' % (name, items)

    def __hash__(self):
        raise TypeError("unhashable type: 'collections.deque'")

    # --- comparisons ---------------------------------------------------------------

    def _compare(self, other, op):
        if not isinstance(other, deque):
            return NotImplemented
        a = list(self._data)
        b = list(other._data)
        if op == 'eq' and len(a) != len(b):
            return False
        if op == 'ne' and len(a) != len(b):
            return True
        n = min(len(a), len(b))
        i = 0
        while i < n:
            if not _eq(a[i], b[i]):
                break
            i += 1
        if i >= n:
            x, y = len(a), len(b)
        else:
            if op == 'eq':
                return False
            if op == 'ne':
                return True
            x, y = a[i], b[i]
        if op == 'eq':
            return x == y
        if op == 'ne':
            return x != y
        if op == 'lt':
            return x < y
        if op == 'le':
            return x <= y
        if op == 'gt':
            return x > y
        return x >= y

    def __eq__(self, other):
        return self._compare(other, 'eq')

    def __ne__(self, other):
        return self._compare(other, 'ne')

    def __lt__(self, other):
        return self._compare(other, 'lt')

    def __le__(self, other):
        return self._compare(other, 'le')

    def __gt__(self, other):
        return self._compare(other, 'gt')

    def __ge__(self, other):
        return self._compare(other, 'ge')

    # --- arithmetic -----------------------------------------------------------------

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "%s") to deque'
                            % type(other).__name__)
        new = self.copy()
        new.extend(other)
        return new

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __imul__(self, n):
        n = _index(n)
        items = list(self._data)
        self.clear()
        if n > 0:
            for i in range(n):
                self.extend(items)
        return self

    def __mul__(self, n):
        new = self.copy()
        new *= n
        return new

    __rmul__ = __mul__


class _deque_iterator:

    def __init__(self, d, backwards):
        self._deque = d
        self._state = d._state
        self._backwards = backwards
        self._index = 0
        self._len = len(d._data)

    def __iter__(self):
        return self

    def __next__(self):
        d = self._deque
        if d is None:
            raise StopIteration
        if d._state != self._state:
            self._len = 0
            raise RuntimeError('deque mutated during iteration')
        if self._index >= self._len:
            self._deque = None
            raise StopIteration
        i = self._index
        self._index += 1
        if self._backwards:
            return d._data[len(d._data) - 1 - i]
        return d._data[i]

    def __length_hint__(self):
        return self._len - self._index


################################################################################
### defaultdict
################################################################################

class defaultdict(dict):
    """defaultdict(default_factory=None, /, [...]) --> dict with default factory"""

    def __init__(self, *args, **kwargs):
        factory = None
        if args:
            factory = args[0]
            args = args[1:]
            if factory is not None and not callable(factory):
                raise TypeError('first argument must be callable or None')
        self.default_factory = factory
        dict.__init__(self, *args, **kwargs)

    def __missing__(self, key):
        factory = self.default_factory
        if factory is None:
            raise KeyError(key)
        value = factory()
        self[key] = value
        return value

    def __repr__(self):
        factory = self.default_factory
        if factory is None:
            factory_repr = 'None'
        else:
            key = id(factory)
            if key in _repr_running:
                factory_repr = '...'
            else:
                _repr_running.add(key)
                try:
                    factory_repr = repr(factory)
                finally:
                    _repr_running.discard(key)
        return '%s(%s, %s)' % (type(self).__name__, factory_repr, dict.__repr__(self))

    def copy(self):
        """D.copy() -> a shallow copy of D."""
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, self)
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, other)
        new.update(self)
        return new

    def __ior__(self, other):
        dict.update(self, other)
        return self


################################################################################
### OrderedDict
################################################################################

# The order of an OrderedDict is the order of the dict underneath: moving a key to the end
# deletes and re-inserts it, moving it to the front rebuilds the dict.

class OrderedDict(dict):


    def __init__(self, *args, **kwds):
        if len(args) > 1:
            raise TypeError('expected at most 1 arguments, got %d' % len(args))
        self.update(*args, **kwds)

    def update(self, *args, **kwds):
        if len(args) > 1:
            raise TypeError('update expected at most 1 argument, got %d' % len(args))
        if args:
            other = args[0]
            if isinstance(other, dict):
                for key in other:
                    self[key] = other[key]
            elif hasattr(other, 'keys'):
                for key in other.keys():
                    self[key] = other[key]
            else:
                for key, value in other:
                    self[key] = value
        for key, value in kwds.items():
            self[key] = value

    def move_to_end(self, key, last=True):
        """Move an existing element to the end (or beginning if last is false)."""
        if not dict.__contains__(self, key):
            raise KeyError(key)
        if last:
            value = dict.pop(self, key)
            dict.__setitem__(self, key, value)
            return
        value = dict.__getitem__(self, key)
        items = list(dict.items(self))
        dict.clear(self)
        dict.__setitem__(self, key, value)
        for k, v in items:
            if not dict.__contains__(self, k):
                dict.__setitem__(self, k, v)

    def popitem(self, last=True):
        """Remove and return a (key, value) pair from the dictionary."""
        if not dict.__len__(self):
            raise KeyError('dictionary is empty')
        if last:
            key = list(dict.keys(self))[-1]
        else:
            for key in dict.keys(self):
                break
        value = dict.pop(self, key)
        return key, value

    def keys(self):
        return _odict_view('odict_keys', self, 0)

    def values(self):
        return _odict_view('odict_values', self, 1)

    def items(self):
        return _odict_view('odict_items', self, 2)

    def __reversed__(self):
        return reversed(list(dict.keys(self)))

    def copy(self):

        return type(self)(self)

    __copy__ = copy

    @classmethod
    def fromkeys(cls, iterable, value=None):
        """Create a new ordered dictionary with keys from iterable and values set to
        value."""
        self = cls()
        for key in iterable:
            self[key] = value
        return self

    def setdefault(self, key, default=None):
        if key in self:
            return self[key]
        self[key] = default
        return default

    def pop(self, key, *args):
        if len(args) > 1:
            raise TypeError('pop expected at most 2 arguments, got %d' % (len(args) + 1))
        if dict.__contains__(self, key):
            value = self[key]
            dict.__delitem__(self, key)
            return value
        if args:
            return args[0]
        raise KeyError(key)

    def __repr__(self):
        name = type(self).__name__
        key = id(self)
        if key in _repr_running:
            return '...'
        if not dict.__len__(self):
            return '%s()' % name
        _repr_running.add(key)
        try:
            if _VERSION >= (3, 12):
                return '%s(%s)' % (name, dict.__repr__(self))
            return '%s(%r)' % (name, list(dict.items(self)))
        finally:
            _repr_running.discard(key)

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            if not dict.__eq__(self, other):
                return False
            for a, b in zip(list(dict.keys(self)), list(dict.keys(other))):
                if not _eq(a, b):
                    return False
            return True
        return dict.__eq__(self, other)

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    __hash__ = None

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self)
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(other)
        new.update(self)
        return new

    def __ior__(self, other):
        self.update(other)
        return self


class _odict_view:
    # odict_keys, odict_values and odict_items: live views in the dictionary's order.

    def __init__(self, name, mapping, kind):
        self._name = name
        self._mapping = mapping
        self._kind = kind

    def __len__(self):
        return dict.__len__(self._mapping)

    def __iter__(self):
        mapping = self._mapping
        for key in dict.keys(mapping):
            if self._kind == 0:
                yield key
            elif self._kind == 1:
                yield dict.__getitem__(mapping, key)
            else:
                yield (key, dict.__getitem__(mapping, key))

    def __reversed__(self):
        return reversed(list(self))

    def __contains__(self, item):
        mapping = self._mapping
        if self._kind == 0:
            return dict.__contains__(mapping, item)
        if self._kind == 1:
            for value in self:
                if _eq(value, item):
                    return True
            return False
        if not isinstance(item, tuple) or len(item) != 2:
            return False
        key, value = item
        if not dict.__contains__(mapping, key):
            return False
        return _eq(dict.__getitem__(mapping, key), value)

    def __repr__(self):
        return '%s(%r)' % (self._name, list(self))

    def _set(self):
        return set(self)

    def __eq__(self, other):
        if self._kind == 1:
            return self is other
        if isinstance(other, _odict_view):
            other = other._set()
        if isinstance(other, (set, frozenset)):
            return self._set() == other
        return NotImplemented

    def __and__(self, other):
        return self._set() & set(other)

    def __or__(self, other):
        return self._set() | set(other)

    def __sub__(self, other):
        return self._set() - set(other)

    def __xor__(self, other):
        return self._set() ^ set(other)


################################################################################
### namedtuple
################################################################################

_KEYWORDS = frozenset([
    'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class',
    'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global',
    'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
    'return', 'try', 'while', 'with', 'yield'])


def _quoted_list(names):
    # The way CPython lists missing arguments: 'a', 'a' and 'b', 'a', 'b', and 'c'.
    quoted = ["'%s'" % name for name in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return '%s and %s' % (quoted[0], quoted[1])
    return '%s, and %s' % (', '.join(quoted[:-1]), quoted[-1])


def _bind_arguments(fname, field_names, defaults, args, kwds):
    # The checks CPython makes when it calls the generated __new__(_cls, f1, f2, ...), in
    # its order: keywords, then too many positionals, then missing ones.
    num_fields = len(field_names)
    values = list(args[:num_fields])
    bound = [True] * len(values) + [False] * (num_fields - len(values))
    values += [None] * (num_fields - len(values))
    for name in kwds:
        if name not in field_names:
            raise TypeError("%s() got an unexpected keyword argument '%s'" % (fname, name))
        i = field_names.index(name)
        if bound[i]:
            raise TypeError("%s() got multiple values for argument '%s'" % (fname, name))
        values[i] = kwds[name]
        bound[i] = True
    if len(args) > num_fields:
        most = num_fields + 1
        least = most - len(defaults)
        given = len(args) + 1
        if least == most:
            raise TypeError('%s() takes %d positional argument%s but %d were given'
                            % (fname, most, '' if most == 1 else 's', given))
        raise TypeError('%s() takes from %d to %d positional arguments but %d were given'
                        % (fname, least, most, given))
    first_default = num_fields - len(defaults)
    missing = []
    for i in range(num_fields):
        if not bound[i]:
            if i >= first_default:
                values[i] = defaults[i - first_default]
            else:
                missing.append(field_names[i])
    if missing:
        raise TypeError('%s() missing %d required positional argument%s: %s'
                        % (fname, len(missing), '' if len(missing) == 1 else 's',
                           _quoted_list(missing)))
    return values


def _as_tuple(value):
    inner = getattr(value, '_tuple', None)
    return inner if type(inner) is tuple else value


def _field_property(index, name):
    def get(self):
        return self._tuple[index]

    def set(self, value):
        raise AttributeError("can't set attribute")

    def delete(self):
        raise AttributeError("can't delete attribute")

    return property(get, set, delete, 'Alias for field number %d' % index)


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    """Returns a new subclass of tuple with named fields."""



    if isinstance(field_names, str):
        field_names = field_names.replace(',', ' ').split()
    field_names = [str(name) for name in field_names]
    typename = str(typename)

    if rename:
        seen = set()
        for index in range(len(field_names)):
            name = field_names[index]
            if (not name.isidentifier() or name in _KEYWORDS or name.startswith('_')
                    or name in seen):
                field_names[index] = '_%d' % index
            seen.add(name)

    for name in [typename] + field_names:
        if type(name) is not str:
            raise TypeError('Type names and field names must be strings')
        if not name.isidentifier():
            raise ValueError('Type names and field names must be valid identifiers: %r'
                             % (name,))
        if name in _KEYWORDS:
            raise ValueError('Type names and field names cannot be a keyword: %r' % (name,))

    seen = set()
    for name in field_names:
        if name.startswith('_') and not rename:
            raise ValueError('Field names cannot start with an underscore: %r' % (name,))
        if name in seen:
            raise ValueError('Encountered duplicate field name: %r' % (name,))
        seen.add(name)

    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > len(field_names):
            raise TypeError('Got more default values than field names')
        for name, value in zip(field_names[len(field_names) - len(defaults):], defaults):
            field_defaults[name] = value
    else:
        defaults = ()

    field_names = tuple(field_names)
    num_fields = len(field_names)
    arg_list = ', '.join(field_names)
    if num_fields == 1:
        arg_list += ','
    if _VERSION >= (3, 10):
        new_name = '%s.__new__' % typename
    else:
        new_name = '<lambda>'

    # The simulator cannot subclass tuple: the class keeps its values in a tuple and acts
    # as one (iteration, indexing, comparison, hashing, unpacking).
    class _NamedTuple:

        def __init__(self, *args, **kwds):
            self._tuple = tuple(_bind_arguments(new_name, list(field_names), defaults,
                                                args, kwds))

        @classmethod
        def _make(cls, iterable):
            values = tuple(iterable)
            if len(values) != num_fields:
                raise TypeError('Expected %d arguments, got %d' % (num_fields, len(values)))
            return cls(*values)

        def _replace(self, /, **kwds):
            values = []
            for name, value in zip(field_names, self._tuple):
                if name in kwds:
                    values.append(kwds.pop(name))
                else:
                    values.append(value)
            result = self._make(values)
            if kwds:
                if _VERSION >= (3, 13):
                    raise TypeError('Got unexpected field names: %r' % (list(kwds),))
                raise ValueError('Got unexpected field names: %r' % (list(kwds),))
            return result

        def __repr__(self):
            parts = []
            for name, value in zip(field_names, self._tuple):
                parts.append('%s=%r' % (name, value))
            return '%s(%s)' % (self.__class__.__name__, ', '.join(parts))

        def _asdict(self):
            return dict(zip(self._fields, self._tuple))

        def __getnewargs__(self):
            return self._tuple

        def __iter__(self):
            return iter(self._tuple)

        def __len__(self):
            return num_fields

        def __getitem__(self, index):
            return self._tuple[index]

        def __contains__(self, item):
            return item in self._tuple

        def __hash__(self):
            return hash(self._tuple)

        def __eq__(self, other):
            return self._tuple == _as_tuple(other)

        def __ne__(self, other):
            return self._tuple != _as_tuple(other)

        def __lt__(self, other):
            return self._tuple < _as_tuple(other)

        def __le__(self, other):
            return self._tuple <= _as_tuple(other)

        def __gt__(self, other):
            return self._tuple > _as_tuple(other)

        def __ge__(self, other):
            return self._tuple >= _as_tuple(other)

        def __add__(self, other):
            return self._tuple + _as_tuple(other)

        def count(self, value):
            return self._tuple.count(value)

        def index(self, value, *args):
            return self._tuple.index(value, *args)

    cls = _NamedTuple
    cls.__name__ = typename
    cls.__qualname__ = typename
    cls.__doc__ = '%s(%s)' % (typename, ', '.join(field_names))
    cls._fields = field_names
    cls._field_defaults = field_defaults
    if _VERSION >= (3, 10):
        cls.__match_args__ = field_names
    for index in range(num_fields):
        setattr(cls, field_names[index], _field_property(index, field_names[index]))
    for method_name in ('_make', '_replace', '__repr__', '_asdict',
                        '__getnewargs__'):
        method = getattr(cls, method_name)
        method = getattr(method, '__func__', method)
        method.__qualname__ = '%s.%s' % (typename, method_name)
    if module is not None:
        cls.__module__ = module
    return cls


################################################################################
### Counter
################################################################################

def _count_elements(mapping, iterable):

    mapping_get = mapping.get
    for elem in iterable:
        mapping[elem] = mapping_get(elem, 0) + 1


def _count_of(pair):
    return pair[1]


class Counter(dict):
    """Dict subclass for counting hashable items.  Sometimes called a bag
    or multiset.  Elements are stored as dictionary keys and their counts
    are stored as dictionary values.
    """

    def __init__(self, iterable=None, /, **kwds):
        super().__init__()
        self.update(iterable, **kwds)

    def __missing__(self, key):

        return 0

    if _VERSION >= (3, 10):
        def total(self):
            'Sum of the counts'
            return sum(self.values())

    def most_common(self, n=None):
        """List the n most common elements and their counts from the most
        common to the least.  If n is None, then list all element counts.
        """
        if n is None:
            return sorted(self.items(), key=_count_of, reverse=True)
        import heapq
        return heapq.nlargest(n, self.items(), key=_count_of)

    def elements(self):
        """Iterator over elements repeating each as many times as its count."""
        for elem, count in list(self.items()):
            for i in range(count):
                yield elem

    @classmethod
    def fromkeys(cls, iterable, v=None):
        # No equivalent for counters: Counter.fromkeys('aaabbc', v=2) would be ambiguous.
        raise NotImplementedError(
            'Counter.fromkeys() is undefined.  Use Counter(iterable) instead.')

    def update(self, iterable=None, /, **kwds):
        """Like dict.update() but add counts instead of replacing them."""
        # Counts add up: both inputs and outputs may hold zero and negative counts.
        if iterable is not None:
            if _is_mapping(iterable):
                if self:
                    self_get = self.get
                    for elem, count in iterable.items():
                        self[elem] = count + self_get(elem, 0)
                else:
                    # Fast path when the counter is empty.
                    super().update(iterable)
            else:
                _count_elements(self, iterable)
        if kwds:
            self.update(kwds)

    def subtract(self, iterable=None, /, **kwds):
        """Like dict.update() but subtracts counts instead of replacing them."""
        if iterable is not None:
            self_get = self.get
            if _is_mapping(iterable):
                for elem, count in iterable.items():
                    self[elem] = self_get(elem, 0) - count
            else:
                for elem in iterable:
                    self[elem] = self_get(elem, 0) - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):

        return self.__class__(self)

    def __reduce__(self):
        return self.__class__, (dict(self),)

    def __delitem__(self, elem):

        if elem in self:
            super().__delitem__(elem)

    def __repr__(self):
        if not self:
            return '%s()' % self.__class__.__name__
        try:
            # dict() keeps the order most_common() returns.
            d = dict(self.most_common())
        except TypeError:
            # Counts that do not order.
            d = dict(self)
        return '%s(%r)' % (self.__class__.__name__, d)

    if _VERSION >= (3, 10):

        def __eq__(self, other):

            if not isinstance(other, Counter):
                return NotImplemented
            return all(self[e] == other[e] for c in (self, other) for e in c)

        def __ne__(self, other):

            if not isinstance(other, Counter):
                return NotImplemented
            return not self == other

        def __le__(self, other):

            if not isinstance(other, Counter):
                return NotImplemented
            return all(self[e] <= other[e] for c in (self, other) for e in c)

        def __lt__(self, other):

            if not isinstance(other, Counter):
                return NotImplemented
            return self <= other and self != other

        def __ge__(self, other):

            if not isinstance(other, Counter):
                return NotImplemented
            return all(self[e] >= other[e] for c in (self, other) for e in c)

        def __gt__(self, other):

            if not isinstance(other, Counter):
                return NotImplemented
            return self >= other and self != other

        __hash__ = None

    # Multiset operations keep only positive counts; results are ordered by first
    # appearance in the left operand, then in the right one.

    def __add__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            newcount = count + other[elem]
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result

    def __sub__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            newcount = count - other[elem]
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count < 0:
                result[elem] = 0 - count
        return result

    def __or__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            other_count = other[elem]
            newcount = other_count if count < other_count else count
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result

    def __and__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            other_count = other[elem]
            newcount = count if count < other_count else other_count
            if newcount > 0:
                result[elem] = newcount
        return result

    def __pos__(self):

        result = Counter()
        for elem, count in self.items():
            if count > 0:
                result[elem] = count
        return result

    def __neg__(self):


        result = Counter()
        for elem, count in self.items():
            if count < 0:
                result[elem] = 0 - count
        return result

    def _keep_positive(self):

        nonpositive = [elem for elem, count in self.items() if not count > 0]
        for elem in nonpositive:
            del self[elem]
        return self

    def __iadd__(self, other):
        for elem, count in other.items():
            self[elem] += count
        return self._keep_positive()

    def __isub__(self, other):
        for elem, count in other.items():
            self[elem] -= count
        return self._keep_positive()

    def __ior__(self, other):
        for elem, other_count in other.items():
            count = self[elem]
            if other_count > count:
                self[elem] = other_count
        return self._keep_positive()

    def __iand__(self, other):
        for elem, count in self.items():
            other_count = other[elem]
            if other_count < count:
                self[elem] = other_count
        return self._keep_positive()


################################################################################
### ChainMap
################################################################################

class _MappingView:

    def __init__(self, mapping):
        self._mapping = mapping

    def __len__(self):
        return len(self._mapping)

    def __repr__(self):
        return '%s(%r)' % (self.__class__.__name__, self._mapping)


class KeysView(_MappingView):

    def __contains__(self, key):
        return key in self._mapping

    def __iter__(self):
        yield from self._mapping


class ItemsView(_MappingView):

    def __contains__(self, item):
        key, value = item
        try:
            v = self._mapping[key]
        except KeyError:
            return False
        return v is value or v == value

    def __iter__(self):
        for key in self._mapping:
            yield (key, self._mapping[key])


class ValuesView(_MappingView):

    def __contains__(self, value):
        for key in self._mapping:
            v = self._mapping[key]
            if v is value or v == value:
                return True
        return False

    def __iter__(self):
        for key in self._mapping:
            yield self._mapping[key]


class ChainMap:
    """A ChainMap groups multiple dicts (or other mappings) together
    to create a single, updateable view.
    """

    def __init__(self, *maps):
        self.maps = list(maps) or [{}]          # always at least one map

    def __missing__(self, key):
        raise KeyError(key)

    def __getitem__(self, key):
        for mapping in self.maps:
            try:
                return mapping[key]             # not 'key in mapping': defaultdicts
            except KeyError:
                pass
        return self.__missing__(key)            # subclasses may define __missing__

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __len__(self):
        return len(set().union(*self.maps))

    def __iter__(self):
        d = {}
        for mapping in reversed(self.maps):
            d.update(dict.fromkeys(mapping))
        return iter(d)

    def __contains__(self, key):
        return any(key in m for m in self.maps)

    def __bool__(self):
        return any(self.maps)

    def __repr__(self):
        key = id(self)
        if key in _repr_running:
            return '...'
        _repr_running.add(key)
        try:
            return '%s(%s)' % (self.__class__.__name__,
                               ', '.join([repr(m) for m in self.maps]))
        finally:
            _repr_running.discard(key)

    @classmethod
    def fromkeys(cls, iterable, *args):

        return cls(dict.fromkeys(iterable, *args))

    def copy(self):

        return self.__class__(self.maps[0].copy(), *self.maps[1:])

    __copy__ = copy

    if _VERSION >= (3, 10):
        def new_child(self, m=None, **kwargs):




            if m is None:
                m = kwargs
            elif kwargs:
                m.update(kwargs)
            return self.__class__(m, *self.maps)
    else:
        def new_child(self, m=None):



            if m is None:
                m = {}
            return self.__class__(m, *self.maps)

    @property
    def parents(self):

        return self.__class__(*self.maps[1:])

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError('Key not found in the first mapping: %r' % (key,))

    def popitem(self):

        try:
            return self.maps[0].popitem()
        except KeyError:
            raise KeyError('No keys found in the first mapping.')

    def pop(self, key, *args):

        try:
            return self.maps[0].pop(key, *args)
        except KeyError:
            raise KeyError('Key not found in the first mapping: %r' % (key,))

    def clear(self):

        self.maps[0].clear()

    def keys(self):
        return KeysView(self)

    def items(self):
        return ItemsView(self)

    def values(self):
        return ValuesView(self)

    def setdefault(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            self[key] = default
        return default

    def update(self, other=(), /, **kwds):
        if _is_mapping(other):
            for key in other:
                self[key] = other[key]
        elif hasattr(other, 'keys'):
            for key in other.keys():
                self[key] = other[key]
        else:
            for key, value in other:
                self[key] = value
        for key, value in kwds.items():
            self[key] = value

    def __eq__(self, other):
        if not _is_mapping(other):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    __hash__ = None

    def __ior__(self, other):
        self.maps[0].update(other)
        return self

    def __or__(self, other):
        if not _is_mapping(other):
            return NotImplemented
        m = self.copy()
        m.maps[0].update(other)
        return m

    def __ror__(self, other):
        if not _is_mapping(other):
            return NotImplemented
        m = dict(other)
        for child in reversed(self.maps):
            m.update(child)
        return self.__class__(m)
