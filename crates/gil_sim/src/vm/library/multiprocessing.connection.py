"""GIL Lab's model of multiprocessing.connection: Pipe() and its Connection objects. Each
direction of a pipe is a queue the scheduler shares between processes; how many processes
still hold the writing end is counted in shared memory, and when the last one closes it the
reader sees end of file, as with a real pipe (a fork gives the child every end its parent
holds)."""

import _mp
import multiprocessing
from multiprocessing.reduction import ForkingPickler as _ForkingPickler

__all__ = ["Client", "Listener", "Pipe", "wait"]

_EOF = "__gil_lab_pipe_eof__"
# The connections this process holds open.
_open = []


class _Channel:
    """One direction of a pipe: its queue, and the shared count of writers."""

    def __init__(self):
        self.queue = _mp.queue()
        self.writers = _mp.new_id()


class Connection:
    def __init__(self, reading, writing, readable=True, writable=True):
        if not readable and not writable:
            raise ValueError("at least one of `readable` and `writable` must be True")
        self._reading = reading
        self._writing = writing
        self._readable = readable
        self._writable = writable
        self._closed = False
        self._pending = []
        self._at_eof = False
        if writing is not None:
            _mp.mem_add(writing.writers, 0, 1)
        _open.append(self)

    def _check_closed(self):
        if self._closed:
            raise OSError("handle is closed")

    def _check_readable(self):
        if not self._readable:
            raise OSError("connection is write-only")

    def _check_writable(self):
        if not self._writable:
            raise OSError("connection is read-only")

    @property
    def closed(self):
        return self._closed

    @property
    def readable(self):
        return self._readable

    @property
    def writable(self):
        return self._writable

    def fileno(self):
        self._check_closed()
        return self._reading.queue if self._reading is not None else self._writing.queue

    def close(self):
        if not self._closed:
            self._closed = True
            if self in _open:
                _open.remove(self)
                self._release_writer()

    def _release_writer(self):
        if self._writing is not None and _mp.mem_add(self._writing.writers, 0, -1) == 0:
            _mp.put(self._writing.queue, _EOF)

    def send_bytes(self, buf, offset=0, size=None):
        self._check_closed()
        self._check_writable()
        if not isinstance(buf, bytes):
            buf = bytes(buf)
        n = len(buf)
        if offset < 0:
            raise ValueError("offset is negative")
        if n < offset:
            raise ValueError("buffer length < offset")
        if size is None:
            size = n - offset
        elif size < 0:
            raise ValueError("size is negative")
        elif offset + size > n:
            raise ValueError("buffer length < offset + size")
        if offset or size != n:
            buf = bytes(list(buf)[offset:offset + size])
        _mp.put(self._writing.queue, ("bytes", buf))

    def send(self, obj):
        self._check_closed()
        self._check_writable()
        _mp.put(self._writing.queue, ("object", _ForkingPickler.dumps(obj)))

    def _next(self, timeout=None, block=True):
        """The next message (kind, payload), or None when none came in time."""
        if self._pending:
            return self._pending.pop(0)
        if self._at_eof:
            raise EOFError
        data = _mp.get(self._reading.queue, block, timeout)
        if data is None:
            return None
        message = _mp.loads(data)
        if message == _EOF:
            self._at_eof = True
            raise EOFError
        return message

    def recv_bytes(self, maxlength=None):
        self._check_closed()
        self._check_readable()
        if maxlength is not None and maxlength < 0:
            raise ValueError("negative maxlength")
        kind, payload = self._next()
        if kind == "object":
            import pickle
            payload = pickle.dumps(payload) if hasattr(pickle, "dumps") else b""
        if maxlength is not None and len(payload) > maxlength:
            self.close()
            raise OSError("bad message length")
        return payload

    def recv_bytes_into(self, buf, offset=0):
        data = self.recv_bytes()
        buf[offset:offset + len(data)] = data
        return len(data)

    def recv(self):
        self._check_closed()
        self._check_readable()
        kind, payload = self._next()
        if kind == "bytes":
            import pickle
            raise pickle.UnpicklingError("invalid load key, %r." % payload[:1])
        return payload

    def poll(self, timeout=0.0):
        self._check_closed()
        self._check_readable()
        if self._pending or self._at_eof:
            return True
        if timeout is not None and timeout <= 0:
            if _mp.qsize(self._reading.queue) == 0:
                return False
            timeout = 0
        try:
            message = self._next(timeout)
        except EOFError:
            return True
        if message is None:
            return False
        self._pending.append(message)
        return True

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, exc_tb):
        self.close()

    def __repr__(self):
        return "<multiprocessing.connection.Connection object at %#x>" % id(self)


class _Writer:
    """The writing end of a queue's pipe (multiprocessing.SimpleQueue._writer)."""

    def __init__(self, queue):
        self._queue = queue

    def send(self, obj):

        _mp.put(self._queue, _ForkingPickler.dumps(obj))

    def send_bytes(self, buf):
        _mp.put(self._queue, buf)

    def close(self):
        pass


def Pipe(duplex=True):

    if duplex:
        a, b = _Channel(), _Channel()
        return Connection(a, b), Connection(b, a)
    channel = _Channel()
    reader = Connection(channel, None, writable=False)
    writer = Connection(None, channel, readable=False)
    return reader, writer


def _before_fork():
    for conn in _open:
        if conn._writing is not None:
            _mp.mem_add(conn._writing.writers, 0, 1)


def _process_exit():
    for conn in list(_open):
        _open.remove(conn)
        conn._release_writer()


def wait(object_list, timeout=None):
    ready = [c for c in object_list if isinstance(c, Connection) and c.poll()]
    if ready or timeout == 0:
        return ready
    raise NotImplementedError("multiprocessing.connection.wait is not modelled in GIL Lab")


def Listener(*args, **kwargs):
    raise NotImplementedError("multiprocessing.connection.Listener is not modelled in GIL Lab")


def Client(*args, **kwargs):
    raise NotImplementedError("multiprocessing.connection.Client is not modelled in GIL Lab")


multiprocessing._fork_hooks.append(_before_fork)
multiprocessing._exit_hooks.append(_process_exit)
