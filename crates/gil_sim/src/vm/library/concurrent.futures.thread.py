"""GIL Lab's model of CPython's concurrent.futures.thread (Lib/concurrent/futures/thread.py):
ThreadPoolExecutor, whose worker threads take work items from a queue.SimpleQueue, started one
per submit() until max_workers are running unless one is idle, as CPython does.

Weak references are not modelled: a worker holds its executor, and an executor that is never
shut down has its workers stopped at exit, after the work they were given (CPython stops
them at the same point, from threading._register_atexit; here they are daemon threads
stopped by an atexit callback)."""

import sys as _sys
import atexit
import os
import queue
import threading
import concurrent.futures as _base

_threads_queues = {}
_shutdown = False


_global_shutdown_lock = threading.Lock()


def _python_exit():
    global _shutdown
    with _global_shutdown_lock:
        _shutdown = True
    items = list(_threads_queues.items())
    for t, q in items:
        q.put(None)
    for t, q in items:
        t.join()


atexit.register(_python_exit)


class _WorkItem(object):
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return

        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)

            self = None
        else:
            self.future.set_result(result)

    def __class_getitem__(cls, item):
        return _base._GenericAlias(cls, item)


if _sys.version_info >= (3, 12):
    def _worker(executor_reference, work_queue, initializer, initargs):
        if initializer is not None:
            try:
                initializer(*initargs)
            except BaseException:
                _base.LOGGER.critical('Exception in initializer:', exc_info=True)
                executor = executor_reference()
                if executor is not None:
                    executor._initializer_failed()
                return
        try:
            while True:
                try:
                    work_item = work_queue.get_nowait()
                except queue.Empty:

                    executor = executor_reference()
                    if executor is not None:
                        executor._idle_semaphore.release()
                    del executor
                    work_item = work_queue.get(block=True)

                if work_item is not None:
                    work_item.run()

                    del work_item
                    continue

                executor = executor_reference()
                # Exit if:



                if _shutdown or executor is None or executor._shutdown:


                    if executor is not None:
                        executor._shutdown = True

                    work_queue.put(None)
                    return
                del executor
        except BaseException:
            _base.LOGGER.critical('Exception in worker', exc_info=True)
else:
    def _worker(executor_reference, work_queue, initializer, initargs):
        if initializer is not None:
            try:
                initializer(*initargs)
            except BaseException:
                _base.LOGGER.critical('Exception in initializer:', exc_info=True)
                executor = executor_reference()
                if executor is not None:
                    executor._initializer_failed()
                return
        try:
            while True:
                work_item = work_queue.get(block=True)
                if work_item is not None:
                    work_item.run()

                    del work_item


                    executor = executor_reference()
                    if executor is not None:
                        executor._idle_semaphore.release()
                    del executor
                    continue

                executor = executor_reference()
                # Exit if:



                if _shutdown or executor is None or executor._shutdown:


                    if executor is not None:
                        executor._shutdown = True

                    work_queue.put(None)
                    return
                del executor
        except BaseException:
            _base.LOGGER.critical('Exception in worker', exc_info=True)


class _ExecutorReference(object):
    # Stands in for weakref.ref(executor): calling it gives the executor.
    def __init__(self, executor):
        self._executor = executor

    def __call__(self):
        return self._executor


class BrokenThreadPool(_base.BrokenExecutor):
    pass




class _Counter(object):
    # itertools.count().__next__: 0, 1, 2...
    def __init__(self):
        self._next = 0

    def __call__(self):
        value = self._next
        self._next += 1
        return value


class ThreadPoolExecutor(_base.Executor):


    _counter = _Counter()

    def __init__(self, max_workers=None, thread_name_prefix='',
                 initializer=None, initargs=()):
        """Initializes a new ThreadPoolExecutor instance."""
        if max_workers is None:
            # Use the simulated machine's cores + 4 (CPython: os.cpu_count(), from 3.13
            # os.process_cpu_count()), at most 32.
            max_workers = min(32, (os.cpu_count() or 1) + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")

        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")

        self._max_workers = max_workers
        self._work_queue = queue.SimpleQueue()
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = set()
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        self._thread_name_prefix = (thread_name_prefix or
                                    ("ThreadPoolExecutor-%d" % self._counter()))
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock, _global_shutdown_lock:
            if self._broken:
                raise BrokenThreadPool(self._broken)

            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            if _shutdown:
                raise RuntimeError('cannot schedule new futures after '
                                   'interpreter shutdown')

            f = _base.Future()
            w = _WorkItem(f, fn, args, kwargs)

            self._work_queue.put(w)
            self._adjust_thread_count()
            return f
    submit.__doc__ = _base.Executor.submit.__doc__

    def _adjust_thread_count(self):

        if self._idle_semaphore.acquire(timeout=0):
            return

        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            thread_name = '%s_%d' % (self._thread_name_prefix or self,
                                     num_threads)
            t = threading.Thread(name=thread_name, target=_worker,
                                 args=(_ExecutorReference(self),
                                       self._work_queue,
                                       self._initializer,
                                       self._initargs),
                                 daemon=True)
            t.start()
            self._threads.add(t)
            _threads_queues[t] = self._work_queue

    def _initializer_failed(self):
        with self._shutdown_lock:
            self._broken = ('A thread initializer failed, the thread pool '
                            'is not usable anymore')

            while True:
                try:
                    work_item = self._work_queue.get_nowait()
                except queue.Empty:
                    break
                if work_item is not None:
                    work_item.future.set_exception(BrokenThreadPool(self._broken))

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:


                while True:
                    try:
                        work_item = self._work_queue.get_nowait()
                    except queue.Empty:
                        break
                    if work_item is not None:
                        work_item.future.cancel()



            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()
    shutdown.__doc__ = _base.Executor.shutdown.__doc__
