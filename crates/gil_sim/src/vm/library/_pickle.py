"""GIL Lab's model of the C module _pickle: its exceptions (pickling itself is done by the
simulator when values travel between processes)."""


class PickleError(Exception):
    pass


class PicklingError(PickleError):
    pass


class UnpicklingError(PickleError):
    pass
