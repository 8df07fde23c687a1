"""GIL Lab's model of CPython's threading module: the same classes, written like CPython's
Lib/threading.py on top of _thread, so that their bytecode runs, switches and waits the
same way. Waiting happens in _thread's locks, which the simulated scheduler implements."""

import sys as _sys
import _thread
import _sim
from time import monotonic as _time
from _threading_local import local

_start_new_thread = _thread.start_new_thread
_allocate_lock = _thread.allocate_lock
get_ident = _thread.get_ident
get_native_id = _thread.get_native_id
ThreadError = RuntimeError
Lock = _thread.allocate_lock
_CRLock = _thread.RLock
TIMEOUT_MAX = 9223372036.0

__all__ = ["get_ident", "active_count", "Condition", "current_thread", "enumerate",
           "main_thread", "TIMEOUT_MAX", "Event", "Lock", "RLock", "Semaphore",
           "BoundedSemaphore", "Thread", "Barrier", "BrokenBarrierError", "Timer",
           "ThreadError", "ExceptHookArgs", "setprofile", "settrace", "local",
           "stack_size", "excepthook", "get_native_id"]
if _sys.version_info >= (3, 10):
    __all__ += ["getprofile", "gettrace"]
if _sys.version_info >= (3, 12):
    __all__ += ["setprofile_all_threads", "settrace_all_threads"]

_WARNS = _sys.version_info >= (3, 10)
_NEW_REPRS = _sys.version_info >= (3, 11)


def _not_modelled(name):
    raise NotImplementedError(f"threading.{name}() is not modelled in GIL Lab")


_profile_hook = None
_trace_hook = None


def setprofile(func):
    """Set a profile function for all threads started from the threading module."""
    if func is not None:
        _not_modelled("setprofile")


def settrace(func):
    """Set a trace function for all threads started from the threading module."""
    if func is not None:
        _not_modelled("settrace")


if _sys.version_info >= (3, 10):

    def getprofile():

        return _profile_hook

    def gettrace():

        return _trace_hook


if _sys.version_info >= (3, 12):

    def setprofile_all_threads(func):
        if func is not None:
            _not_modelled("setprofile_all_threads")

    def settrace_all_threads(func):
        if func is not None:
            _not_modelled("settrace_all_threads")


_stack_size = 0


def stack_size(size=0):
    """Return the thread stack size used when creating new threads (0: the default);
    with a size, set it for threads created afterwards."""
    global _stack_size
    if size != 0 and size < 32768:
        raise ValueError("size not valid: %d bytes" % size)
    old = _stack_size
    _stack_size = size
    return old


def RLock(*args, **kwargs):
    """Factory function that returns a new reentrant lock."""
    if _sys.version_info >= (3, 13) and (args or kwargs):
        import warnings

        warnings.warn("Passing arguments to RLock is deprecated and will be removed in 3.15",
                      DeprecationWarning, stacklevel=2)
    return _CRLock()


class Condition:
    """Class that implements a condition variable."""

    def __init__(self, lock=None):
        if lock is None:
            lock = RLock()
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release
        try:
            self._release_save = lock._release_save
        except AttributeError:
            pass
        try:
            self._acquire_restore = lock._acquire_restore
        except AttributeError:
            pass
        try:
            self._is_owned = lock._is_owned
        except AttributeError:
            pass
        self._waiters = []

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        return "<Condition(%s, %d)>" % (self._lock, len(self._waiters))

    def _release_save(self):
        self._lock.release()

    def _acquire_restore(self, x):
        self._lock.acquire()

    def _is_owned(self):
        if self._lock.acquire(False):
            self._lock.release()
            return False
        else:
            return True

    def wait(self, timeout=None):
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _allocate_lock()
        waiter.acquire()
        self._waiters.append(waiter)
        saved_state = self._release_save()
        gotit = False
        try:
            if timeout is None:
                waiter.acquire()
                gotit = True
            else:
                if timeout > 0:
                    gotit = waiter.acquire(True, timeout)
                else:
                    gotit = waiter.acquire(False)
            return gotit
        finally:
            self._acquire_restore(saved_state)
            if not gotit:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    def wait_for(self, predicate, timeout=None):
        endtime = None
        waittime = timeout
        result = predicate()
        while not result:
            if waittime is not None:
                if endtime is None:
                    endtime = _time() + waittime
                else:
                    waittime = endtime - _time()
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n=1):
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        waiters = self._waiters
        while waiters and n > 0:
            waiter = waiters[0]
            try:
                waiter.release()
            except RuntimeError:
                pass
            else:
                n -= 1
            try:
                waiters.remove(waiter)
            except ValueError:
                pass

    def notify_all(self):
        self.notify(len(self._waiters))

    if _WARNS:

        def notifyAll(self):
            """Wake up all threads waiting on this condition (deprecated)."""
            import warnings

            warnings.warn("notifyAll() is deprecated, use notify_all() instead",
                          DeprecationWarning, stacklevel=2)
            self.notify_all()

    else:
        notifyAll = notify_all


