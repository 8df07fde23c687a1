"""GIL Lab's model of multiprocessing.managers: a manager is a server process that owns the
shared objects; proxies in other processes send it each method call and wait for the reply.
Each client thread has its own connection (a pair of shared queues), served by its own thread
in the server, as CPython's Server.serve_client does."""

import os
import threading
import queue
import _mp
import _thread
import multiprocessing
from multiprocessing import ProcessError

__all__ = ["BaseManager", "SyncManager", "BaseProxy", "Token"]

INITIAL, STARTED, SHUTDOWN = 0, 1, 2


class RemoteError(Exception):
    def __str__(self):
        return "\n" + "-" * 75 + "\n" + str(self.args[0]) + "-" * 75


class Token:


    def __init__(self, typeid, address, id):
        (self.typeid, self.address, self.id) = (typeid, address, id)

    def __repr__(self):
        return "%s(typeid=%r, address=%r, id=%r)" % (
            self.__class__.__name__, self.typeid, self.address, self.id)


class Namespace:
    def __init__(self, /, **kwds):
        for name, value in kwds.items():
            setattr(self, name, value)

    def __repr__(self):
        temp = []
        for name, value in list(self.__dict__.items()):
            if not name.startswith("_"):
                temp.append("%s=%r" % (name, value))
        temp.sort()
        return "%s(%s)" % (self.__class__.__name__, ", ".join(temp))


class Value:
    def __init__(self, typecode, value, lock=True):
        self._typecode = typecode
        self._value = value

    def get(self):
        return self._value

    def set(self, value):
        self._value = value

    def __repr__(self):
        return "%s(%r, %r)" % (type(self).__name__, self._typecode, self._value)

    value = property(get, set)


def Array(typecode, sequence, lock=True):
    return list(sequence)


def _public_methods(obj):
    return [name for name in dir(obj)
            if not name.startswith("_") and callable(getattr(obj, name))]


_VIEW_TYPES = (type({}.keys()), type({}.values()), type({}.items()))


_OPERATORS = {
    "__getitem__": lambda obj, key: obj[key],
    "__setitem__": lambda obj, key, value: obj.__setitem__(key, value),
    "__delitem__": lambda obj, key: obj.__delitem__(key),
    "__len__": lambda obj: len(obj),
    "__contains__": lambda obj, item: item in obj,
    "__iter__": lambda obj: iter(obj),
    "__next__": lambda obj: next(obj),
    "__repr__": lambda obj: repr(obj),
    "__str__": lambda obj: str(obj),
    "__add__": lambda obj, other: obj + other,
    "__mul__": lambda obj, other: obj * other,
    "__rmul__": lambda obj, other: other * obj,
    "__imul__": lambda obj, other: obj.__imul__(other),
    "__reversed__": lambda obj: list(reversed(obj)),
    "__getattribute__": lambda obj, name: getattr(obj, name),
    "__setattr__": lambda obj, name, value: setattr(obj, name, value),
    "__delattr__": lambda obj, name: delattr(obj, name),
}


def _call_method(obj, methodname, args, kwds):
    """Calls `obj.methodname(*args, **kwds)`; operators by their syntax."""
    operator = _OPERATORS.get(methodname)
    if operator is not None and not kwds:
        if methodname == "__setitem__":
            obj[args[0]] = args[1]
            return None
        if methodname == "__delitem__":
            del obj[args[0]]
            return None
        if methodname == "__imul__":
            obj *= args[0]
            return None
        return operator(obj, *args)
    return getattr(obj, methodname)(*args, **kwds)


