"""GIL Lab's model of CPython's atexit module (written in C there, so its frames never show in
tracebacks): callbacks registered with their arguments, run last-registered first by the main
thread once every non-daemon thread has finished."""

import _sim

_handlers = []


def register(func, *args, **kwargs):
    if not callable(func):
        raise TypeError("the first argument must be callable")
    _handlers.append((func, args, kwargs))
    return func


def unregister(func):
    _handlers[:] = [entry for entry in _handlers if entry[0] != func]


def _clear():
    del _handlers[:]


def _ncallbacks():
    return len(_handlers)


def _run_exitfuncs():
    while _handlers:
        func, args, kwargs = _handlers.pop()
        try:
            func(*args, **kwargs)
        except BaseException as exc:
            _sim.atexit_failed(func, exc)
