"""GIL Lab's model of CPython's concurrent.futures.process (Lib/concurrent/futures/process.py):
ProcessPoolExecutor over the modelled multiprocessing. As in CPython, submit() records a work
item and wakes a manager thread in this process; the manager moves work into a call queue
that the worker processes read, and sets each future from the result queue they write to.
With the fork start method all workers are forked at the first submit(), before the manager
thread starts; with spawn and forkserver one is started per submit() unless one is idle.

Where CPython's manager waits on the result pipe, a wake-up pipe and the workers' sentinels
at once, this one waits on the result queue alone: a wake-up is a None put on it, and each
worker process says there that it ends as it ends; one that ends while still in the pool
breaks the pool, as its sentinel does in CPython (a worker killed outright cannot say so).
Weak references are not modelled: an executor never shut down is shut down at exit by an
atexit callback (CPython does it from threading._register_atexit), and its manager thread is
a daemon thread."""

import sys as _sys
import atexit
import os
import queue
import threading
import concurrent.futures as _base
import _mp

_threads_wakeups = {}
_global_shutdown = False


class _ThreadWakeup:
    # Wakes the manager thread waiting on the result queue: a None put on that queue.
    # clear() takes the wake-ups waiting there, as CPython empties its pipe; a result met on
    # the way is kept for the manager's next wait.
    def __init__(self, result_queue):
        self._closed = False
        self._queue = result_queue
        self._kept = []

    def close(self):
        if not self._closed:
            self._closed = True

    def wakeup(self):
        if not self._closed:
            self._queue.put(None)

    def clear(self):
        if not self._closed and not self._kept:
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                except BaseException as exc:
                    item = _ReadError(exc)
                if item is not None:
                    self._kept.append(item)
                    break


class _ReadError(object):
    # A result that could not be read from the result queue while wake-ups were cleared.
    def __init__(self, exc):
        self.exc = exc


def _python_exit():
    global _global_shutdown
    _global_shutdown = True
    items = list(_threads_wakeups.items())
    for _, thread_wakeup in items:
        thread_wakeup.wakeup()
    for t, _ in items:
        t.join()


atexit.register(_python_exit)





EXTRA_QUEUED_CALLS = 1


def _format_exception(exc):
    # traceback.format_exception(type(exc), exc, exc.__traceback__), as one string.
    return _mp.format_exc(exc)


class _RemoteTraceback(Exception):
    def __init__(self, tb):
        self.tb = tb

    def __str__(self):
        return self.tb


class _ExceptionWithTraceback:
    # CPython pickles it as _rebuild_exc(exc, tb); the manager thread rebuilds it here, as
    # it reads the result.
    def __init__(self, exc, tb):
        tb = _format_exception(exc)
        self.exc = exc
        self.tb = '\n"""\n%s"""' % tb


def _rebuild_exc(exc, tb):
    exc.__cause__ = _RemoteTraceback(tb)
    return exc


class _WorkItem(object):
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs


class _ResultItem(object):
    def __init__(self, work_id, exception=None, result=None, exit_pid=None):
        self.work_id = work_id
        self.exception = exception
        self.result = result
        self.exit_pid = exit_pid


class _CallItem(object):
    def __init__(self, work_id, fn, args, kwargs):
        self.work_id = work_id
        self.fn = fn
        self.args = args
        self.kwargs = kwargs


class _WorkerExited(object):
    # What a worker process puts on the result queue as it ends (where CPython's manager sees
    # the process's sentinel become ready).
    def __init__(self, pid):
        self.pid = pid


def _get_chunks(*iterables, chunksize):

    it = zip(*iterables)
    while True:
        chunk = []
        for item in it:
            chunk.append(item)
            if len(chunk) == chunksize:
                break
        chunk = tuple(chunk)
        if not chunk:
            return
        yield chunk


def _repeat(value):
    while True:
        yield value


def _process_chunk(fn, chunk):








    return [fn(*args) for args in chunk]


