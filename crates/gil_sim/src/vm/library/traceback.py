"""GIL Lab's model of CPython's traceback module: an exception's text exactly as CPython prints
it for an uncaught one (the simulator formats it), as lines, a string or on a stream."""

import sys as _sys
import _sim

__all__ = ['format_exc', 'format_exception', 'format_exception_only', 'format_tb',
           'print_exc', 'print_exception', 'print_tb']


def _chosen(exc, value):
    # 3.10+ takes the exception alone; every version takes (type, value, tb).
    if value is not None or isinstance(exc, type):
        return value
    return exc


def _lines(text):
    return text.splitlines(True)


def format_exception(exc, value=None, tb=None, limit=None, chain=True):
    exc = _chosen(exc, value)
    if exc is None:
        return ['NoneType: None\n']
    return _lines(_sim.format_exception(exc))


def format_exception_only(exc, value=None):
    exc = _chosen(exc, value)
    if exc is None:
        return ['NoneType: None\n']
    return _lines(_sim.format_exception(exc))[-1:]


def format_exc(limit=None, chain=True):
    return ''.join(format_exception(_sys.exc_info()[1]))


def print_exception(exc, value=None, tb=None, limit=None, file=None, chain=True):
    text = ''.join(format_exception(exc, value))
    (file if file is not None else _sys.stderr).write(text)


def print_exc(limit=None, file=None, chain=True):
    print_exception(_sys.exc_info()[1], file=file)


def format_tb(tb, limit=None):
    lines = _sim.format_tb(tb) if tb is not None else []
    return lines if limit is None else lines[:limit] if limit >= 0 else lines[limit:]


def print_tb(tb, limit=None, file=None):
    (file if file is not None else _sys.stderr).write(''.join(format_tb(tb, limit)))
