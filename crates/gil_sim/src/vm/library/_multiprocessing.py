"""GIL Lab's model of the C module _multiprocessing: SemLock, the semaphore shared between
processes under multiprocessing's locks. Its tokens wait on a queue the scheduler shares
between processes, so acquiring blocks the process as sem_wait does; who holds it, and how
often, only the holding process knows, as in C."""

import os
import _mp
import _thread

flags = {"HAVE_SEM_OPEN": 1, "HAVE_SEM_TIMEDWAIT": 1}


class SemLock:
    """A semaphore of `kind` 0 (recursive mutex) or 1 (semaphore) shared between processes."""

    SEM_VALUE_MAX = 2147483647

    def __init__(self, kind, value, maxvalue, name=None, unlink=False):
        self.kind = kind
        self.maxvalue = maxvalue
        self._tokens = _mp.queue()
        for _ in range(value):
            _mp.put(self._tokens, None)
        self._depth = 0
        self._owner = None

    def _ident(self):
        return (os.getpid(), _thread.get_ident())

    def _is_mine(self):
        return self._depth > 0 and self._owner == self._ident()

    def acquire(self, block=True, timeout=None):
        if self.kind == 0 and self._is_mine():
            self._depth += 1
            return True
        if timeout is not None and timeout < 0:
            timeout = 0
        if _mp.get(self._tokens, block, timeout) is None:
            return False
        self._depth += 1
        self._owner = self._ident()
        return True

    def release(self):
        if self.kind == 0:
            if not self._is_mine():
                raise AssertionError("attempt to release recursive lock not owned by thread")
            if self._depth > 1:
                self._depth -= 1
                return
        elif self.maxvalue != SemLock.SEM_VALUE_MAX and _mp.qsize(self._tokens) >= self.maxvalue:
            raise ValueError("semaphore or lock released too many times")
        if self._depth > 0:
            self._depth -= 1
        _mp.put(self._tokens, None)

    def _get_value(self):
        return _mp.qsize(self._tokens)

    def _is_zero(self):
        return _mp.qsize(self._tokens) == 0

    def _after_fork(self):
        self._depth = 0

    def _count(self):
        return self._depth

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        return self.release()