if _sys.version_info >= (3, 11):
    def _sendback_result(result_queue, work_id, result=None, exception=None,
                         exit_pid=None):

        try:
            result_queue.put(_ResultItem(work_id, result=result,
                                         exception=exception, exit_pid=exit_pid))
        except BaseException as e:
            exc = _ExceptionWithTraceback(e, e.__traceback__)
            result_queue.put(_ResultItem(work_id, exception=exc,
                                         exit_pid=exit_pid))

    def _process_worker(call_queue, result_queue, initializer, initargs, max_tasks=None):
        """Evaluates calls from call_queue and places the results in result_queue.

        This worker is run in a separate process.
        """
        try:
            if initializer is not None:
                try:
                    initializer(*initargs)
                except BaseException:
                    _base.LOGGER.critical('Exception in initializer:', exc_info=True)


                    return
            num_tasks = 0
            exit_pid = None
            while True:
                call_item = call_queue.get(block=True)
                if call_item is None:

                    result_queue.put(os.getpid())
                    return

                if max_tasks is not None:
                    num_tasks += 1
                    if num_tasks >= max_tasks:
                        exit_pid = os.getpid()

                try:
                    r = call_item.fn(*call_item.args, **call_item.kwargs)
                except BaseException as e:
                    exc = _ExceptionWithTraceback(e, e.__traceback__)
                    _sendback_result(result_queue, call_item.work_id, exception=exc,
                                     exit_pid=exit_pid)
                else:
                    _sendback_result(result_queue, call_item.work_id, result=r,
                                     exit_pid=exit_pid)
                    del r



                del call_item

                if exit_pid is not None:
                    return
        finally:
            # Word for the manager thread that this process ends.
            result_queue.put(_WorkerExited(os.getpid()))

else:
    def _sendback_result(result_queue, work_id, result=None, exception=None):

        try:
            result_queue.put(_ResultItem(work_id, result=result,
                                         exception=exception))
        except BaseException as e:
            exc = _ExceptionWithTraceback(e, e.__traceback__)
            result_queue.put(_ResultItem(work_id, exception=exc))

    def _process_worker(call_queue, result_queue, initializer, initargs):
        """Evaluates calls from call_queue and places the results in result_queue.

        This worker is run in a separate process.
        """
        try:
            if initializer is not None:
                try:
                    initializer(*initargs)
                except BaseException:
                    _base.LOGGER.critical('Exception in initializer:', exc_info=True)


                    return
            while True:
                call_item = call_queue.get(block=True)
                if call_item is None:

                    result_queue.put(os.getpid())
                    return
                try:
                    r = call_item.fn(*call_item.args, **call_item.kwargs)
                except BaseException as e:
                    exc = _ExceptionWithTraceback(e, e.__traceback__)
                    _sendback_result(result_queue, call_item.work_id, exception=exc)
                else:
                    _sendback_result(result_queue, call_item.work_id, result=r)
                    del r



                del call_item
        finally:
            # Word for the manager thread that this process ends.
            result_queue.put(_WorkerExited(os.getpid()))


