"""What a spawned child process runs first, like CPython's multiprocessing.spawn: re-import the
parent's main module as __mp_main__, unpickle the process object, run it."""

import _mp


def spawn_main():
    exitcode = _main()
    _mp.set_exitcode(exitcode)


def _main():
    import multiprocessing
    # The parent's start method is this process's, set before the main module runs again.
    multiprocessing.set_start_method(_mp.get_start_method(), force=True)
    main = multiprocessing.current_process()
    main._inheriting = True
    try:
        _mp.prepare()
    finally:
        del main._inheriting
    self = _mp.load_process()
    return self._bootstrap()