class Server:
    """The manager process's side: the shared objects by id, a thread per client."""

    def __init__(self, registry, listener):
        self.registry = registry
        self.listener = listener
        self.id_to_obj = {}
        self.next_id = 0

    def serve_forever(self):
        while True:
            message = _mp.loads(_mp.get(self.listener, True, None))
            if message[0] == "connect":
                t = threading.Thread(target=self.serve_client, args=(message[1], message[2]))
                t.daemon = True
                t.start()
            elif message[0] == "shutdown":
                _mp.put(message[1], ("#RETURN", None))
                return

    def create(self, typeid, args, kwds):
        callable, exposed, method_to_typeid, proxytype = self.registry[typeid]
        if callable is None:
            assert len(args) == 1 and not kwds
            obj = args[0]
        else:
            obj = callable(*args, **kwds)
        if exposed is None:
            exposed = _public_methods(obj)
        self.next_id += 1
        ident = "%x" % self.next_id
        self.id_to_obj[ident] = (obj, tuple(exposed), method_to_typeid)
        return ident, tuple(exposed)

    def serve_client(self, request, reply):
        while True:
            ident, methodname, args, kwds = _mp.loads(_mp.get(request, True, None))
            if ident is None:
                try:
                    msg = ("#RETURN", self.create(methodname, args, kwds))
                except Exception as e:
                    msg = ("#ERROR", e)
                _mp.put(reply, msg)
                continue
            try:
                obj, exposed, gettypeid = self.id_to_obj[ident]
                if methodname == "#GETVALUE":
                    _mp.put(reply, ("#RETURN", obj))
                    continue
                if methodname not in exposed and methodname != "__repr__" \
                        and methodname != "__str__":
                    raise AttributeError("method %r of %r object is not in exposed=%r"
                                         % (methodname, type(obj), exposed))
                res = _call_method(obj, methodname, args, kwds)
            except Exception as e:
                msg = ("#ERROR", e)
            else:
                typeid = gettypeid and gettypeid.get(methodname, None)
                if typeid:
                    rident, rexposed = self.create(typeid, (res,), {})
                    msg = ("#PROXY", (rexposed, typeid, rident))
                else:
                    if isinstance(res, _VIEW_TYPES):
                        res = list(res)
                    msg = ("#RETURN", res)
            try:
                _mp.put(reply, msg)
            except Exception as e:
                _mp.put(reply, ("#UNSERIALIZABLE", "%s: %s\n" % (type(e).__name__, e)))


# This process's connections to managers, by (manager, pid, thread).
_connections = {}


def _connection(address, address_id):
    key = (address_id, os.getpid(), _thread.get_ident())
    conn = _connections.get(key)
    if conn is None:
        conn = (_mp.queue(), _mp.queue())
        _mp.put(address, ("connect", conn[0], conn[1]))
        _connections[key] = conn
    return conn


def _call(address, address_id, ident, methodname, args, kwds):
    request, reply = _connection(address, address_id)
    _mp.put(request, (ident, methodname, args, kwds))
    return _mp.loads(_mp.get(reply, True, None))


def convert_to_error(kind, result):
    if kind == "#ERROR":
        return result
    elif kind in ("#TRACEBACK", "#UNSERIALIZABLE"):
        if not isinstance(result, str):
            raise TypeError("Result {0!r} (kind '{1}') type is {2}, not str".format(
                result, kind, type(result)))
        if kind == "#UNSERIALIZABLE":
            return RemoteError("Unserializable message: %s\n" % result)
        return RemoteError(result)
    return ValueError("Unrecognized message type {!r}".format(kind))


class BaseProxy:
    """A proxy for a shared object in a manager's process."""

    def __init__(self, token, serializer=None, manager=None, authkey=None, exposed=None,
                 incref=True, manager_owned=False):
        self._token = token
        self._address_id = token.address[1]
        self._id = token.id
        self._exposed_names = exposed

    def _callmethod(self, methodname, args=(), kwds={}):

        token = self._token
        kind, result = _call(token.address[0], self._address_id, self._id, methodname,
                             tuple(args), dict(kwds))
        if kind == "#RETURN":
            return result
        elif kind == "#PROXY":
            exposed, typeid, ident = result
            proxytype = SyncManager._all_proxytypes.get(typeid, AutoProxy)
            return _make_proxy(proxytype, Token(typeid, token.address, ident), exposed)
        raise convert_to_error(kind, result)

    def _getvalue(self):

        return self._callmethod("#GETVALUE")

    def __repr__(self):
        return "<%s object, typeid %r at %#x>" % (
            self._proxy_name(), self._token.typeid, id(self))

    def _proxy_name(self):
        return type(self).__name__

    def __str__(self):

        try:
            return self._callmethod("__repr__")
        except Exception:
            return repr(self)[:-1] + "; '__str__()' failed>"


