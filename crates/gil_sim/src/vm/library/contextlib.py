"""GIL Lab's model of CPython's contextlib module (Lib/contextlib.py): contextmanager,
suppress, ExitStack, nullcontext, closing and redirect_stdout/stderr, per version."""

import sys as _sys
from functools import wraps

__all__ = ['contextmanager', 'closing', 'nullcontext', 'AbstractContextManager',
           'ContextDecorator', 'ExitStack', 'redirect_stdout', 'redirect_stderr',
           'suppress']

_VERSION = _sys.version_info[:2]


class AbstractContextManager:


    def __enter__(self):

        return self

    def __exit__(self, exc_type, exc_value, traceback):

        return None


class ContextDecorator:
    "Lets a context manager's instances decorate functions, each call inside a with."

    def _recreate_cm(self):
        """Return a recreated instance of self."""
        return self

    def __call__(self, func):
        @wraps(func)
        def inner(*args, **kwds):
            with self._recreate_cm():
                return func(*args, **kwds)
        return inner


class _GeneratorContextManagerBase:


    def __init__(self, func, args, kwds):
        self.gen = func(*args, **kwds)
        self.func, self.args, self.kwds = func, args, kwds
        doc = getattr(func, '__doc__', None)
        if doc is None:
            doc = type(self).__doc__
        self.__doc__ = doc

    def _recreate_cm(self):
        # A generator context manager is used once: a decorated function makes a new one
        # for each call.
        return self.__class__(self.func, self.args, self.kwds)


class _GeneratorContextManager(_GeneratorContextManagerBase, AbstractContextManager,
                               ContextDecorator):


    def __enter__(self):
        # The arguments are needed only to recreate the context manager, which can no
        # longer happen.
        del self.args, self.kwds, self.func
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, typ, value, traceback):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            else:
                if _VERSION >= (3, 11):
                    try:
                        raise RuntimeError("generator didn't stop")
                    finally:
                        self.gen.close()
                raise RuntimeError("generator didn't stop")
        if value is None:
            # An instance is needed to tell whether the same exception comes back.
            value = typ()
        restore = _VERSION >= (3, 12)
        try:
            if restore:
                self.gen.throw(value)
            else:
                self.gen.throw(typ, value, traceback)
        except StopIteration as exc:
            # Suppress a StopIteration unless it is the very one thrown in, so that one
            # raised inside the with statement is not swallowed.
            return exc is not value
        except RuntimeError as exc:
            # Never re-raise the exception that was passed in (issue27122).
            if exc is value:
                if restore:
                    exc.__traceback__ = traceback
                return False
            # A StopIteration thrown in and turned into a RuntimeError by PEP 479
            # propagates as itself.
            if isinstance(value, StopIteration) and exc.__cause__ is value:
                if restore:
                    value.__traceback__ = traceback
                return False
            raise
        except BaseException as exc:
            # __exit__ must not raise the exception it was handed: it says so by
            # returning False, and raises only a new exception.
            if exc is not value:
                raise
            if restore:
                exc.__traceback__ = traceback
            return False
        if _VERSION >= (3, 11):
            try:
                raise RuntimeError("generator didn't stop after throw()")
            finally:
                self.gen.close()
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    """@contextmanager decorator.

    Typical usage:

        @contextmanager
        def some_generator(<arguments>):
            <setup>
            try:
                yield <value>
            finally:
                <cleanup>
    """
    @wraps(func)
    def helper(*args, **kwds):
        return _GeneratorContextManager(func, args, kwds)
    return helper


class closing(AbstractContextManager):
    """Context to automatically close something at the end of a block."""

    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *exc_info):
        self.thing.close()


class _RedirectStream(AbstractContextManager):

    _stream = None

    def __init__(self, new_target):
        self._new_target = new_target
        # Stacked: the same object may be entered again while it is in use.
        self._old_targets = []

    def __enter__(self):
        self._old_targets.append(getattr(_sys, self._stream))
        setattr(_sys, self._stream, self._new_target)
        return self._new_target

    def __exit__(self, exctype, excinst, exctb):
        setattr(_sys, self._stream, self._old_targets.pop())


class redirect_stdout(_RedirectStream):
    """Context manager for temporarily redirecting stdout to another file."""

    _stream = 'stdout'


class redirect_stderr(_RedirectStream):


    _stream = 'stderr'


class suppress(AbstractContextManager):
    """Context manager to suppress specified exceptions"""

    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        pass

    if _VERSION >= (3, 12):
        def __exit__(self, exctype, excinst, exctb):
            if exctype is None:
                return
            if issubclass(exctype, self._exceptions):
                return True
            if issubclass(exctype, BaseExceptionGroup):
                match, rest = excinst.split(self._exceptions)
                if rest is None:
                    return True
                raise rest
            return False
    else:
        def __exit__(self, exctype, excinst, exctb):
            # The exception was raised within the with block: suppress it if it is one
            # of the listed kinds.
            return exctype is not None and issubclass(exctype, self._exceptions)