class Semaphore:
    """This class implements semaphore objects."""

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._cond = Condition(Lock())
        self._value = value

    if _NEW_REPRS:

        def __repr__(self):
            cls = self.__class__
            return (f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}:"
                    f" value={self._value}>")

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        rc = False
        endtime = None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    break
                if timeout is not None:
                    if endtime is None:
                        endtime = _time() + timeout
                    else:
                        timeout = endtime - _time()
                        if timeout <= 0:
                            break
                self._cond.wait(timeout)
            else:
                self._value -= 1
                rc = True
        return rc

    __enter__ = acquire

    if _sys.version_info >= (3, 12):

        def release(self, n=1):
            if n < 1:
                raise ValueError("n must be one or more")
            with self._cond:
                self._value += n
                self._cond.notify(n)

    else:

        def release(self, n=1):
            if n < 1:
                raise ValueError("n must be one or more")
            with self._cond:
                self._value += n
                for i in range(n):
                    self._cond.notify()

    def __exit__(self, t, v, tb):
        self.release()


class BoundedSemaphore(Semaphore):
    """Implements a bounded semaphore."""

    def __init__(self, value=1):
        Semaphore.__init__(self, value)
        self._initial_value = value

    if _NEW_REPRS:

        def __repr__(self):
            cls = self.__class__
            return (f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}:"
                    f" value={self._value}/{self._initial_value}>")

    if _sys.version_info >= (3, 12):

        def release(self, n=1):
            if n < 1:
                raise ValueError("n must be one or more")
            with self._cond:
                if self._value + n > self._initial_value:
                    raise ValueError("Semaphore released too many times")
                self._value += n
                self._cond.notify(n)

    else:

        def release(self, n=1):
            if n < 1:
                raise ValueError("n must be one or more")
            with self._cond:
                if self._value + n > self._initial_value:
                    raise ValueError("Semaphore released too many times")
                self._value += n
                for i in range(n):
                    self._cond.notify()


class Event:
    """Class implementing event objects."""

    def __init__(self):
        self._cond = Condition(Lock())
        self._flag = False

    if _NEW_REPRS:

        def __repr__(self):
            cls = self.__class__
            status = "set" if self._flag else "unset"
            return f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}: {status}>"

    def is_set(self):
        return self._flag

    if _WARNS:

        def isSet(self):
            """Return true if and only if the internal flag is true (deprecated)."""
            import warnings

            warnings.warn("isSet() is deprecated, use is_set() instead",
                          DeprecationWarning, stacklevel=2)
            return self.is_set()

    else:
        isSet = is_set

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled


class Barrier:
    """Implements a Barrier: a fixed number of threads wait until all have reached it, and
    then all go on at once."""

    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be >= 1")
        self._cond = Condition(Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = 0
        self._count = 0

    if _NEW_REPRS:

        def __repr__(self):
            cls = self.__class__
            if self.broken:
                return f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}: broken>"
            return (f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}:"
                    f" waiters={self.n_waiting}/{self.parties}>")

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            self._enter()
            index = self._count
            self._count += 1
            try:
                if index + 1 == self._parties:
                    self._release()
                else:
                    self._wait(timeout)
                return index
            finally:
                self._count -= 1
                self._exit()

    def _enter(self):
        while self._state in (-1, 1):
            self._cond.wait()
        if self._state < 0:
            raise BrokenBarrierError

    def _release(self):
        try:
            if self._action:
                self._action()
            self._state = 1
            self._cond.notify_all()
        except:
            self._break()
            raise

    def _wait(self, timeout):
        if not self._cond.wait_for(lambda: self._state != 0, timeout):
            self._break()
            raise BrokenBarrierError
        if self._state < 0:
            raise BrokenBarrierError

    def _exit(self):
        if self._count == 0:
            if self._state in (-1, 1):
                self._state = 0
                self._cond.notify_all()

    def reset(self):
        with self._cond:
            if self._count > 0:
                if self._state == 0:
                    self._state = -1
                elif self._state == -2:
                    self._state = -1
            else:
                self._state = 0
            self._cond.notify_all()

    def abort(self):
        with self._cond:
            self._break()

    def _break(self):
        self._state = -2
        self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        if self._state == 0:
            return self._count
        return 0

    @property
    def broken(self):
        return self._state == -2


