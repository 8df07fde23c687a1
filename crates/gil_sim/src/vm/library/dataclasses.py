"""GIL Lab's model of CPython's dataclasses module (Lib/dataclasses.py): the methods it
generates are closures over the field list instead of source text run through exec."""

import sys as _sys

__all__ = ['dataclass', 'field', 'Field', 'FrozenInstanceError', 'InitVar', 'MISSING',
           'fields', 'asdict', 'astuple', 'replace', 'is_dataclass']

_VERSION = _sys.version_info[:2]
_modules = getattr(_sys, 'modules', None) or {}


class FrozenInstanceError(AttributeError):
    pass


class _HAS_DEFAULT_FACTORY_CLASS:
    # The default of an __init__ parameter whose field has a default factory.
    def __repr__(self):
        return '<factory>'


_HAS_DEFAULT_FACTORY = _HAS_DEFAULT_FACTORY_CLASS()


class _MISSING_TYPE:
    pass


MISSING = _MISSING_TYPE()

if _VERSION >= (3, 10):
    class _KW_ONLY_TYPE:
        pass

    KW_ONLY = _KW_ONLY_TYPE()
    __all__.append('KW_ONLY')


class _mappingproxy:
    # types.MappingProxyType: a read-only view of a field's metadata.

    def __init__(self, mapping):
        self._mapping = mapping

    def __getitem__(self, key):
        return self._mapping[key]

    def __len__(self):
        return len(self._mapping)

    def __iter__(self):
        return iter(self._mapping)

    def __contains__(self, key):
        return key in self._mapping

    def get(self, key, default=None):
        return self._mapping.get(key, default)

    def keys(self):
        return self._mapping.keys()

    def values(self):
        return self._mapping.values()

    def items(self):
        return self._mapping.items()

    def __eq__(self, other):
        if isinstance(other, _mappingproxy):
            other = other._mapping
        return self._mapping == other

    def __repr__(self):
        return 'mappingproxy(%r)' % (self._mapping,)


_EMPTY_METADATA = _mappingproxy({})


class _FIELD_BASE:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


_FIELD = _FIELD_BASE('_FIELD')
_FIELD_CLASSVAR = _FIELD_BASE('_FIELD_CLASSVAR')
_FIELD_INITVAR = _FIELD_BASE('_FIELD_INITVAR')

# The attribute holding a dataclass's fields, and the one holding its parameters.
_FIELDS = '__dataclass_fields__'
_PARAMS = '__dataclass_params__'
_POST_INIT_NAME = '__post_init__'

# The objects being repr'd, so that a recursive dataclass shows "...".
_repr_running = set()


class InitVar:

    def __init__(self, type):
        self.type = type

    def __repr__(self):
        if isinstance(self.type, type):
            type_name = self.type.__name__
        else:
            type_name = repr(self.type)
        return 'dataclasses.InitVar[%s]' % (type_name,)

    def __class_getitem__(cls, type):
        return InitVar(type)


class Field:

    def __init__(self, default, default_factory, init, repr, hash, compare, metadata,
                 kw_only=MISSING):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = (_EMPTY_METADATA if metadata is None else _mappingproxy(metadata))
        self.kw_only = kw_only
        self._field_type = None

    def __repr__(self):
        parts = ['name=%r' % (self.name,),
                 'type=%r' % (self.type,),
                 'default=%r' % (self.default,),
                 'default_factory=%r' % (self.default_factory,),
                 'init=%r' % (self.init,),
                 'repr=%r' % (self.repr,),
                 'hash=%r' % (self.hash,),
                 'compare=%r' % (self.compare,),
                 'metadata=%r' % (self.metadata,)]
        if _VERSION >= (3, 10):
            parts.append('kw_only=%r' % (self.kw_only,))
        parts.append('_field_type=%s' % (self._field_type,))
        return 'Field(' + ','.join(parts) + ')'

    def __set_name__(self, owner, name):
        # A default that is a descriptor learns its name as if it were the class attribute.
        func = getattr(type(self.default), '__set_name__', None)
        if func:
            func(self.default, owner, name)