def _make_proxy(proxytype, token, exposed):
    return proxytype(token, exposed=exposed)


def _method(name):
    def method(self, /, *args, **kwds):
        return self._callmethod(name, args, kwds)
    method.__name__ = name
    return method


class IteratorProxy(BaseProxy):
    _exposed_ = ("__next__", "send", "throw", "close")

    def __iter__(self):
        return self

    def __next__(self, *args):
        return self._callmethod("__next__", args)

    def send(self, *args):
        return self._callmethod("send", args)

    def throw(self, *args):
        return self._callmethod("throw", args)

    def close(self, *args):
        return self._callmethod("close", args)


class AcquirerProxy(BaseProxy):
    _exposed_ = ("acquire", "release")

    def acquire(self, blocking=True, timeout=None):
        args = (blocking,) if timeout is None else (blocking, timeout)
        return self._callmethod("acquire", args)

    def release(self):
        return self._callmethod("release")

    def __enter__(self):
        return self._callmethod("acquire")

    def __exit__(self, exc_type, exc_val, exc_tb):
        return self._callmethod("release")


class ConditionProxy(AcquirerProxy):
    _exposed_ = ("acquire", "release", "wait", "notify", "notify_all")

    def wait(self, timeout=None):
        return self._callmethod("wait", (timeout,))

    def notify(self, n=1):
        return self._callmethod("notify", (n,))

    def notify_all(self):
        return self._callmethod("notify_all")

    def wait_for(self, predicate, timeout=None):
        import time
        result = predicate()
        if result:
            return result
        if timeout is not None:
            endtime = time.monotonic() + timeout
        else:
            endtime = None
            waittime = None
        while not result:
            if endtime is not None:
                waittime = endtime - time.monotonic()
                if waittime <= 0:
                    break
            self.wait(waittime)
            result = predicate()
        return result


class EventProxy(BaseProxy):
    _exposed_ = ("is_set", "set", "clear", "wait")

    def is_set(self):
        return self._callmethod("is_set")

    def set(self):
        return self._callmethod("set")

    def clear(self):
        return self._callmethod("clear")

    def wait(self, timeout=None):
        return self._callmethod("wait", (timeout,))


class BarrierProxy(BaseProxy):
    _exposed_ = ("__getattribute__", "wait", "abort", "reset")

    def wait(self, timeout=None):
        return self._callmethod("wait", (timeout,))

    def abort(self):
        return self._callmethod("abort")

    def reset(self):
        return self._callmethod("reset")

    @property
    def parties(self):
        return self._callmethod("__getattribute__", ("parties",))

    @property
    def n_waiting(self):
        return self._callmethod("__getattribute__", ("n_waiting",))

    @property
    def broken(self):
        return self._callmethod("__getattribute__", ("broken",))


class NamespaceProxy(BaseProxy):
    _exposed_ = ("__getattribute__", "__setattr__", "__delattr__")

    def __getattr__(self, key):
        if key[0] == "_":
            return object.__getattribute__(self, key)
        return self._callmethod("__getattribute__", (key,))

    def __setattr__(self, key, value):
        if key[0] == "_":
            return object.__setattr__(self, key, value)
        return self._callmethod("__setattr__", (key, value))

    def __delattr__(self, key):
        if key[0] == "_":
            return object.__delattr__(self, key)
        return self._callmethod("__delattr__", (key,))


class ValueProxy(BaseProxy):
    _exposed_ = ("get", "set")

    def get(self):
        return self._callmethod("get")

    def set(self, value):
        return self._callmethod("set", (value,))

    value = property(get, set)


