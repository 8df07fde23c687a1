"""GIL Lab's model of multiprocessing.queues: Queue, JoinableQueue and SimpleQueue. Items are
pickled on put and travel on a queue the scheduler shares between processes (CPython's feeder
thread and pipe are folded into that)."""

import _mp

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
        _mp.put(self._reader, obj)

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
            _mp.put(self._reader, obj)
            self._unfinished_tasks.release()

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
        self._reader = _mp.queue()
        self._closed = False

    def close(self):
        self._closed = True

    def empty(self):
        return _mp.qsize(self._reader) == 0

    def get(self):
        return _mp.loads(_mp.get(self._reader, True, None))

    def put(self, obj):
        _mp.put(self._reader, obj)