class _DataclassParams:

    def __init__(self, init, repr, eq, order, unsafe_hash, frozen, match_args=True,
                 kw_only=False, slots=False, weakref_slot=False):
        self.init = init
        self.repr = repr
        self.eq = eq
        self.order = order
        self.unsafe_hash = unsafe_hash
        self.frozen = frozen
        self.match_args = match_args
        self.kw_only = kw_only
        self.slots = slots
        self.weakref_slot = weakref_slot

    def __repr__(self):
        parts = ['init=%r' % (self.init,),
                 'repr=%r' % (self.repr,),
                 'eq=%r' % (self.eq,),
                 'order=%r' % (self.order,),
                 'unsafe_hash=%r' % (self.unsafe_hash,),
                 'frozen=%r' % (self.frozen,)]
        if _VERSION >= (3, 12):
            parts += ['match_args=%r' % (self.match_args,),
                      'kw_only=%r' % (self.kw_only,),
                      'slots=%r' % (self.slots,),
                      'weakref_slot=%r' % (self.weakref_slot,)]
        return '_DataclassParams(' + ','.join(parts) + ')'


def _field(default, default_factory, init, repr, hash, compare, metadata, kw_only):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


if _VERSION >= (3, 10):
    def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True,
              hash=None, compare=True, metadata=None, kw_only=MISSING):
        """Return an object to identify dataclass fields."""
        return _field(default, default_factory, init, repr, hash, compare, metadata,
                      kw_only)
else:
    def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True,
              hash=None, compare=True, metadata=None):
        """Return an object to identify dataclass fields."""
        return _field(default, default_factory, init, repr, hash, compare, metadata,
                      MISSING)


################################################################################
### Recognising ClassVar, InitVar and KW_ONLY annotations
################################################################################

def _is_classvar(a_type, typing):
    return (a_type is typing.ClassVar
            or (type(a_type) is typing._GenericAlias and a_type.__origin__ is typing.ClassVar))


def _is_initvar(a_type, dataclasses):
    return a_type is InitVar or type(a_type) is InitVar


def _is_kw_only(a_type, dataclasses):
    return _VERSION >= (3, 10) and a_type is KW_ONLY


def _string_names(annotation):
    # The optional module name and the identifier a string annotation starts with, as
    # CPython's regular expression ^(?:\s*(\w+)\s*\.)?\s*(\w+) finds them.
    def word(text, i):
        j = i
        while j < len(text) and (text[j].isalnum() or text[j] == '_'):
            j += 1
        return text[i:j], j

    def spaces(text, i):
        while i < len(text) and text[i].isspace():
            i += 1
        return i

    text = annotation
    i = spaces(text, 0)
    first, j = word(text, i)
    if first:
        k = spaces(text, j)
        if k < len(text) and text[k] == '.':
            k = spaces(text, k + 1)
            second, end = word(text, k)
            if second:
                return first, second
    i = spaces(text, 0)
    first, j = word(text, i)
    if not first:
        return None
    return None, first


def _is_type(annotation, cls, a_module, a_type, is_type_predicate):
    # A string annotation names a_type if its first name resolves to it in the class's
    # module.
    names = _string_names(annotation)
    if names is None:
        return False
    module_name, ident = names
    module = _modules.get(cls.__module__)
    ns = getattr(module, '__dict__', None) if module is not None else None
    if not ns:
        return False
    if module_name is None:
        return is_type_predicate(ns.get(ident), a_module)
    module = ns.get(module_name)
    return bool(module) and getattr(module, '__dict__', {}).get(ident) is a_type


