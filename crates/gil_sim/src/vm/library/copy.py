"""GIL Lab's model of CPython's copy module: copy() and deepcopy()."""

__all__ = ['Error', 'copy', 'deepcopy']


class Error(Exception):
    pass


error = Error

_ATOMIC = (type(None), int, float, bool, complex, str, bytes, type, range,
           type(len), type(lambda: 0), type(Ellipsis), type(NotImplemented), property)


def copy(x):
    cls = type(x)
    if isinstance(x, _ATOMIC) and cls in _ATOMIC:
        return x
    if cls is list:
        return x[:]
    if cls is dict:
        return x.copy()
    if cls is set:
        return x.copy()
    if cls is tuple or cls is frozenset:
        return x
    method = getattr(x, '__copy__', None)
    if method is not None:
        return method()
    if isinstance(x, dict):
        return _copy_dict(x, lambda v: v)
    return _copy_instance(x, lambda v: v)


def _copy_dict(x, copier):
    result = object.__new__(type(x))
    for key, value in x.__dict__.items():
        setattr(result, key, copier(value))
    for key, value in x.items():
        dict.__setitem__(result, copier(key), copier(value))
    return result


def _copy_instance(x, copier):
    cls = type(x)
    if hasattr(x, '_tuple') and hasattr(x, '_fields'):
        return cls(*[copier(v) for v in x])
    try:
        state = x.__dict__
    except AttributeError:
        raise Error('un(deep)copyable object of type %s' % cls) from None
    result = object.__new__(cls)
    for key, value in state.items():
        setattr(result, key, copier(value))
    return result


def deepcopy(x, memo=None, _nil=[]):
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if cls in _ATOMIC:
        return x
    method = getattr(x, '__deepcopy__', None)
    if method is not None:
        y = method(memo)
    elif cls is list:
        y = []
        memo[d] = y
        for a in x:
            y.append(deepcopy(a, memo))
    elif cls is tuple:
        y = tuple(deepcopy(a, memo) for a in x)
        if all(a is b for a, b in zip(x, y)):
            y = x
    elif cls is dict:
        y = {}
        memo[d] = y
        for key, value in x.items():
            y[deepcopy(key, memo)] = deepcopy(value, memo)
    elif isinstance(x, dict):
        y = _copy_dict(x, lambda v: deepcopy(v, memo))
    elif cls is set:
        y = {deepcopy(a, memo) for a in x}
    elif cls is frozenset:
        y = frozenset(deepcopy(a, memo) for a in x)
    else:
        y = _copy_instance(x, lambda v: deepcopy(v, memo))
    if y is not x:
        memo[d] = y
    return y