class _ExecutorManagerThread(threading.Thread):
    """Manages the communication between this process and the worker processes.

    The manager is run in a local thread.
    """

    def __init__(self, executor):




        self.thread_wakeup = executor._executor_manager_thread_wakeup
        self.shutdown_lock = executor._shutdown_lock

        # Stands in for a weak reference to the executor.
        self.executor_reference = _ExecutorReference(executor)


        self.processes = executor._processes



        self.call_queue = executor._call_queue
        self.call_queue_size = executor._call_queue_size


        self.result_queue = executor._result_queue


        self.work_ids_queue = executor._work_ids



        self.max_tasks_per_child = executor._max_tasks_per_child



        self.pending_work_items = executor._pending_work_items

        super().__init__()
        # Stopped by the atexit callback rather than joined at exit (see the module's note).
        self.daemon = True

    def run(self):


        while True:
            self.add_call_item_to_queue()

            result_item, is_broken, cause = self.wait_result_broken_or_wakeup()

            if is_broken:
                self.terminate_broken(cause)
                return
            if result_item is not None:
                self.process_result_item(result_item)

                process_exited = getattr(result_item, 'exit_pid', None) is not None
                if process_exited:
                    p = self.processes.pop(result_item.exit_pid)
                    p.join()



                del result_item

                executor = self.executor_reference()
                if executor is not None:
                    if process_exited:
                        with self.shutdown_lock:
                            executor._adjust_process_count()
                    else:
                        executor._idle_worker_semaphore.release()
                    del executor

            if self.is_shutting_down():
                self.flag_executor_shutting_down()




                # (3.9 does not, and can hang there.)
                if _sys.version_info >= (3, 10):
                    self.add_call_item_to_queue()



                if not self.pending_work_items:
                    self.join_executor_internals()
                    return

    def _call_queue_full(self):
        # CPython asks the call queue's semaphore: calls put and not yet taken by a worker.
        try:
            size = self.call_queue.qsize()
        except (AttributeError, NotImplementedError):
            try:
                size = _mp.qsize(self.call_queue._queue)
            except AttributeError:
                return False
        return size >= self.call_queue_size

    def add_call_item_to_queue(self):


        while True:
            if self._call_queue_full():
                return
            try:
                work_id = self.work_ids_queue.get(block=False)
            except queue.Empty:
                return
            else:
                work_item = self.pending_work_items[work_id]

                if work_item.future.set_running_or_notify_cancel():
                    call_item = _CallItem(work_id,
                                          work_item.fn,
                                          work_item.args,
                                          work_item.kwargs)
                    try:
                        self.call_queue.put(call_item, block=True)
                    except Exception as e:
                        self._on_queue_feeder_error(e, call_item)
                else:
                    del self.pending_work_items[work_id]
                    continue

    def _on_queue_feeder_error(self, e, obj):
        # A call that cannot be pickled fails its future (CPython's _SafeQueue).
        tb = _format_exception(e)
        e.__cause__ = _RemoteTraceback('\n"""\n{}"""'.format(tb))
        work_item = self.pending_work_items.pop(obj.work_id, None)
        if work_item is not None:
            work_item.future.set_exception(e)

    def wait_result_broken_or_wakeup(self):





        cause = None
        is_broken = True
        result_item = None
        try:
            if self.thread_wakeup._kept:
                item = self.thread_wakeup._kept.pop(0)
                if isinstance(item, _ReadError):
                    raise item.exc
            else:
                item = self.result_queue.get()
        except BaseException as exc:
            cause = _format_exception(exc)
        else:
            if item is None:
                is_broken = False
            elif isinstance(item, _WorkerExited):
                is_broken = item.pid in self.processes
            else:
                exception = getattr(item, 'exception', None)
                if isinstance(exception, _ExceptionWithTraceback):
                    item.exception = _rebuild_exc(exception.exc, exception.tb)
                result_item = item
                is_broken = False

        self.thread_wakeup.clear()

        return result_item, is_broken, cause

    def process_result_item(self, result_item):



        if isinstance(result_item, int):


            p = self.processes.pop(result_item)
            p.join()
            if not self.processes:
                self.join_executor_internals()
                return
        else:

            work_item = self.pending_work_items.pop(result_item.work_id, None)

            if work_item is not None:
                if result_item.exception:
                    work_item.future.set_exception(result_item.exception)
                else:
                    work_item.future.set_result(result_item.result)

    def is_shutting_down(self):

        executor = self.executor_reference()




        return (_global_shutdown or executor is None
                or executor._shutdown_thread)

    def terminate_broken(self, cause):





        executor = self.executor_reference()
        if executor is not None:
            executor._broken = ('A child process terminated '
                                'abruptly, the process pool is not '
                                'usable anymore')
            executor._shutdown_thread = True
            executor = None



        bpe = BrokenProcessPool("A process in the process pool was "
                                "terminated abruptly while the future was "
                                "running or pending.")
        if cause is not None:
            bpe.__cause__ = _RemoteTraceback(
                f"\n'''\n{''.join(cause)}'''")


        for work_id, work_item in self.pending_work_items.items():
            if _sys.version_info >= (3, 12):
                try:
                    work_item.future.set_exception(bpe)
                except _base.InvalidStateError:

                    pass
            else:
                work_item.future.set_exception(bpe)

            del work_item
        self.pending_work_items.clear()



        for p in self.processes.values():
            p.terminate()

        self.join_executor_internals(broken=True)

    def flag_executor_shutting_down(self):


        executor = self.executor_reference()
        if executor is not None:
            executor._shutdown_thread = True

            if executor._cancel_pending_futures:


                new_pending_work_items = {}
                for work_id, work_item in self.pending_work_items.items():
                    if not work_item.future.cancel():
                        new_pending_work_items[work_id] = work_item
                self.pending_work_items = new_pending_work_items


                while True:
                    try:
                        self.work_ids_queue.get_nowait()
                    except queue.Empty:
                        break


                executor._cancel_pending_futures = False

    def shutdown_workers(self):
        n_children_to_stop = self.get_n_children_alive()
        n_sentinels_sent = 0


        while (n_sentinels_sent < n_children_to_stop
                and self.get_n_children_alive() > 0):
            for i in range(n_children_to_stop - n_sentinels_sent):
                try:
                    self.call_queue.put_nowait(None)
                    n_sentinels_sent += 1
                except queue.Full:
                    break

    def join_executor_internals(self, broken=False):
        with self.shutdown_lock:

            if not broken:
                self.shutdown_workers()


            self.call_queue.close()
            self.call_queue.join_thread()
            self.thread_wakeup.close()



            for p in self.processes.values():
                if broken:
                    p.terminate()
                p.join()

    def get_n_children_alive(self):

        return sum(p.is_alive() for p in self.processes.values())


