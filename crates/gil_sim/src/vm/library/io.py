"""GIL Lab's model of the io module and open(): StringIO and BytesIO, and files on a small
in-memory file system that every process of the run shares (a file one process writes and
closes, another reads), kept by the scheduler beside shared multiprocessing memory. What a
file object writes becomes visible to others when it is flushed or closed, as with a buffer."""

import _mp

__all__ = ['open', 'StringIO', 'BytesIO', 'TextIOWrapper', 'BufferedReader', 'BufferedWriter',
           'UnsupportedOperation', 'DEFAULT_BUFFER_SIZE', 'SEEK_SET', 'SEEK_CUR', 'SEEK_END']

DEFAULT_BUFFER_SIZE = 8192
SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2
_FILES = 0x46494c45


class UnsupportedOperation(OSError, ValueError):
    pass


def _key(path):
    # FNV-1a of the path: the file's place in the shared memory.
    h = 0xcbf29ce484222325
    for ch in path:
        h = ((h ^ ord(ch)) * 0x100000001b3) & 0x7fffffffffffffff
    return h


class _Buffer:
    """What StringIO, BytesIO and open files share: a value, a position, the usual methods."""

    def __init__(self, empty, initial, name=None, mode=None):
        self._empty = empty
        self._value = initial if initial is not None else empty
        self._pos = 0
        self.closed = False
        if name is not None:
            self.name = name
        if mode is not None:
            self.mode = mode

    def _check(self):
        if self.closed:
            raise ValueError('I/O operation on closed file.')

    def readable(self):
        return True

    def writable(self):
        return True

    def read(self, size=-1):
        self._check()
        if size is None or size < 0:
            size = len(self._value) - self._pos
        data = self._value[self._pos:self._pos + size]
        self._pos += len(data)
        return data

    def readline(self, size=-1):
        self._check()
        newline = '\n' if isinstance(self._empty, str) else b'\n'
        end = self._value.find(newline, self._pos)
        end = len(self._value) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        data = self._value[self._pos:end]
        self._pos = end
        return data

    def readlines(self, hint=-1):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def write(self, data):
        self._check()
        if not isinstance(data, type(self._empty)):
            if isinstance(self._empty, str):
                raise TypeError('write() argument must be str, not %s' % type(data).__name__)
            raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)
        value = self._value
        if self._pos > len(value):
            value = value + ('\0' if isinstance(value, str) else b'\0') * (self._pos - len(value))
        self._value = value[:self._pos] + data + value[self._pos + len(data):]
        self._pos += len(data)
        return len(data)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def seek(self, pos, whence=0):
        self._check()
        if whence == 1:
            pos += self._pos
        elif whence == 2:
            pos += len(self._value)
        self._pos = max(pos, 0)
        return self._pos

    def tell(self):
        self._check()
        return self._pos

    def getvalue(self):
        self._check()
        return self._value

    def flush(self):
        self._check()

    def close(self):
        self.closed = True

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *exc):
        self.close()


class StringIO(_Buffer):
    def __init__(self, initial_value='', newline='\n'):
        _Buffer.__init__(self, '', initial_value or '')


class BytesIO(_Buffer):
    def __init__(self, initial_bytes=b''):
        _Buffer.__init__(self, b'', bytes(initial_bytes or b''))


class _File(_Buffer):
    """A file opened with open(): its whole content is read at open and written back on
    flush and close."""

    def __init__(self, path, mode, binary):
        empty = b'' if binary else ''
        stored = _mp.loads(_mp.mem_get(_FILES, _key(path)))
        if 'r' in mode and stored is None:
            raise FileNotFoundError("[Errno 2] No such file or directory: %r" % path)
        if 'x' in mode and stored is not None:
            raise FileExistsError("[Errno 17] File exists: %r" % path)
        if stored is not None and binary != isinstance(stored, bytes):
            stored = stored.encode() if binary else stored.decode()
        if 'w' in mode or 'x' in mode or stored is None:
            stored = empty
        _Buffer.__init__(self, empty, stored, path, mode)
        self._reading = 'r' in mode or '+' in mode
        self._writing = 'r' not in mode or '+' in mode
        self._appending = 'a' in mode
        if self._appending:
            self._pos = len(stored)
        self._dirty = 'w' in mode or 'x' in mode
        if self._dirty:
            self.flush()

    def readable(self):
        return self._reading

    def writable(self):
        return self._writing

    def read(self, size=-1):
        if not self._reading:
            raise UnsupportedOperation('not readable')
        return _Buffer.read(self, size)

    def readline(self, size=-1):
        if not self._reading:
            raise UnsupportedOperation('not readable')
        return _Buffer.readline(self, size)

    def write(self, data):
        if not self._writing:
            raise UnsupportedOperation('not writable')
        if self._appending:
            self._pos = len(self._value)
        self._dirty = True
        return _Buffer.write(self, data)

    def flush(self):
        self._check()
        if self._dirty:
            _mp.mem_set(_FILES, _key(self.name), self._value)
            self._dirty = False

    def close(self):
        if not self.closed:
            self.flush()
            self.closed = True

    def __repr__(self):
        kind = 'BufferedReader' if 'b' in self.mode else 'TextIOWrapper'
        extra = '' if 'b' in self.mode else " mode=%r encoding='UTF-8'" % self.mode
        return "<_io.%s name=%r%s>" % (kind, self.name, extra)


TextIOWrapper = _File
BufferedReader = _File
BufferedWriter = _File


def open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
         closefd=True, opener=None):
    if not isinstance(file, str):
        raise TypeError('expected str, bytes or os.PathLike object, not %s'
                        % type(file).__name__)
    kinds = sum(1 for c in mode if c in 'rwax')
    if kinds != 1 or any(c not in 'rwaxbt+' for c in mode):
        raise ValueError('invalid mode: %r' % mode)
    return _File(file, mode, 'b' in mode)
