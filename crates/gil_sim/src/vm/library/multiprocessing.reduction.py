"""GIL Lab's model of multiprocessing.reduction: ForkingPickler, which pickles what travels
between processes (the simulator's pickler, which copies data and sends functions and classes
by name)."""

import _mp

__all__ = ["send_handle", "recv_handle", "ForkingPickler", "register", "dump", "DupFd"]

HAVE_SEND_HANDLE = True


class ForkingPickler:


    _extra_reducers = {}

    @classmethod
    def register(cls, type, reduce):

        cls._extra_reducers[type] = reduce

    @classmethod
    def dumps(cls, obj, protocol=None):
        return _mp.dumps(obj)

    loads = staticmethod(_mp.loads)


register = ForkingPickler.register


def dump(obj, file, protocol=None):

    raise NotImplementedError("multiprocessing.reduction.dump is not modelled in GIL Lab")