def _get_field(cls, a_name, a_type, default_kw_only):
    # The Field for this annotation: ClassVars and InitVars too, marked as such.
    default = getattr(cls, a_name, MISSING)
    if isinstance(default, Field):
        f = default
    else:
        f = field(default=default)

    f.name = a_name
    f.type = a_type
    f._field_type = _FIELD

    typing = _modules.get('typing')
    if typing:
        if (_is_classvar(a_type, typing)
                or (isinstance(f.type, str)
                    and _is_type(f.type, cls, typing, typing.ClassVar, _is_classvar))):
            f._field_type = _FIELD_CLASSVAR

    if f._field_type is _FIELD:
        if (_is_initvar(a_type, None)
                or (isinstance(f.type, str)
                    and _is_type(f.type, cls, _modules.get(__name__), InitVar,
                                 _is_initvar))):
            f._field_type = _FIELD_INITVAR

    if f._field_type in (_FIELD_CLASSVAR, _FIELD_INITVAR):
        if f.default_factory is not MISSING:
            raise TypeError('field %s cannot have a default factory' % (f.name,))

    if _VERSION >= (3, 10):
        if f._field_type in (_FIELD, _FIELD_INITVAR):
            if f.kw_only is MISSING:
                f.kw_only = default_kw_only
        else:
            if f.kw_only is not MISSING:
                raise TypeError('field %s is a ClassVar but specifies kw_only' % (f.name,))

    if f._field_type is _FIELD:
        if _VERSION >= (3, 11):
            mutable = getattr(f.default.__class__, '__hash__', 0) is None or isinstance(f.default, (list, dict, set))
        else:
            mutable = isinstance(f.default, (list, dict, set))
        if mutable:
            raise ValueError('mutable default %s for field %s is not allowed: use '
                             'default_factory' % (type(f.default), f.name))
    return f


################################################################################
### The generated methods, as closures over the fields
################################################################################

