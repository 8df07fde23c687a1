"""GIL Lab's model of the ctypes objects multiprocessing.sharedctypes makes (C code in CPython,
so its frames never show in tracebacks): a block of memory the scheduler shares between
processes, one cell per element, so a child's writes are what the parent reads, and `+=` on
`.value` is a read and a separate write that another process can come between."""

import _mp
import sys

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

_ZERO = {"char": 0, "wchar": "\x00", "int": 0, "float": 0.0}


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
            return value
        if not isinstance(value, bytes) or len(value) != 1:
            raise TypeError("one character bytes, bytearray or integer expected")
        return _byte_values(value)[0]
    if not isinstance(value, str) or len(value) != 1:
        raise TypeError("one character unicode string expected")
    return value


_ESCAPES = {"n": 10, "r": 13, "t": 9, "\\": 92, "'": 39, '"': 34}


def _byte_values(data):
    """The ints of a bytes object."""
    try:
        return list(data)
    except TypeError:
        pass
    text = repr(data)[2:-1]
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            code = text[i + 1]
            if code == "x":
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
            out.append(_ESCAPES[code])
            i += 2
            continue
        out.append(ord(ch))
        i += 1
    return out


def _typecode_of(typecode_or_type):
    if isinstance(typecode_or_type, str) and typecode_or_type in _TYPES:
        return typecode_or_type
    for code, (name, kind, bits, signed) in _TYPES.items():
        if getattr(typecode_or_type, "__name__", None) == name:
            return code
    if isinstance(typecode_or_type, str):
        raise TypeError("this type has no size")
    raise TypeError("ctypes types are not modelled in GIL Lab; use a typecode such as 'i'")


def _slice_range(index, length):
    """The positions slice `index` selects in a sequence of `length` items."""
    return list(range(length))[index]


class _Shared:
    """A ctypes object in shared memory: block `_mem`, `_length` cells of `_typecode`."""

    def _read(self, index):
        value = self._cell(index)
        if self._typecode == "c":
            return bytes([value])
        return value

    def _cell(self, index):
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
            positions = _slice_range(index, self._length)
            if self._typecode == "c":
                return bytes([self._cell(i) for i in positions])
            items = [self._read(i) for i in positions]
            if self._typecode == "u":
                return "".join(items)
            return items
        return self._read(self._index(index))

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            positions = _slice_range(index, self._length)
            values = _byte_values(value) if isinstance(value, bytes) else list(value)
            if len(values) != len(positions):
                raise ValueError("Can only assign sequence of same size")
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
            item = self._cell(i)
            if item in (0, "\x00"):
                break
            out.append(item)
        return bytes(out) if self._typecode == "c" else "".join(out)

    @value.setter
    def value(self, value):
        items = _byte_values(value) if self._typecode == "c" else list(value)
        if len(items) > self._length:
            raise ValueError("byte string too long")
        for i in range(len(items)):
            self._write(i, items[i])
        if len(items) < self._length:
            self._write(len(items), _ZERO[_TYPES[self._typecode][1]])

    @property
    def raw(self):
        if self._typecode != "c":
            raise AttributeError("'%s_Array_%d' object has no attribute 'raw'"
                                 % (_TYPES[self._typecode][0], self._length))
        return bytes([self._cell(i) for i in range(self._length)])

    def __repr__(self):
        return "<multiprocessing.sharedctypes.%s_Array_%d object at %#x>" % (
            _TYPES[self._typecode][0], self._length, id(self))