class _ExecutorReference(object):
    # Stands in for weakref.ref(executor): calling it gives the executor.
    def __init__(self, executor):
        self._executor = executor

    def __call__(self):
        return self._executor


def _chain_from_iterable_of_lists(iterable):





    for element in iterable:
        element.reverse()
        while element:
            yield element.pop()


class BrokenProcessPool(_base.BrokenExecutor):
    pass





def _simple_queue(ctx):
    # ctx.SimpleQueue(), or a plain queue where the context offers no SimpleQueue.
    make = getattr(ctx, 'SimpleQueue', None)
    if make is None:
        return ctx.Queue()
    return make()


class ProcessPoolExecutor(_base.Executor):
    def __init__(self, max_workers=None, mp_context=None,
                 initializer=None, initargs=(), *, max_tasks_per_child=None):
        """Initializes a new ProcessPoolExecutor instance."""
        import multiprocessing as mp

        if _sys.version_info < (3, 11) and max_tasks_per_child is not None:
            # The keyword arrived in 3.11.
            name = "ProcessPoolExecutor.__init__" if _sys.version_info >= (3, 10) else "__init__"
            raise TypeError(name + "() got an unexpected keyword argument "
                            "'max_tasks_per_child'")

        if max_workers is None:
            self._max_workers = os.cpu_count() or 1
        else:
            if max_workers <= 0:
                raise ValueError("max_workers must be greater than 0")

            self._max_workers = max_workers

        if mp_context is None:
            if max_tasks_per_child is not None:
                mp_context = mp.get_context("spawn")
            else:
                mp_context = mp.get_context()
        self._mp_context = mp_context


        self._safe_to_dynamically_spawn_children = (
                self._mp_context.get_start_method(allow_none=False) != "fork")

        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        self._initializer = initializer
        self._initargs = initargs

        if max_tasks_per_child is not None:
            if not isinstance(max_tasks_per_child, int):
                raise TypeError("max_tasks_per_child must be an integer")
            elif max_tasks_per_child <= 0:
                raise ValueError("max_tasks_per_child must be >= 1")
            if self._mp_context.get_start_method(allow_none=False) == "fork":

                raise ValueError("max_tasks_per_child is incompatible with"
                                 " the 'fork' multiprocessing start method;"
                                 " supply a different mp_context.")
        self._max_tasks_per_child = max_tasks_per_child


        self._executor_manager_thread = None


        self._processes = {}


        self._shutdown_thread = False
        self._shutdown_lock = threading.Lock()
        self._idle_worker_semaphore = threading.Semaphore(0)
        self._broken = False
        self._queue_count = 0
        self._pending_work_items = {}
        self._cancel_pending_futures = False





        queue_size = self._max_workers + EXTRA_QUEUED_CALLS
        self._call_queue_size = queue_size
        self._call_queue = mp_context.Queue(queue_size)
        self._result_queue = _simple_queue(mp_context)
        self._work_ids = queue.Queue()



        # when calling executor.submit or executor.shutdown).
        self._executor_manager_thread_wakeup = _ThreadWakeup(self._result_queue)

    def _start_executor_manager_thread(self):
        if self._executor_manager_thread is None:

            if not self._safe_to_dynamically_spawn_children:  # ie, using fork.
                self._launch_processes()
            self._executor_manager_thread = _ExecutorManagerThread(self)
            self._executor_manager_thread.start()
            _threads_wakeups[self._executor_manager_thread] = \
                self._executor_manager_thread_wakeup

    def _adjust_process_count(self):

        if self._idle_worker_semaphore.acquire(blocking=False):
            return

        process_count = len(self._processes)
        if process_count < self._max_workers:
            self._spawn_process()

    def _launch_processes(self):

        assert not self._executor_manager_thread, (
                'Processes cannot be fork()ed after the thread has started, '
                'deadlock in the child processes could result.')
        for _ in range(len(self._processes), self._max_workers):
            self._spawn_process()

    def _spawn_process(self):
        worker_args = (self._call_queue,
                        self._result_queue,
                        self._initializer,
                        self._initargs)
        if _sys.version_info >= (3, 11):
            worker_args += (self._max_tasks_per_child,)
        p = self._mp_context.Process(
            target=_process_worker,
            args=worker_args)
        p.start()
        self._processes[p.pid] = p

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock:
            if self._broken:
                raise BrokenProcessPool(self._broken)
            if self._shutdown_thread:
                raise RuntimeError('cannot schedule new futures after shutdown')
            if _global_shutdown:
                raise RuntimeError('cannot schedule new futures after '
                                   'interpreter shutdown')

            f = _base.Future()
            w = _WorkItem(f, fn, args, kwargs)

            self._pending_work_items[self._queue_count] = w
            self._work_ids.put(self._queue_count)
            self._queue_count += 1

            self._executor_manager_thread_wakeup.wakeup()

            if self._safe_to_dynamically_spawn_children:
                self._adjust_process_count()
            self._start_executor_manager_thread()
            return f
    submit.__doc__ = _base.Executor.submit.__doc__

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        """Returns an iterator equivalent to map(fn, iter)."""
        if chunksize < 1:
            raise ValueError("chunksize must be >= 1.")

        # CPython maps partial(_process_chunk, fn) over the chunks; the same calls.
        results = super().map(_process_chunk, _repeat(fn),
                              _get_chunks(*iterables, chunksize=chunksize),
                              timeout=timeout)
        return _chain_from_iterable_of_lists(results)

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._cancel_pending_futures = cancel_futures
            self._shutdown_thread = True
            if self._executor_manager_thread_wakeup is not None:

                self._executor_manager_thread_wakeup.wakeup()

        if self._executor_manager_thread is not None and wait:
            self._executor_manager_thread.join()


        self._executor_manager_thread = None
        self._call_queue = None
        if self._result_queue is not None and wait:
            self._result_queue.close()
        self._result_queue = None
        self._processes = None
        self._executor_manager_thread_wakeup = None

    shutdown.__doc__ = _base.Executor.shutdown.__doc__