def _quoted_list(names):
    quoted = ["'%s'" % name for name in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return '%s and %s' % (quoted[0], quoted[1])
    return '%s, and %s' % (', '.join(quoted[:-1]), quoted[-1])


def _bind(fname, positional, kw_only, args, kwds):
    # Binds the arguments of a call to def f(self, *positional, *, *kw_only) the way
    # CPython does, with its messages: keywords first, then too many positionals, then
    # missing positionals, then missing keyword-only ones.  Each parameter is a pair
    # (name, default) with MISSING for none.  args excludes self.
    names = [p[0] for p in positional]
    kw_names = [p[0] for p in kw_only]
    values = {}
    for i in range(min(len(args), len(positional))):
        values[names[i]] = args[i]
    for name in kwds:
        if name in names or name in kw_names:
            if name in values:
                raise TypeError("%s() got multiple values for argument '%s'" % (fname, name))
            values[name] = kwds[name]
        else:
            raise TypeError("%s() got an unexpected keyword argument '%s'" % (fname, name))
    if len(args) > len(positional):
        co_argcount = len(positional) + 1
        defcount = len([p for p in positional if p[1] is not MISSING])
        given = len(args) + 1
        kwonly_given = len([name for name in kw_names if name in values])
        if defcount:
            sig = 'from %d to %d' % (co_argcount - defcount, co_argcount)
            plural = True
        else:
            sig = '%d' % co_argcount
            plural = co_argcount != 1
        if kwonly_given:
            kwonly_sig = ' positional argument%s (and %d keyword-only argument%s)' % (
                's' if given != 1 else '', kwonly_given, 's' if kwonly_given != 1 else '')
        else:
            kwonly_sig = ''
        raise TypeError('%s() takes %s positional argument%s but %d%s %s given'
                        % (fname, sig, 's' if plural else '', given, kwonly_sig,
                           'was' if given == 1 and not kwonly_given else 'were'))
    missing = [p[0] for p in positional if p[0] not in values and p[1] is MISSING]
    if missing:
        raise TypeError('%s() missing %d required positional argument%s: %s'
                        % (fname, len(missing), '' if len(missing) == 1 else 's',
                           _quoted_list(missing)))
    missing = [p[0] for p in kw_only if p[0] not in values and p[1] is MISSING]
    if missing:
        raise TypeError('%s() missing %d required keyword-only argument%s: %s'
                        % (fname, len(missing), '' if len(missing) == 1 else 's',
                           _quoted_list(missing)))
    for name, default in positional + kw_only:
        if name not in values:
            values[name] = default
    return values


def _init_param(f):
    if f.default is not MISSING:
        return (f.name, f.default)
    if f.default_factory is not MISSING:
        return (f.name, _HAS_DEFAULT_FACTORY)
    return (f.name, MISSING)


def _init_fn(cls, fields, std_fields, kw_only_fields, frozen, has_post_init):
    # fields holds the real fields and the InitVar pseudo-fields, in field order.
    seen_default = None
    for f in std_fields:
        if f.init:
            if not (f.default is MISSING and f.default_factory is MISSING):
                seen_default = f
            elif seen_default:
                if _VERSION >= (3, 13):
                    raise TypeError('non-default argument %r follows default argument %r'
                                    % (f.name, seen_default.name))
                raise TypeError('non-default argument %r follows default argument'
                                % (f.name,))

    positional = [_init_param(f) for f in std_fields]
    kw_only = [_init_param(f) for f in kw_only_fields]
    initvar_names = [f.name for f in fields if f._field_type is _FIELD_INITVAR]
    if _VERSION >= (3, 10):
        fname = '%s.__init__' % (cls.__qualname__,)
    else:
        fname = '__init__'

    def __init__(*args, **kwds):
        if not args:
            raise TypeError("%s() missing 1 required positional argument: 'self'" % fname)
        self = args[0]
        values = _bind(fname, positional, kw_only, args[1:], kwds)
        for f in fields:
            if f.default_factory is not MISSING:
                if f.init:
                    value = values[f.name]
                    if value is _HAS_DEFAULT_FACTORY:
                        value = f.default_factory()
                else:
                    value = f.default_factory()
            elif f.init:
                value = values[f.name]
            else:
                # The class attribute holds the default.
                continue
            if f._field_type is _FIELD_INITVAR:
                continue
            if frozen:
                object.__setattr__(self, f.name, value)
            else:
                setattr(self, f.name, value)
        if has_post_init:
            getattr(self, _POST_INIT_NAME)(*[values[name] for name in initvar_names])

    return __init__


def _repr_fn(flds):
    def __repr__(self):
        key = id(self)
        if key in _repr_running:
            return '...'
        _repr_running.add(key)
        try:
            parts = ['%s=%r' % (f.name, getattr(self, f.name)) for f in flds]
        finally:
            _repr_running.discard(key)
        return '%s(%s)' % (self.__class__.__qualname__, ', '.join(parts))
    return __repr__


def _tuple_of(obj, flds):
    return tuple([getattr(obj, f.name) for f in flds])


def _eq_fn(flds):
    if _VERSION >= (3, 13):
        def __eq__(self, other):
            if self is other:
                return True
            if other.__class__ is self.__class__:
                result = True
                for f in flds:
                    result = getattr(self, f.name) == getattr(other, f.name)
                    if not result:
                        return result
                return result
            return NotImplemented
    else:
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return _tuple_of(self, flds) == _tuple_of(other, flds)
            return NotImplemented
    return __eq__


def _order_fn(name, flds):
    if name == '__lt__':
        def __lt__(self, other):
            if other.__class__ is self.__class__:
                return _tuple_of(self, flds) < _tuple_of(other, flds)
            return NotImplemented
        return __lt__
    if name == '__le__':
        def __le__(self, other):
            if other.__class__ is self.__class__:
                return _tuple_of(self, flds) <= _tuple_of(other, flds)
            return NotImplemented
        return __le__
    if name == '__gt__':
        def __gt__(self, other):
            if other.__class__ is self.__class__:
                return _tuple_of(self, flds) > _tuple_of(other, flds)
            return NotImplemented
        return __gt__

    def __ge__(self, other):
        if other.__class__ is self.__class__:
            return _tuple_of(self, flds) >= _tuple_of(other, flds)
        return NotImplemented
    return __ge__


def _frozen_fns(cls, fields):
    names = tuple([f.name for f in fields])

    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise FrozenInstanceError('cannot assign to field %r' % (name,))
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise FrozenInstanceError('cannot delete field %r' % (name,))
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


def _hash_fn(fields):
    flds = [f for f in fields if (f.compare if f.hash is None else f.hash)]

    def __hash__(self):
        return hash(_tuple_of(self, flds))
    return __hash__


# What to do about __hash__, by (unsafe_hash, eq, frozen, class defines __hash__):
# None leaves it alone, 'none' sets it to None, 'add' adds one, 'raise' fails.
_hash_action = {
    (False, False, False, False): None,
    (False, False, False, True): None,
    (False, False, True, False): None,
    (False, False, True, True): None,
    (False, True, False, False): 'none',
    (False, True, False, True): None,
    (False, True, True, False): 'add',
    (False, True, True, True): None,
    (True, False, False, False): 'add',
    (True, False, False, True): 'raise',
    (True, False, True, False): 'add',
    (True, False, True, True): 'raise',
    (True, True, False, False): 'add',
    (True, True, False, True): 'raise',
    (True, True, True, False): 'add',
    (True, True, True, True): 'raise',
}


def _set_qualname(cls, value):
    if type(value) is type(_set_qualname):
        value.__qualname__ = '%s.%s' % (cls.__qualname__, value.__name__)


def _set_new_attribute(cls, name, value):
    # Never overwrites an attribute the class defines itself: True if there is one.
    if name in cls.__dict__:
        return True
    _set_qualname(cls, value)
    setattr(cls, name, value)
    return False


def _format_annotation(annotation):
    # inspect.formatannotation, as the class docstring shows a parameter's annotation.
    if getattr(annotation, '__module__', None) == 'typing':
        return repr(annotation).replace('typing.', '')
    if isinstance(annotation, type) and type(annotation).__name__ != 'GenericAlias':
        if annotation.__module__ == 'builtins':
            return annotation.__qualname__
        return '%s.%s' % (annotation.__module__, annotation.__qualname__)
    if type(annotation).__name__ == 'GenericAlias':
        return str(annotation)
    return repr(annotation)


def _text_signature(std_fields, kw_only_fields):
    def param(f):
        if f.default is not MISSING:
            default = f.default
        elif f.default_factory is not MISSING:
            default = _HAS_DEFAULT_FACTORY
        else:
            default = MISSING
        text = '%s: %s' % (f.name, _format_annotation(f.type))
        if default is not MISSING:
            text += ' = %r' % (default,)
        return text

    params = [param(f) for f in std_fields]
    if kw_only_fields:
        params.append('*')
        params += [param(f) for f in kw_only_fields]
    return '(%s)' % ', '.join(params)


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only,
                   slots, weakref_slot):
    # Base fields come first, in reverse MRO order, so that a derived class's field
    # replaces a base's in the base's position.
    fields = {}

    setattr(cls, _PARAMS, _DataclassParams(init, repr, eq, order, unsafe_hash, frozen,
                                           match_args, kw_only, slots, weakref_slot))

    any_frozen_base = False
    all_frozen_bases = None
    has_dataclass_bases = False
    mro = cls.__mro__
    for i in range(len(mro) - 1, 0, -1):
        b = mro[i]
        base_fields = getattr(b, _FIELDS, None)
        if base_fields is not None:
            has_dataclass_bases = True
            for f in base_fields.values():
                fields[f.name] = f
            current_frozen = getattr(b, _PARAMS).frozen
            if all_frozen_bases is None:
                all_frozen_bases = True
            all_frozen_bases = all_frozen_bases and current_frozen
            any_frozen_base = any_frozen_base or current_frozen

    # The annotations of this class itself, not of its bases.
    cls_annotations = cls.__dict__.get('__annotations__', {})

    cls_fields = []
    KW_ONLY_seen = False
    for name, a_type in cls_annotations.items():
        if _is_kw_only(a_type, None) or (
                _VERSION >= (3, 10) and isinstance(a_type, str)
                and _is_type(a_type, cls, _modules.get(__name__), KW_ONLY, _is_kw_only)):
            if KW_ONLY_seen:
                raise TypeError('%r is KW_ONLY, but KW_ONLY has already been specified'
                                % (name,))
            KW_ONLY_seen = True
            kw_only = True
        else:
            cls_fields.append(_get_field(cls, name, a_type, kw_only))

    for f in cls_fields:
        fields[f.name] = f
        # The class attribute that was a Field becomes the plain default (or goes).
        if isinstance(getattr(cls, f.name, None), Field):
            if f.default is MISSING:
                delattr(cls, f.name)
            else:
                setattr(cls, f.name, f.default)

    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and name not in cls_annotations:
            raise TypeError('%r is a field but has no type annotation' % (name,))

    if has_dataclass_bases:
        if any_frozen_base and not frozen:
            raise TypeError('cannot inherit non-frozen dataclass from a frozen one')
        if _VERSION >= (3, 13):
            non_frozen_bases = all_frozen_bases is False
        else:
            non_frozen_bases = not any_frozen_base
        if non_frozen_bases and frozen:
            raise TypeError('cannot inherit frozen dataclass from a non-frozen one')

    setattr(cls, _FIELDS, fields)

    # An explicit __hash__: one the class defines, except the None that defining __eq__
    # sets.
    class_hash = cls.__dict__.get('__hash__', MISSING)
    has_explicit_hash = not (class_hash is MISSING or
                             (class_hash is None and '__eq__' in cls.__dict__))

    if order and not eq:
        raise ValueError('eq must be true if order is true')

    all_init_fields = [f for f in fields.values()
                       if f._field_type in (_FIELD, _FIELD_INITVAR)]
    if _VERSION >= (3, 10):
        std_init_fields = [f for f in all_init_fields if f.init and not f.kw_only]
        kw_only_init_fields = [f for f in all_init_fields if f.init and f.kw_only]
    else:
        std_init_fields = [f for f in all_init_fields if f.init]
        kw_only_init_fields = []

    if init:
        has_post_init = hasattr(cls, _POST_INIT_NAME)
        _set_new_attribute(cls, '__init__',
                           _init_fn(cls, all_init_fields, std_init_fields,
                                    kw_only_init_fields, frozen, has_post_init))

    if _VERSION >= (3, 13):
        _set_new_attribute(cls, '__replace__', _replace)

    field_list = [f for f in fields.values() if f._field_type is _FIELD]

    if repr:
        _set_new_attribute(cls, '__repr__', _repr_fn([f for f in field_list if f.repr]))

    if eq:
        _set_new_attribute(cls, '__eq__', _eq_fn([f for f in field_list if f.compare]))

    if order:
        flds = [f for f in field_list if f.compare]
        for name in ('__lt__', '__le__', '__gt__', '__ge__'):
            if _set_new_attribute(cls, name, _order_fn(name, flds)):
                if _VERSION >= (3, 13):
                    raise TypeError('Cannot overwrite attribute %s in class %s '
                                    'Consider using functools.total_ordering'
                                    % (name, cls.__name__))
                raise TypeError('Cannot overwrite attribute %s in class %s. Consider '
                                'using functools.total_ordering' % (name, cls.__name__))

    if frozen:
        for fn in _frozen_fns(cls, field_list):
            if _set_new_attribute(cls, fn.__name__, fn):
                raise TypeError('Cannot overwrite attribute %s in class %s'
                                % (fn.__name__, cls.__name__))

    action = _hash_action[(bool(unsafe_hash), bool(eq), bool(frozen), has_explicit_hash)]
    if action == 'none':
        cls.__hash__ = None
    elif action == 'add':
        fn = _hash_fn(field_list)
        _set_qualname(cls, fn)
        cls.__hash__ = fn
    elif action == 'raise':
        raise TypeError('Cannot overwrite attribute __hash__ in class %s' % (cls.__name__,))

    if not getattr(cls, '__doc__'):
        if init or '__init__' in cls.__dict__:
            text_sig = _text_signature(std_init_fields, kw_only_init_fields)
        else:
            text_sig = '()' if _VERSION < (3, 11) else ''
        cls.__doc__ = cls.__name__ + text_sig

    if _VERSION >= (3, 10) and match_args:
        _set_new_attribute(cls, '__match_args__',
                           tuple([f.name for f in std_init_fields]))

    if _VERSION >= (3, 11) and weakref_slot and not slots:
        raise TypeError('weakref_slot is True but slots is False')
    if slots:
        raise NotImplementedError("GIL Lab's dataclasses model cannot make a class with "
                                  "__slots__ (slots=True)")
    return cls


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False,
              unsafe_hash=False, frozen=False, **options):
    """Add dunder methods based on the fields defined in the class.

    Examines PEP 526 __annotations__ to determine fields.
    """
    allowed = ()
    if _VERSION >= (3, 10):
        allowed = ('match_args', 'kw_only', 'slots')
    if _VERSION >= (3, 11):
        allowed += ('weakref_slot',)
    for name in options:
        if name not in allowed:
            raise TypeError("dataclass() got an unexpected keyword argument '%s'" % name)
    match_args = options.get('match_args', True)
    kw_only = options.get('kw_only', False)
    slots = options.get('slots', False)
    weakref_slot = options.get('weakref_slot', False)

    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args,
                              kw_only, slots, weakref_slot)

    if cls is None:
        # Called with parentheses: @dataclass(...).
        return wrap
    # Called as @dataclass without parentheses.
    return wrap(cls)


