"""GIL Lab's model of the pickle module: its exceptions and protocol numbers. Values are pickled
by the simulator when they travel between processes; dumps and loads are not modelled."""

from _pickle import PickleError, PicklingError, UnpicklingError

__all__ = ["PickleError", "PicklingError", "UnpicklingError", "dumps", "loads", "dump", "load",
           "HIGHEST_PROTOCOL", "DEFAULT_PROTOCOL"]

HIGHEST_PROTOCOL = 5
DEFAULT_PROTOCOL = 4


def _not_modelled(name):
    raise NotImplementedError("pickle.%s is not modelled in GIL Lab" % name)


def dumps(obj, protocol=None, *, fix_imports=True, buffer_callback=None):
    _not_modelled("dumps")


def loads(data, /, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=()):
    _not_modelled("loads")


def dump(obj, file, protocol=None, *, fix_imports=True, buffer_callback=None):
    _not_modelled("dump")


def load(file, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=()):
    _not_modelled("load")