class _BaseExitStack:


    @staticmethod
    def _create_exit_wrapper(cm, cm_exit):
        # The bound __exit__ method of cm.
        def _exit_wrapper(exc_type, exc, tb):
            return cm_exit(cm, exc_type, exc, tb)
        return _exit_wrapper

    @staticmethod
    def _create_cb_wrapper(*args, **kwds):
        callback = args[0]
        args = args[1:]

        def _exit_wrapper(exc_type, exc, tb):
            callback(*args, **kwds)
        return _exit_wrapper

    def __init__(self):
        self._exit_callbacks = []

    def pop_all(self):

        new_stack = type(self)()
        new_stack._exit_callbacks = self._exit_callbacks
        self._exit_callbacks = []
        return new_stack

    def push(self, exit):






        # The method is looked up on the type, as the with statement does.
        _cb_type = type(exit)
        try:
            exit_method = _cb_type.__exit__
        except AttributeError:
            # Not a context manager, so a callable.
            self._push_exit_callback(exit)
        else:
            self._push_cm_exit(exit, exit_method)
        return exit  # Allow use as a decorator.

    def enter_context(self, cm):





        cls = type(cm)
        if _VERSION >= (3, 11):
            try:
                _enter = cls.__enter__
                _exit = cls.__exit__
            except AttributeError:
                raise TypeError("'%s.%s' object does not support the context manager "
                                "protocol" % (cls.__module__, cls.__qualname__)) from None
        else:
            _exit = cls.__exit__
            _enter = cls.__enter__
        result = _enter(cm)
        self._push_cm_exit(cm, _exit)
        return result

    def callback(*args, **kwds):




        if len(args) < 2:
            if not args:
                raise TypeError("_BaseExitStack.callback() missing 2 required positional "
                                "arguments: 'self' and 'callback'")
            raise TypeError("_BaseExitStack.callback() missing 1 required positional "
                            "argument: 'callback'")
        self = args[0]
        callback = args[1]
        _exit_wrapper = self._create_cb_wrapper(*args[1:], **kwds)
        # Not @wraps, as the signature changed, but __wrapped__ helps introspection.
        _exit_wrapper.__wrapped__ = callback
        self._push_exit_callback(_exit_wrapper)
        return callback  # Allow use as a decorator

    def _push_cm_exit(self, cm, cm_exit):

        _exit_wrapper = self._create_exit_wrapper(cm, cm_exit)
        self._push_exit_callback(_exit_wrapper, True)

    def _push_exit_callback(self, callback, is_sync=True):
        self._exit_callbacks.append((is_sync, callback))


class ExitStack(_BaseExitStack, AbstractContextManager):
    """Context manager for dynamic management of a stack of exit callbacks."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_details):
        exc = exc_details[1]
        received_exc = exc is not None

        # The exception state is arranged as though the callbacks were nested with
        # statements.
        # (sys.exc_info() inside __exit__ is the exception the with statement handles.)
        frame_exc = exc

        def _fix_exception_context(new_exc, old_exc):
            # The context may not be right: find the end of the chain.
            while 1:
                exc_context = new_exc.__context__
                if exc_context is None or exc_context is old_exc:
                    # Already right (issue 20317).
                    return
                if exc_context is frame_exc:
                    break
                new_exc = exc_context
            # Point the end of the chain at the exception it should reference.
            new_exc.__context__ = old_exc

        # Last in, first out, as nested context managers exit.
        suppressed_exc = False
        pending_raise = False
        while self._exit_callbacks:
            is_sync, cb = self._exit_callbacks.pop()
            try:
                if exc is None:
                    details = None, None, None
                else:
                    details = type(exc), exc, exc.__traceback__
                if cb(*details):
                    suppressed_exc = True
                    pending_raise = False
                    exc = None
            except BaseException as new_exc:
                # The stack of exceptions: the new one's context is the one before.
                _fix_exception_context(new_exc, exc)
                pending_raise = True
                exc = new_exc

        if pending_raise:
            try:
                # A bare "raise exc" would replace the context set up above.
                fixed_ctx = exc.__context__
                raise exc
            except BaseException:
                exc.__context__ = fixed_ctx
                raise
        return received_exc and suppressed_exc

    def close(self):

        self.__exit__(None, None, None)


class nullcontext(AbstractContextManager):
    """Context manager that does no additional processing."""

    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *excinfo):
        pass