################################################################################
### Functions on dataclasses
################################################################################

def fields(class_or_instance):





    try:
        flds = getattr(class_or_instance, _FIELDS)
    except AttributeError:
        raise TypeError('must be called with a dataclass type or instance') from None
    return tuple([f for f in flds.values() if f._field_type is _FIELD])


def _is_dataclass_instance(obj):

    return hasattr(type(obj), _FIELDS)


def is_dataclass(obj):


    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, _FIELDS)


_ATOMIC_TYPES = (type(None), bool, int, float, str, complex, bytes, type(Ellipsis),
                 type(NotImplemented), range, property, type)


def _deepcopy(obj):
    # copy.deepcopy for what asdict() and astuple() do not take apart; atoms are their
    # own copies.
    if type(obj) in _ATOMIC_TYPES or callable(obj) and hasattr(obj, '__code__'):
        return obj
    import copy
    return copy.deepcopy(obj)


def asdict(obj, *, dict_factory=dict):
    """Return the fields of a dataclass instance as a new dictionary mapping
    field names to field values.
    """
    if not _is_dataclass_instance(obj):
        raise TypeError('asdict() should be called on dataclass instances')
    return _asdict_inner(obj, dict_factory)


def _asdict_inner(obj, dict_factory):
    if _is_dataclass_instance(obj):
        result = []
        for f in fields(obj):
            result.append((f.name, _asdict_inner(getattr(obj, f.name), dict_factory)))
        return dict_factory(result)
    if isinstance(obj, tuple) and hasattr(obj, '_fields'):
        return type(obj)(*[_asdict_inner(v, dict_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)([_asdict_inner(v, dict_factory) for v in obj])
    if isinstance(obj, dict):
        if _VERSION >= (3, 12) and hasattr(type(obj), 'default_factory'):
            result = type(obj)(obj.default_factory)
            for k, v in obj.items():
                result[_asdict_inner(k, dict_factory)] = _asdict_inner(v, dict_factory)
            return result
        return type(obj)([(_asdict_inner(k, dict_factory), _asdict_inner(v, dict_factory))
                          for k, v in obj.items()])
    return _deepcopy(obj)


def astuple(obj, *, tuple_factory=tuple):
    """Return the fields of a dataclass instance as a new tuple of field values.
    """
    if not _is_dataclass_instance(obj):
        raise TypeError('astuple() should be called on dataclass instances')
    return _astuple_inner(obj, tuple_factory)


def _astuple_inner(obj, tuple_factory):
    if _is_dataclass_instance(obj):
        return tuple_factory([_astuple_inner(getattr(obj, f.name), tuple_factory)
                              for f in fields(obj)])
    if isinstance(obj, tuple) and hasattr(obj, '_fields'):
        return type(obj)(*[_astuple_inner(v, tuple_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)([_astuple_inner(v, tuple_factory) for v in obj])
    if isinstance(obj, dict):
        if _VERSION >= (3, 12) and hasattr(type(obj), 'default_factory'):
            result = type(obj)(getattr(obj, 'default_factory'))
            for k, v in obj.items():
                result[_astuple_inner(k, tuple_factory)] = _astuple_inner(v, tuple_factory)
            return result
        return type(obj)([(_astuple_inner(k, tuple_factory), _astuple_inner(v, tuple_factory))
                          for k, v in obj.items()])
    return _deepcopy(obj)


def _replace(self, /, **changes):
    # 'changes' is a new dict: changing it is fine.
    error = TypeError if _VERSION >= (3, 13) else ValueError
    for f in getattr(self, _FIELDS).values():
        if f._field_type is _FIELD_CLASSVAR:
            continue
        if not f.init:
            if f.name in changes:
                raise error('field %s is declared with init=False, it cannot be specified '
                            'with replace()' % (f.name,))
            continue
        if f.name not in changes:
            if f._field_type is _FIELD_INITVAR and f.default is MISSING:
                raise error('InitVar %r must be specified with replace()' % (f.name,))
            changes[f.name] = getattr(self, f.name)
    # __init__ (and __post_init__) build the new object; a change that is no field
    # fails there.
    return self.__class__(**changes)


def replace(obj, /, **changes):
    """Return a new object replacing specified fields with new values."""
    if not _is_dataclass_instance(obj):
        raise TypeError('replace() should be called on dataclass instances')
    return _replace(obj, **changes)
