"""What a spawned child process runs first, like CPython's multiprocessing.spawn: re-import the
parent's main module as __mp_main__, unpickle the process object, run it."""

import _mp


def spawn_main():
    exitcode = _main()
    _mp.set_exitcode(exitcode)


def _main():
    _mp.prepare()
    self = _mp.load_process()
    return self._bootstrap()
