"""GIL Lab's model of CPython's C `_queue` module: `SimpleQueue` (a list of items and one
wake-up lock that a get() finding the list empty waits on and a put() releases, as the C
code does) and `Empty`. It stands in for C code: no switches inside, no frames in
tracebacks; a get() that waits blocks on the lock."""

import _thread
from time import monotonic as _time


class Empty(Exception):
    "What get() without waiting raises when there is nothing to take."

    __module__ = "_queue"


class SimpleQueue:
    """Simple, unbounded, reentrant FIFO queue."""

    __module__ = "_queue"

    def __init__(self):
        self._items = []
        self._lock = _thread.allocate_lock()
        self._locked = False

    def put(self, item, block=True, timeout=None):
        self._items.append(item)
        if self._locked:
            self._locked = False
            self._lock.release()

    def put_nowait(self, item):
        return self.put(item, block=False)

    def get(self, block=True, timeout=None):
        if block and timeout is not None:
            if timeout < 0:
                raise ValueError("'timeout' must be a non-negative number")
            endtime = _time() + timeout
            wait = timeout
        elif block:
            endtime = None
            wait = -1
        else:
            endtime = None
            wait = 0
        while not self._items:
            got = self._lock.acquire(False)
            if not got and wait != 0:
                got = self._lock.acquire(True, wait)
            if not got:
                raise Empty
            self._locked = True
            if endtime is not None:
                wait = max(endtime - _time(), 0)
        item = self._items.pop(0)
        if self._locked:
            self._lock.release()
            self._locked = False
        return item

    def get_nowait(self):
        return self.get(False)

    def empty(self):
        return not self._items

    def qsize(self):
        return len(self._items)