class BrokenBarrierError(RuntimeError):
    pass


_counter = 0


def _newname(name_template="Thread-%d"):
    global _counter
    _counter += 1
    return name_template % _counter


_active = {}
_limbo = {}


class Thread:
    """A class that represents a thread of control."""

    _initialized = False

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *,
                 daemon=None):
        assert group is None, "group argument must be None for now"
        if kwargs is None:
            kwargs = {}
        if name:
            name = str(name)
        else:
            name = _newname("Thread-%d")
            if target is not None and _sys.version_info >= (3, 10):
                try:
                    target_name = target.__name__
                    name += f" ({target_name})"
                except AttributeError:
                    pass
        self._target = target
        self._name = name
        self._args = args
        self._kwargs = kwargs
        if daemon is not None:
            self._daemonic = daemon
        else:
            self._daemonic = current_thread().daemon
        self._ident = None
        self._native_id = None
        self._started = Event()
        self._is_stopped = False
        self._initialized = True
        self._stderr = _sys.stderr
        self._invoke_excepthook = _make_invoke_excepthook()

    def __repr__(self):
        assert self._initialized, "Thread.__init__() was not called"
        status = "initial"
        if self._started.is_set():
            status = "started"
        if self._is_stopped:
            status = "stopped"
        if self._daemonic:
            status += " daemon"
        if self._ident is not None:
            status += " %s" % self._ident
        return "<%s(%s, %s)>" % (self.__class__.__name__, self._name, status)

    def start(self):
        if not self._initialized:
            raise RuntimeError("thread.__init__() not called")
        if self._started.is_set():
            raise RuntimeError("threads can only be started once")
        _limbo[self] = self
        try:
            _start_new_thread(self._bootstrap, ())
        except Exception:
            del _limbo[self]
            raise
        self._started.wait()

    def run(self):
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            del self._target, self._args, self._kwargs

    def _bootstrap(self):
        self._bootstrap_inner()

    def _bootstrap_inner(self):
        try:
            self._ident = get_ident()
            self._native_id = get_native_id()
            _thread._set_name(self._name)
            self._started.set()
            _active[self._ident] = self
            del _limbo[self]
            try:
                self.run()
            except BaseException as exc:
                self._invoke_excepthook(self, exc)
        finally:
            self._is_stopped = True
            try:
                del _active[get_ident()]
            except KeyError:
                pass
            _sim.thread_local_release()

    def join(self, timeout=None):
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if not self._started.is_set():
            raise RuntimeError("cannot join thread before it is started")
        if self is current_thread():
            raise RuntimeError("cannot join current thread")
        if timeout is not None and timeout < 0:
            timeout = 0
        _thread._join(self._ident, timeout)

    @property
    def name(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._name

    @name.setter
    def name(self, name):
        assert self._initialized, "Thread.__init__() not called"
        self._name = str(name)
        if self._ident is not None and self._ident == get_ident():
            _thread._set_name(self._name)

    @property
    def ident(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._ident

    @property
    def native_id(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._native_id

    def is_alive(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._started.is_set() and not self._is_stopped

    @property
    def daemon(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if self._started.is_set():
            raise RuntimeError("cannot set daemon status of active thread")
        self._daemonic = daemonic

    if _WARNS:

        def isDaemon(self):
            """Return whether this thread is a daemon (deprecated)."""
            import warnings

            warnings.warn("isDaemon() is deprecated, get the daemon attribute instead",
                          DeprecationWarning, stacklevel=2)
            return self.daemon

        def setDaemon(self, daemonic):
            """Set whether this thread is a daemon (deprecated)."""
            import warnings

            warnings.warn("setDaemon() is deprecated, set the daemon attribute instead",
                          DeprecationWarning, stacklevel=2)
            self.daemon = daemonic

        def getName(self):
            """Return the thread's name (deprecated)."""
            import warnings

            warnings.warn("getName() is deprecated, get the name attribute instead",
                          DeprecationWarning, stacklevel=2)
            return self.name

        def setName(self, name):
            """Set the thread's name (deprecated)."""
            import warnings

            warnings.warn("setName() is deprecated, set the name attribute instead",
                          DeprecationWarning, stacklevel=2)
            self.name = name

    else:

        def isDaemon(self):
            return self.daemon

        def setDaemon(self, daemonic):
            self.daemon = daemonic

        def getName(self):
            return self.name

        def setName(self, name):
            self.name = name


class _ExceptHookArgs:
    """ExceptHookArgs: the exception type, value and traceback and the thread given to
    threading.excepthook (a structseq in CPython)."""

    __module__ = "_thread"
    n_fields = 4
    n_sequence_fields = 4
    n_unnamed_fields = 0

    def __init__(self, sequence):
        items = tuple(sequence)
        if len(items) != 4:
            raise TypeError("_thread.%s() takes a 4-sequence (%d-sequence given)"
                            % (type(self).__name__, len(items)))
        self._items = items
        self.exc_type, self.exc_value, self.exc_traceback, self.thread = items

    def __repr__(self):
        cls = type(self)
        return ("%s.%s(exc_type=%r, exc_value=%r, exc_traceback=%r, thread=%r)"
                % ((cls.__module__, cls.__name__) + self._items))

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return self._items[index]

    def __iter__(self):
        return iter(self._items)

    def __eq__(self, other):
        if isinstance(other, _ExceptHookArgs):
            other = other._items
        return self._items == other


if _sys.version_info >= (3, 10):
    ExceptHookArgs = _ExceptHookArgs
else:
    class ExceptHookArgs(_ExceptHookArgs):
        __module__ = "_thread"

    del _ExceptHookArgs


def _excepthook(args, /):

    if args.exc_type == SystemExit:
        return
    if args.thread is not None:
        name = args.thread.name
    else:
        name = get_ident()
    _thread._excepthook(str(name), args.exc_value)


excepthook = _excepthook
if _sys.version_info >= (3, 10):
    __excepthook__ = excepthook


def _make_invoke_excepthook():
    old_excepthook = excepthook
    if old_excepthook is None:
        raise RuntimeError("threading.excepthook is None")
    local_print = print
    local_sys = _sys

    def invoke_excepthook(thread, exc):
        global excepthook
        hook = excepthook
        if hook is None:
            hook = old_excepthook
        try:
            hook(ExceptHookArgs([type(exc), exc, exc.__traceback__, thread]))
        except Exception as failure:
            failure.__context__ = None
            local_print("Exception in threading.excepthook:", file=local_sys.stderr,
                        flush=True)
            _sim.print_exception(failure)

    return invoke_excepthook


class Timer(Thread):







    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()

    def cancel(self):

        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


class _MainThread(Thread):
    def __init__(self):
        self._target = None
        self._name = "MainThread"
        self._args = ()
        self._kwargs = {}
        self._daemonic = False
        self._started = Event()
        self._started._flag = True
        self._is_stopped = False
        self._initialized = True
        self._stderr = _sys.stderr
        self._ident = get_ident()
        self._native_id = get_native_id()
        _active[self._ident] = self


class _DummyThread(Thread):
    def __init__(self):
        self._target = None
        self._name = _newname("Dummy-%d")
        self._args = ()
        self._kwargs = {}
        self._daemonic = True
        self._started = Event()
        self._started._flag = True
        self._is_stopped = False
        self._initialized = True
        self._stderr = _sys.stderr
        self._ident = get_ident()
        self._native_id = get_native_id()
        _active[self._ident] = self

    def is_alive(self):
        return True

    def join(self, timeout=None):
        assert False, "cannot join a dummy thread"


def current_thread():
    """Return the current Thread object, corresponding to the caller's thread of control."""
    try:
        return _active[get_ident()]
    except KeyError:
        return _DummyThread()


def main_thread():
    """Return the main thread object."""
    return _main_thread


def active_count():
    """Return the number of Thread objects currently alive."""
    return len(_active) + len(_limbo)


def enumerate():
    """Return a list of all Thread objects currently alive."""
    return list(_active.values()) + list(_limbo.values())


if _WARNS:

    def currentThread():
        """Return the current Thread object (deprecated)."""
        import warnings

        warnings.warn("currentThread() is deprecated, use current_thread() instead",
                      DeprecationWarning, stacklevel=2)
        return current_thread()

    def activeCount():
        """Return the number of Thread objects currently alive (deprecated)."""
        import warnings

        warnings.warn("activeCount() is deprecated, use active_count() instead",
                      DeprecationWarning, stacklevel=2)
        return active_count()

else:
    currentThread = current_thread
    activeCount = active_count


_main_thread = _MainThread()