class BaseListProxy(BaseProxy):
    _exposed_ = ("__add__", "__contains__", "__delitem__", "__getitem__", "__len__",
                 "__mul__", "__reversed__", "__rmul__", "__setitem__", "append", "count",
                 "extend", "index", "insert", "pop", "remove", "reverse", "sort", "__imul__")
    __add__ = _method("__add__")
    __contains__ = _method("__contains__")
    __delitem__ = _method("__delitem__")
    __getitem__ = _method("__getitem__")
    __len__ = _method("__len__")
    __mul__ = _method("__mul__")
    __reversed__ = _method("__reversed__")
    __rmul__ = _method("__rmul__")
    __setitem__ = _method("__setitem__")
    append = _method("append")
    count = _method("count")
    extend = _method("extend")
    index = _method("index")
    insert = _method("insert")
    pop = _method("pop")
    remove = _method("remove")
    reverse = _method("reverse")
    sort = _method("sort")

    def __iter__(self):
        i = 0
        while True:
            try:
                item = self[i]
            except IndexError:
                return
            yield item
            i += 1


class ListProxy(BaseListProxy):
    def __iadd__(self, value):
        self._callmethod("extend", (value,))
        return self

    def __imul__(self, value):
        self._callmethod("__imul__", (value,))
        return self


class DictProxy(BaseProxy):
    _exposed_ = ("__contains__", "__delitem__", "__getitem__", "__iter__", "__len__",
                 "__setitem__", "clear", "copy", "get", "items", "keys", "pop", "popitem",
                 "setdefault", "update", "values")
    _method_to_typeid_ = {"__iter__": "Iterator"}
    __contains__ = _method("__contains__")
    __delitem__ = _method("__delitem__")
    __getitem__ = _method("__getitem__")
    __iter__ = _method("__iter__")
    __len__ = _method("__len__")
    __setitem__ = _method("__setitem__")
    clear = _method("clear")
    copy = _method("copy")
    get = _method("get")
    items = _method("items")
    keys = _method("keys")
    pop = _method("pop")
    popitem = _method("popitem")
    setdefault = _method("setdefault")
    update = _method("update")
    values = _method("values")


class ArrayProxy(BaseProxy):
    _exposed_ = ("__len__", "__getitem__", "__setitem__")
    __len__ = _method("__len__")
    __getitem__ = _method("__getitem__")
    __setitem__ = _method("__setitem__")


class AutoProxy(BaseProxy):
    """A proxy whose methods are the referent's public methods (CPython builds a class
    named AutoProxy[typeid] for them)."""

    def _proxy_name(self):
        return "AutoProxy[%s]" % self._token.typeid

    def __getattr__(self, name):
        if name.startswith("_") or self._exposed_names is None or \
                name not in self._exposed_names:
            raise AttributeError("'%s' object has no attribute '%s'"
                                 % (self._proxy_name(), name))

        def call(*args, **kwds):
            return self._callmethod(name, args, kwds)
        return call


