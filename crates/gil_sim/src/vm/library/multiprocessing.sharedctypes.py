"""GIL Lab's model of multiprocessing.sharedctypes: Value, Array, RawValue and RawArray. The
ctypes object is a block of memory the scheduler shares between processes, one cell per
element, so a child's writes are what the parent reads, and `+=` on `.value` is a read and a
separate write that another process can come between."""

import _mp
import sys

__all__ = ["RawValue", "RawArray", "Value", "Array", "copy", "synchronized"]

# typecode: (ctypes name, kind, bits, signed)
_TYPES = {
    "c": ("c_char", "char", 8, False),
    "u": ("c_wchar", "wchar", 32, False),
    "b": ("c_byte", "int", 8, True),
    "B": ("c_ubyte", "int", 8, False),
    "h": ("c_short", "int", 16, True),
    "H": ("c_ushort", "int", 16, False),
    "i": ("c_int", "int", 32, True),
    "I": ("c_uint", "int", 32, False),
    "l": ("c_long", "int", 64, True),
    "L": ("c_ulong", "int", 64, False),
    "q": ("c_long", "int", 64, True),
    "Q": ("c_ulong", "int", 64, False),
    "f": ("c_float", "float", 32, True),
    "d": ("c_double", "float", 64, True),
}

_ZERO = {"char": b"\x00", "wchar": "\x00", "int": 0, "float": 0.0}


def _convert(typecode, value):
    name, kind, bits, signed = _TYPES[typecode]
    if kind == "int":
        if isinstance(value, float) or not isinstance(value, int):
            if sys.version_info >= (3, 10):
                raise TypeError("'%s' object cannot be interpreted as an integer"
                                % type(value).__name__)
            raise TypeError("int expected instead of %s" % type(value).__name__)
        value = int(value) & ((1 << bits) - 1)
        if signed and value >= 1 << (bits - 1):
            value -= 1 << bits
        return value
    if kind == "float":
        if not isinstance(value, (int, float)):
            raise TypeError("must be real number, not %s" % type(value).__name__)
        return float(value)
    if kind == "char":
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < 256:
                raise TypeError("one character bytes, bytearray or integer expected")
            return bytes([value])
        if not isinstance(value, bytes) or len(value) != 1:
            raise TypeError("one character bytes, bytearray or integer expected")
        return value
    if not isinstance(value, str) or len(value) != 1:
        raise TypeError("one character unicode string expected")
    return value


def _typecode_of(typecode_or_type):
    if isinstance(typecode_or_type, str) and typecode_or_type in _TYPES:
        return typecode_or_type
    for code, (name, kind, bits, signed) in _TYPES.items():
        if getattr(typecode_or_type, "__name__", None) == name:
            return code
    if isinstance(typecode_or_type, str):
        raise TypeError("this type has no size")
    raise TypeError("ctypes types are not modelled in GIL Lab; use a typecode such as 'i'")


class _Shared:
    """A ctypes object in shared memory: block `_mem`, `_length` cells of `_typecode`."""

    def _read(self, index):
        value = _mp.loads(_mp.mem_get(self._mem, index))
        if value is None:
            return _ZERO[_TYPES[self._typecode][1]]
        return value

    def _write(self, index, value):
        _mp.mem_set(self._mem, index, _convert(self._typecode, value))


class _RawValue(_Shared):
    def __init__(self, typecode, args):
        self._typecode = typecode
        self._mem = _mp.new_id()
        if args:
            self._write(0, args[0])

    @property
    def value(self):
        return self._read(0)

    @value.setter
    def value(self, value):
        self._write(0, value)

    def __repr__(self):
        return "%s(%r)" % (_TYPES[self._typecode][0], self.value)


