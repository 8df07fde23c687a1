"""GIL Lab's model of CPython's multiprocessing: Process, Pool, Queue and the start methods,
on top of _mp, whose processes the simulated scheduler runs with their own memory and GIL."""

import os as _os
import _mp

_counter = 0


class TimeoutError(Exception):
    pass


class ProcessError(Exception):
    pass


def _next_name(template):
    global _counter
    _counter += 1
    return template % _counter


class BaseProcess:
    def __init__(self, group=None, target=None, name=None, args=(), kwargs={}, *, daemon=None):
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        if name is None:
            name = _next_name(_current_process._name_prefix() + "%d")
        self._name = name
        self._daemonic = bool(daemon) if daemon is not None else False
        self._pid = None
        self._exitcode = None
        self._parent_pid = _os.getpid()
        self._started = False

    def run(self):
        if self._target:
            self._target(*self._args, **self._kwargs)

    def start(self):
        if self._started:
            raise AssertionError("cannot start a process twice")
        self._started = True
        self._pid = _mp.start(self, self._daemonic)

    def join(self, timeout=None):
        if not self._started:
            raise AssertionError("can only join a started process")
        _mp.join(self._pid, timeout)
        self._exitcode = _mp.exitcode(self._pid)

    def is_alive(self):
        if not self._started:
            return False
        return _mp.exitcode(self._pid) is None

    def terminate(self):
        pass

    def kill(self):
        pass

    def close(self):
        pass

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        self._name = name

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        if self._started:
            raise AssertionError("process has already started")
        self._daemonic = daemonic

    @property
    def pid(self):
        return self._pid

    ident = pid

    @property
    def exitcode(self):
        if self._pid is None:
            return None
        return _mp.exitcode(self._pid)

    def _name_prefix(self):
        return self._name + ":"

    def __repr__(self):
        if not self._started:
            status = "initial"
        elif self.exitcode is None:
            status = "started"
        else:
            status = "stopped"
        info = "<%s name=%r" % (self.__class__.__name__, self._name)
        if self._started and self.exitcode is None:
            info += " parent=%s" % self._parent_pid
        info += " " + status
        if self.exitcode is not None:
            info += " exitcode=%s" % self.exitcode
        if self._daemonic:
            info += " daemon"
        return info + ">"

    def _bootstrap(self):
        global _current_process, _counter
        _current_process = self
        _counter = 0
        try:
            self.run()
            exitcode = 0
        except SystemExit as e:
            if e.code is None:
                exitcode = 0
            elif isinstance(e.code, int):
                exitcode = e.code
            else:
                exitcode = 1
        except BaseException as e:
            exitcode = 1
            _mp.report("Process %s:" % self._name, e)
        _mp.set_exitcode(exitcode)
        return exitcode


class Process(BaseProcess):
    pass


class _MainProcess(BaseProcess):
    def __init__(self):
        self._target = None
        self._args = ()
        self._kwargs = {}
        self._name = "MainProcess"
        self._daemonic = False
        self._pid = _os.getpid()
        self._exitcode = None
        self._parent_pid = None
        self._started = True

    def _name_prefix(self):
        return "Process-"


_current_process = _MainProcess()


def current_process():
    return _current_process


def parent_process():
    return None


def active_children():
    return []


def cpu_count():
    return _os.cpu_count()


def get_start_method(allow_none=False):
    return _mp.get_start_method()


def set_start_method(method, force=False):
    _mp.set_start_method(method)


def get_all_start_methods():
    return ["fork", "spawn", "forkserver"]


class Queue:
    def __init__(self, maxsize=0):
        self._queue = _mp.queue()
        self._maxsize = maxsize

    def put(self, obj, block=True, timeout=None):
        _mp.put(self._queue, obj)

    def get(self, block=True, timeout=None):
        data = _mp.get(self._queue, block, timeout)
        if data is None:
            raise _queue_empty()
        return _mp.loads(data)

    def put_nowait(self, obj):
        self.put(obj, False)

    def get_nowait(self):
        return self.get(False)

    def close(self):
        pass

    def join_thread(self):
        pass


