"""GIL Lab's model of CPython's C `_thread._local` (`threading.local`): every thread sees
its own attributes. The VM keeps each thread's attributes and gives the object the running
thread's; a subclass's `__init__` runs again, with the constructor's arguments, the first
time another thread uses the object. It stands in for C code: no frames in tracebacks."""

import _sim


class _local:
    """Thread-local data"""

    __module__ = "_thread"

    def __getattr__(self, name):
        fresh = _sim.thread_local_fresh(self)
        if fresh is not None:
            args, kwargs = fresh
            type(self).__init__(self, *args, **kwargs)
            return getattr(self, name)
        cls = type(self)
        shown = "_thread._local" if cls is _local else cls.__name__
        raise AttributeError(f"'{shown}' object has no attribute '{name}'")


_sim.thread_local_class(_local)
local = _local