class _RawArray(_Shared):
    def __init__(self, typecode, length):
        self._typecode = typecode
        self._length = length
        self._mem = _mp.new_id()

    def __len__(self):
        return self._length

    def _index(self, index):
        if not isinstance(index, int):
            raise TypeError("indices must be integers")
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("invalid index")
        return index

    def __getitem__(self, index):
        if isinstance(index, slice):
            items = [self._read(i) for i in range(*index.indices(self._length))]
            if self._typecode == "c":
                return b"".join(items)
            if self._typecode == "u":
                return "".join(items)
            return items
        return self._read(self._index(index))

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            positions = range(*index.indices(self._length))
            values = list(value)
            if len(values) != len(positions):
                raise ValueError("Can only assign sequence of same size")
            if self._typecode == "c":
                values = [bytes([v]) if isinstance(v, int) else v for v in values]
            for i, v in zip(positions, values):
                self._write(i, v)
            return
        self._write(self._index(index), value)

    def __iter__(self):
        for i in range(self._length):
            yield self._read(i)

    @property
    def value(self):
        if self._typecode not in "cu":
            raise AttributeError("'%s_Array_%d' object has no attribute 'value'"
                                 % (_TYPES[self._typecode][0], self._length))
        out = []
        for i in range(self._length):
            item = self._read(i)
            if item in (b"\x00", "\x00"):
                break
            out.append(item)
        return b"".join(out) if self._typecode == "c" else "".join(out)

    @value.setter
    def value(self, value):
        if len(value) > self._length:
            raise ValueError("byte string too long")
        for i in range(len(value)):
            self._write(i, value[i:i + 1] if self._typecode == "c" else value[i])
        if len(value) < self._length:
            self._write(len(value), _ZERO[_TYPES[self._typecode][1]])

    @property
    def raw(self):
        if self._typecode != "c":
            raise AttributeError("'%s_Array_%d' object has no attribute 'raw'"
                                 % (_TYPES[self._typecode][0], self._length))
        return b"".join(self._read(i) for i in range(self._length))

    def __repr__(self):
        return "<multiprocessing.sharedctypes.%s_Array_%d object at %#x>" % (
            _TYPES[self._typecode][0], self._length, id(self))


def RawValue(typecode_or_type, *args):
    """Returns a ctypes object allocated from shared memory"""
    return _RawValue(_typecode_of(typecode_or_type), args)


def RawArray(typecode_or_type, size_or_initializer):
    """Returns a ctypes array allocated from shared memory"""
    typecode = _typecode_of(typecode_or_type)
    if isinstance(size_or_initializer, int):
        return _RawArray(typecode, size_or_initializer)
    items = list(size_or_initializer)
    if typecode == "c" and isinstance(size_or_initializer, bytes):
        items = [bytes([b]) for b in items]
    array = _RawArray(typecode, len(items))
    for i, item in enumerate(items):
        array._write(i, item)
    return array


def Value(typecode_or_type, *args, lock=True, ctx=None):
    """Return a synchronization wrapper for a Value"""
    obj = RawValue(typecode_or_type, *args)
    if lock is False:
        return obj
    if lock in (True, None):
        from multiprocessing.synchronize import RLock
        lock = RLock()
    if not hasattr(lock, "acquire"):
        raise AttributeError("%r has no method 'acquire'" % lock)
    return synchronized(obj, lock, ctx=ctx)


def Array(typecode_or_type, size_or_initializer, *, lock=True, ctx=None):
    """Return a synchronization wrapper for a RawArray"""
    obj = RawArray(typecode_or_type, size_or_initializer)
    if lock is False:
        return obj
    if lock in (True, None):
        from multiprocessing.synchronize import RLock
        lock = RLock()
    if not hasattr(lock, "acquire"):
        raise AttributeError("%r has no method 'acquire'" % lock)
    return synchronized(obj, lock, ctx=ctx)


def copy(obj):
    if isinstance(obj, _RawArray):
        return RawArray(obj._typecode, obj[:] if obj._typecode not in "cu" else list(obj))
    return RawValue(obj._typecode, obj.value)


def synchronized(obj, lock=None, ctx=None):
    assert not isinstance(obj, SynchronizedBase), "object already synchronized"
    if isinstance(obj, _RawArray):
        if obj._typecode == "c":
            return SynchronizedString(obj, lock, ctx)
        return SynchronizedArray(obj, lock, ctx)
    return Synchronized(obj, lock, ctx)


class SynchronizedBase:
    def __init__(self, obj, lock=None, ctx=None):
        self._obj = obj
        if lock:
            self._lock = lock
        else:
            from multiprocessing.synchronize import RLock
            self._lock = RLock()
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def get_obj(self):
        return self._obj

    def get_lock(self):
        return self._lock

    def __repr__(self):
        return "<%s wrapper for %s>" % (type(self).__name__, self._obj)


class Synchronized(SynchronizedBase):
    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, value):
        with self._lock:
            self._obj.value = value


class SynchronizedArray(SynchronizedBase):
    def __len__(self):
        return len(self._obj)

    def __getitem__(self, i):
        with self._lock:
            return self._obj[i]

    def __setitem__(self, i, value):
        with self._lock:
            self._obj[i] = value

    def __iter__(self):
        for i in range(len(self._obj)):
            yield self[i]


class SynchronizedString(SynchronizedArray):
    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, value):
        with self._lock:
            self._obj.value = value

    @property
    def raw(self):
        with self._lock:
            return self._obj.raw

    @raw.setter
    def raw(self, value):
        with self._lock:
            self._obj[:] = value
