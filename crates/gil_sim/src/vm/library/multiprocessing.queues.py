"""GIL Lab's model of multiprocessing.queues: Queue, JoinableQueue and SimpleQueue. Items are
pickled on put and travel on a queue the scheduler shares between processes (CPython's feeder
thread and pipe are folded into that)."""

import _mp
from multiprocessing.reduction import ForkingPickler as _ForkingPickler

__all__ = ["Queue", "SimpleQueue", "JoinableQueue"]

SEM_VALUE_MAX = 2147483647


def _empty():
    import queue
    return queue.Empty()


def _full():
    import queue
    return queue.Full()


class Queue:
    def __init__(self, maxsize=0, *, ctx=None):
        if maxsize <= 0:
            maxsize = SEM_VALUE_MAX
        self._maxsize = maxsize
        self._reader = _mp.queue()
        if maxsize != SEM_VALUE_MAX:
            from multiprocessing.synchronize import BoundedSemaphore
            self._sem = BoundedSemaphore(maxsize)
        else:
            self._sem = None
        self._closed = False
        self._ignore_epipe = False

    def _check_closed(self):
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")

    def put(self, obj, block=True, timeout=None):
        self._check_closed()
        if self._sem is not None and not self._sem.acquire(block, timeout):
            raise _full()
        self._feed(obj)

    def _feed(self, obj):
        """Pickles `obj` onto the shared queue; CPython's feeder thread does this, so a
        pickling error is reported there and put() itself succeeds."""
        try:
            data = _ForkingPickler.dumps(obj)
        except Exception as e:
            if self._sem is not None:
                self._sem.release()
            self._on_queue_feeder_error(e, obj)
            return
        _mp.put(self._reader, data)

    @staticmethod
    def _on_queue_feeder_error(e, obj):


        import sys
        sys.stderr.write(_mp.format_exc(e))

    def get(self, block=True, timeout=None):
        self._check_closed()
        if block and timeout is not None and timeout < 0:
            timeout = 0
        data = _mp.get(self._reader, block, timeout)
        if data is None:
            raise _empty()
        if self._sem is not None:
            self._sem.release()
        return _mp.loads(data)

    def qsize(self):
        return _mp.qsize(self._reader)

    def empty(self):
        return _mp.qsize(self._reader) == 0

    def full(self):
        return _mp.qsize(self._reader) >= self._maxsize

    def get_nowait(self):
        return self.get(False)

    def put_nowait(self, obj):
        return self.put(obj, False)

    def close(self):
        self._closed = True

    def join_thread(self):
        assert self._closed, "Queue {0!r} not closed".format(self)

    def cancel_join_thread(self):
        pass


class JoinableQueue(Queue):
    def __init__(self, maxsize=0, *, ctx=None):
        Queue.__init__(self, maxsize, ctx=ctx)
        from multiprocessing.synchronize import Condition, Semaphore
        self._unfinished_tasks = Semaphore(0)
        self._cond = Condition()

    def put(self, obj, block=True, timeout=None):
        self._check_closed()
        if self._sem is not None and not self._sem.acquire(block, timeout):
            raise _full()
        with self._cond:
            self._unfinished_tasks.release()
        self._feed(obj)

    def task_done(self):
        with self._cond:
            if not self._unfinished_tasks.acquire(False):
                raise ValueError("task_done() called too many times")
            if self._unfinished_tasks._semlock._is_zero():
                self._cond.notify_all()

    def join(self):
        with self._cond:
            if not self._unfinished_tasks._semlock._is_zero():
                self._cond.wait()


class SimpleQueue:
    def __init__(self, *, ctx=None):
        from multiprocessing.connection import _Writer
        self._reader = _mp.queue()
        self._writer = _Writer(self._reader)
        self._closed = False

    def close(self):
        self._closed = True

    def empty(self):
        return _mp.qsize(self._reader) == 0

    def get(self):
        return _mp.loads(_mp.get(self._reader, True, None))

    def get_nowait(self):
        data = _mp.get(self._reader, False, None)
        if data is None:
            raise _empty()
        return _mp.loads(data)

    def put(self, obj):
        obj = _ForkingPickler.dumps(obj)
        self._writer.send_bytes(obj)