class BaseManager:


    _registry = {}
    _registry_owner = None

    def __init__(self, address=None, authkey=None, serializer="pickle", ctx=None, *,
                 shutdown_timeout=1.0):
        self._address = address
        self._state = INITIAL
        self._serializer = serializer
        self._ctx = ctx or multiprocessing.get_context()
        self._shutdown_timeout = shutdown_timeout
        self._process = None

    def get_server(self):
        raise NotImplementedError("BaseManager.get_server is not modelled in GIL Lab")

    def connect(self):
        raise NotImplementedError("BaseManager.connect is not modelled in GIL Lab")

    def start(self, initializer=None, initargs=None):

        if self._state != INITIAL:
            if self._state == STARTED:
                raise ProcessError("Already started server")
            elif self._state == SHUTDOWN:
                raise ProcessError("Manager has shut down")
            else:
                raise ProcessError("Unknown state {!r}".format(self._state))
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        self._listener = _mp.queue()
        self._address_id = _mp.new_id()
        self._process = self._ctx.Process(target=type(self)._run_server,
                                          args=(self._listener, initializer, initargs))
        ident = ":".join(str(i) for i in self._process._identity)
        self._process.name = type(self).__name__ + "-" + ident
        self._process.start()
        self._address = "/tmp/pymp-gil-lab/listener-%d" % self._address_id
        self._state = STARTED
        multiprocessing._finalizers.append(self._finalize_at_exit)

    @classmethod
    def _run_server(cls, listener, initializer=None, initargs=None):
        if initializer is not None:
            initializer(*(initargs or ()))
        Server(cls._registry, listener).serve_forever()

    def _create(self, typeid, /, *args, **kwds):

        kind, result = _call(self._listener, self._address_id, None, typeid, args, kwds)
        if kind != "#RETURN":
            raise convert_to_error(kind, result)
        ident, exposed = result
        return Token(typeid, (self._listener, self._address_id), ident), exposed

    def join(self, timeout=None):

        if self._process is not None:
            self._process.join(timeout)
            if not self._process.is_alive():
                self._process = None

    @property
    def address(self):
        return self._address

    def __enter__(self):
        if self._state == INITIAL:
            self.start()
        if self._state != STARTED:
            raise ProcessError("Unable to start server")
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown()

    def shutdown(self):
        if self._state != STARTED:
            return
        self._state = SHUTDOWN
        reply = _mp.queue()
        _mp.put(self._listener, ("shutdown", reply))
        _mp.get(reply, True, None)
        process = self._process
        process.join(timeout=self._shutdown_timeout)
        if process.is_alive():
            process.terminate()
            process.join(timeout=self._shutdown_timeout)
            if process.is_alive():
                process.kill()
                process.join()

    def _finalize_at_exit(self):
        self.shutdown()

    @classmethod
    def register(cls, typeid, callable=None, proxytype=None, exposed=None,
                 method_to_typeid=None, create_method=True):

        if cls._registry_owner is not cls:
            cls._registry = dict(cls._registry)
            cls._registry_owner = cls
        if proxytype is None:
            proxytype = AutoProxy
        exposed = exposed or getattr(proxytype, "_exposed_", None)
        method_to_typeid = method_to_typeid or getattr(proxytype, "_method_to_typeid_", None)
        if method_to_typeid:
            for key, value in list(method_to_typeid.items()):
                assert type(key) is str, "%r is not a string" % key
                assert type(value) is str, "%r is not a string" % value
        cls._registry[typeid] = (callable, exposed, method_to_typeid, None)
        SyncManager._all_proxytypes[typeid] = proxytype
        if create_method:
            def temp(self, /, *args, **kwds):
                token, exp = self._create(typeid, *args, **kwds)
                return _make_proxy(proxytype, token, exp)
            temp.__name__ = typeid
            setattr(cls, typeid, temp)


class SyncManager(BaseManager):
    _all_proxytypes = {}


class SharedMemoryManager(BaseManager):
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("SharedMemoryManager is not modelled in GIL Lab")


SyncManager.register("Queue", queue.Queue)
SyncManager.register("JoinableQueue", queue.Queue)
SyncManager.register("Event", threading.Event, EventProxy)
SyncManager.register("Lock", threading.Lock, AcquirerProxy)
SyncManager.register("RLock", threading.RLock, AcquirerProxy)
SyncManager.register("Semaphore", threading.Semaphore, AcquirerProxy)
SyncManager.register("BoundedSemaphore", threading.BoundedSemaphore, AcquirerProxy)
SyncManager.register("Condition", threading.Condition, ConditionProxy)
SyncManager.register("Barrier", threading.Barrier, BarrierProxy)
SyncManager.register("list", list, ListProxy)
SyncManager.register("dict", dict, DictProxy)
SyncManager.register("Value", Value, ValueProxy)
SyncManager.register("Array", Array, ArrayProxy)
SyncManager.register("Namespace", Namespace, NamespaceProxy)
SyncManager.register("Iterator", proxytype=IteratorProxy, create_method=False)