SimpleQueue = Queue
JoinableQueue = Queue


def _queue_empty():
    import queue
    return queue.Empty()


class AsyncResult:
    def __init__(self, pool, job, callback, error_callback):
        self._pool = pool
        self._job = job
        self._callback = callback
        self._error_callback = error_callback
        self._ready = False
        self._success = None
        self._value = None

    def ready(self):
        return self._ready

    def successful(self):
        if not self._ready:
            raise ValueError("{0!r} not ready".format(self))
        return self._success

    def wait(self, timeout=None):
        while not self._ready:
            if not self._pool._collect_one(timeout):
                return

    def get(self, timeout=None):
        self.wait(timeout)
        if not self._ready:
            raise TimeoutError
        if self._success:
            return self._value
        raise self._value

    def _set(self, success, value):
        self._ready = True
        self._success = success
        self._value = value
        if success and self._callback:
            self._callback(value)
        if not success and self._error_callback:
            self._error_callback(value)


ApplyResult = AsyncResult


def _worker(inqueue, outqueue, initializer=None, initargs=()):
    if initializer is not None:
        initializer(*initargs)
    while True:
        task = inqueue.get()
        if task is None:
            break
        job, func, args, kwds = task
        try:
            result = (job, True, func(*args, **kwds))
        except Exception as e:
            result = (job, False, e)
        outqueue.put(result)


class Pool:
    def __init__(self, processes=None, initializer=None, initargs=(), maxtasksperchild=None):
        if processes is None:
            processes = _os.cpu_count() or 1
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        self._processes = processes
        self._inqueue = Queue()
        self._outqueue = Queue()
        self._cache = {}
        self._job = 0
        self._state = "RUN"
        self._pool = []
        method = _mp.get_start_method()
        prefix = {"fork": "ForkPoolWorker", "spawn": "SpawnPoolWorker"}.get(method, "ForkServerPoolWorker")
        for i in range(processes):
            w = Process(target=_worker, args=(self._inqueue, self._outqueue, initializer, initargs))
            w.name = prefix + "-" + str(i + 1)
            w.daemon = True
            w.start()
            self._pool.append(w)

    def _check_running(self):
        if self._state != "RUN":
            raise ValueError("Pool not running")

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        job = self._job
        self._job += 1
        result = AsyncResult(self, job, callback, error_callback)
        self._cache[job] = result
        self._inqueue.put((job, func, tuple(args), dict(kwds)))
        return result

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return [self.apply_async(func, (item,)) for item in iterable]

    def map(self, func, iterable, chunksize=None):
        return [r.get() for r in self.map_async(func, iterable)]

    def starmap(self, func, iterable, chunksize=None):
        return [r.get() for r in [self.apply_async(func, tuple(args)) for args in iterable]]

    def imap(self, func, iterable, chunksize=1):
        return iter(self.map(func, iterable))

    def _collect_one(self, timeout=None):
        try:
            job, success, value = self._outqueue.get(True, timeout)
        except Exception:
            return False
        result = self._cache.pop(job, None)
        if result is not None:
            result._set(success, value)
        return True

    def close(self):
        if self._state == "RUN":
            self._state = "CLOSE"
            for _ in self._pool:
                self._inqueue.put(None)

    def terminate(self):
        self.close()
        self._state = "TERMINATE"

    def join(self):
        if self._state == "RUN":
            raise ValueError("Pool is still running")
        for w in self._pool:
            w.join()
        while self._cache and self._collect_one(0):
            pass

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.terminate()


class _Context:
    def __init__(self, method):
        self._method = method

    def Process(self, *args, **kwargs):
        _mp.set_start_method(self._method)
        return Process(*args, **kwargs)

    def Pool(self, *args, **kwargs):
        _mp.set_start_method(self._method)
        return Pool(*args, **kwargs)

    def Queue(self, maxsize=0):
        return Queue(maxsize)

    def get_start_method(self, allow_none=False):
        return self._method


def get_context(method=None):
    if method is None:
        method = _mp.get_start_method()
    if method not in ("fork", "spawn", "forkserver"):
        raise ValueError("cannot find context for %r" % method)
    return _Context(method)
