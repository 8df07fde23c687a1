"""GIL Lab's model of multiprocessing.sharedctypes: Value, Array, RawValue and RawArray. The
ctypes object is a block of memory the scheduler shares between processes, one cell per
element, so a child's writes are what the parent reads, and `+=` on `.value` is a read and a
separate write that another process can come between."""

from _ctypes import _RawValue, _RawArray, _typecode_of, _byte_values

__all__ = ["RawValue", "RawArray", "Value", "Array", "copy", "synchronized"]

def RawValue(typecode_or_type, *args):

    return _RawValue(_typecode_of(typecode_or_type), args)


def RawArray(typecode_or_type, size_or_initializer):

    typecode = _typecode_of(typecode_or_type)
    if isinstance(size_or_initializer, int):
        return _RawArray(typecode, size_or_initializer)
    if isinstance(size_or_initializer, bytes):
        items = _byte_values(size_or_initializer)
    else:
        items = list(size_or_initializer)
    array = _RawArray(typecode, len(items))
    for i, item in enumerate(items):
        array._write(i, item)
    return array


def Value(typecode_or_type, *args, lock=True, ctx=None):

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
        return "<%s wrapper for %s>" % (type(self).__name__, self._obj.__repr__())


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
