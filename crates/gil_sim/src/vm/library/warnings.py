"""GIL Lab's model of CPython's warnings module: `warn` and `warn_explicit` as the C
_warnings module does them (the caller's file and line per `stacklevel`, the per-module
`__warningregistry__`, the filters), and the Python helpers of Lib/warnings.py around them
(showwarning, formatwarning, filterwarnings, simplefilter, catch_warnings). It stands in for
C code: its frames never show in tracebacks nor count as a stack level."""

import sys
import _sim

__all__ = ["warn", "warn_explicit", "showwarning", "formatwarning", "filterwarnings",
           "simplefilter", "resetwarnings", "catch_warnings"]
if sys.version_info >= (3, 13):
    __all__.append("deprecated")


class WarningMessage(object):
    _WARNING_DETAILS = ("message", "category", "filename", "lineno", "file", "line", "source")

    def __init__(self, message, category, filename, lineno, file=None, line=None,
                 source=None):
        self.message = message
        self.category = category
        self.filename = filename
        self.lineno = lineno
        self.file = file
        self.line = line
        self.source = source
        self._category_name = category.__name__ if category else None

    def __str__(self):
        return ("{message : %r, category : %r, filename : %r, lineno : %s, "
                "line : %r}" % (self.message, self._category_name,
                                self.filename, self.lineno, self.line))


def showwarning(message, category, filename, lineno, file=None, line=None):

    msg = WarningMessage(message, category, filename, lineno, file, line)
    _showwarnmsg_impl(msg)


def formatwarning(message, category, filename, lineno, line=None):

    msg = WarningMessage(message, category, filename, lineno, None, line)
    return _formatwarnmsg_impl(msg)


def _showwarnmsg_impl(msg):
    file = msg.file
    if file is None:
        file = sys.stderr
        if file is None:
            return
    text = _formatwarnmsg(msg)
    try:
        file.write(text)
    except OSError:
        pass


def _formatwarnmsg_impl(msg):
    category = msg.category.__name__
    s = f"{msg.filename}:{msg.lineno}: {category}: {msg.message}\n"
    if msg.line is None:
        line = _sim.source_line(str(msg.filename), int(msg.lineno))
    else:
        line = msg.line
    if line:
        line = line.strip()
        s += "  %s\n" % line
    return s


_showwarning_orig = showwarning


def _showwarnmsg(msg):
    sw = showwarning
    if sw is not _showwarning_orig:
        if not callable(sw):
            raise TypeError("warnings.showwarning() must be set to a function or method")
        sw(msg.message, msg.category, msg.filename, msg.lineno, msg.file, msg.line)
        return
    _showwarnmsg_impl(msg)


_formatwarning_orig = formatwarning


def _formatwarnmsg(msg):
    fw = formatwarning
    if fw is not _formatwarning_orig:
        return fw(msg.message, msg.category, msg.filename, msg.lineno, msg.line)
    return _formatwarnmsg_impl(msg)


class _Pattern:
    """A compiled filter pattern, matched at the start of the text like `re.match`: literal
    characters, `.`, escapes, `[...]` sets, the quantifiers `*`, `+`, `?` and the end
    anchors `$` and `\\Z` (what warning filters are written with)."""

    def __init__(self, pattern, ignorecase):
        self.pattern = pattern
        self.flags = 2 if ignorecase else 0
        self._ignorecase = ignorecase
        self._atoms = _parse(pattern, ignorecase)

    def __repr__(self):
        if self._ignorecase:
            return "re.compile(%r, re.IGNORECASE)" % self.pattern
        return "re.compile(%r)" % self.pattern

    def match(self, text):
        if self._ignorecase:
            text = text.lower()
        return _match_at(self._atoms, 0, text, 0)


def _parse(pattern, ignorecase):
    atoms = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        i += 1
        if c == "^" and not atoms:
            continue
        if c == "$" and i == n:
            atoms.append(("end", None, ""))
            continue
        if c in "()|{}":
            raise NotImplementedError(
                "the regular expression %r in a warning filter is not modelled in GIL Lab"
                % pattern)
        if c == "\\":
            if i >= n:
                raise ValueError("bad escape (end of pattern)")
            e = pattern[i]
            i += 1
            if e == "Z":
                atoms.append(("end", None, ""))
                continue
            if e in "dws":
                atom = ("class", e, "")
            else:
                atom = ("lit", e.lower() if ignorecase else e, "")
        elif c == ".":
            atom = ("any", None, "")
        elif c == "[":
            negate = i < n and pattern[i] == "^"
            if negate:
                i += 1
            chars = []
            first = True
            while i < n and (pattern[i] != "]" or first):
                first = False
                ch = pattern[i]
                if ch == "\\" and i + 1 < n:
                    i += 1
                    ch = pattern[i]
                if i + 2 < n and pattern[i + 1] == "-" and pattern[i + 2] != "]":
                    for code in range(ord(ch), ord(pattern[i + 2]) + 1):
                        chars.append(chr(code))
                    i += 3
                    continue
                chars.append(ch)
                i += 1
            i += 1
            text = "".join(chars)
            atom = ("set", (text.lower() if ignorecase else text, negate), "")
        else:
            atom = ("lit", c.lower() if ignorecase else c, "")
        if i < n and pattern[i] in "*+?":
            atom = (atom[0], atom[1], pattern[i])
            i += 1
        atoms.append(atom)
    return atoms


def _one(atom, ch):
    kind, arg, _ = atom
    if kind == "lit":
        return ch == arg
    if kind == "any":
        return ch != "\n"
    if kind == "class":
        if arg == "d":
            return ch.isdigit()
        if arg == "w":
            return ch.isalnum() or ch == "_"
        return ch.isspace()
    if kind == "set":
        chars, negate = arg
        return (ch in chars) != negate
    return False


def _match_at(atoms, k, text, pos):
    if k == len(atoms):
        return True
    atom = atoms[k]
    if atom[0] == "end":
        return pos == len(text) and _match_at(atoms, k + 1, text, pos)
    quant = atom[2]
    if quant == "":
        return pos < len(text) and _one(atom, text[pos]) and _match_at(atoms, k + 1, text, pos + 1)
    low = 1 if quant == "+" else 0
    high = 1 if quant == "?" else len(text) - pos
    count = 0
    while count < high and pos + count < len(text) and _one(atom, text[pos + count]):
        count += 1
    while count >= low:
        if _match_at(atoms, k + 1, text, pos + count):
            return True
        count -= 1
    return False


def filterwarnings(action, message="", category=Warning, module="", lineno=0,
                   append=False):
    """Insert an entry into the list of warnings filters (at the front)."""
    if action not in {"error", "ignore", "always", "default", "module", "once"}:
        raise AssertionError("invalid action: %r" % (action,))
    if not isinstance(message, str):
        raise AssertionError("message must be a string")
    if not isinstance(category, type) or not issubclass(category, Warning):
        raise AssertionError("category must be a Warning subclass")
    if not isinstance(module, str):
        raise AssertionError("module must be a string")
    if not isinstance(lineno, int) or lineno < 0:
        raise AssertionError("lineno must be an int >= 0")
    if message or module:
        message = _Pattern(message, True) if message else None
        module = _Pattern(module, False) if module else None
    else:
        message = None
        module = None
    _add_filter(action, message, category, module, lineno, append=append)


def simplefilter(action, category=Warning, lineno=0, append=False):
    """Insert a simple entry into the list of warnings filters (at the front)."""
    if action not in {"error", "ignore", "always", "default", "module", "once"}:
        raise AssertionError("invalid action: %r" % (action,))
    if not isinstance(lineno, int) or lineno < 0:
        raise AssertionError("lineno must be an int >= 0")
    _add_filter(action, None, category, None, lineno, append=append)


def _add_filter(*item, append):
    global filters
    if not append:
        try:
            filters.remove(item)
        except ValueError:
            pass
        filters.insert(0, item)
    else:
        if item not in filters:
            filters.append(item)
    _filters_mutated()


def resetwarnings():

    filters[:] = []
    _filters_mutated()


def _filters_mutated():
    global _filters_version
    _filters_version += 1


def _matches(pattern, text):
    if pattern is None:
        return True
    if isinstance(pattern, str):
        return pattern == text
    return pattern.match(text)


def warn(message, category=None, stacklevel=1, source=None, *, skip_file_prefixes=()):

    if isinstance(message, Warning):
        category = message.__class__
    if category is None:
        category = UserWarning
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise TypeError("category must be a Warning subclass, not '{:s}'"
                        .format(type(category).__name__))
    if not isinstance(skip_file_prefixes, tuple):
        raise TypeError("skip_file_prefixes must be a tuple of strs")
    if skip_file_prefixes:
        stacklevel = max(2, stacklevel)
        frame = None
        level = 1
        left = stacklevel
        while True:
            frame = _sim.caller(level)
            if frame is None:
                break
            if level == 1 or not frame[0].startswith(skip_file_prefixes):
                left -= 1
                if left <= 0:
                    break
            level += 1
    else:
        frame = _sim.caller(stacklevel)
    if frame is None:
        globals = sys.__dict__ if hasattr(sys, "__dict__") else {}
        if sys.version_info >= (3, 12):
            filename, lineno = "<sys>", 0
        else:
            filename, lineno = "sys", 1
        module = "sys"
        registry = _sys_registry
    else:
        filename, lineno, globals, _ = frame
        module = globals.get("__name__", "<string>")
        registry = globals.setdefault("__warningregistry__", {})
    warn_explicit(message, category, filename, lineno, module, registry, globals, source)


def warn_explicit(message, category, filename, lineno, module=None, registry=None,
                  module_globals=None, source=None):
    lineno = int(lineno)
    if module is None:
        module = filename or "<unknown>"
        if module[-3:].lower() == ".py":
            module = module[:-3]
    if registry is None:
        registry = {}
    if registry.get("version", 0) != _filters_version:
        registry.clear()
        registry["version"] = _filters_version
    if isinstance(message, Warning):
        text = str(message)
        category = message.__class__
    else:
        text = message
        message = category(message)
    key = (text, category, lineno)
    if registry.get(key):
        return
    for item in filters:
        action, msg, cat, mod, ln = item
        if (_matches(msg, text) and issubclass(category, cat) and _matches(mod, module)
                and (ln == 0 or lineno == ln)):
            break
    else:
        action = defaultaction
    if action == "ignore":
        return
    if action == "error":
        raise message
    if action == "once":
        registry[key] = 1
        oncekey = (text, category)
        if onceregistry.get(oncekey):
            return
        onceregistry[oncekey] = 1
    elif action == "always":
        pass
    elif action == "module":
        registry[key] = 1
        altkey = (text, category, 0)
        if registry.get(altkey):
            return
        registry[altkey] = 1
    elif action == "default":
        registry[key] = 1
    else:
        raise RuntimeError("Unrecognized action (%r) in warnings.filters:\n %s"
                           % (action, item))
    msg = WarningMessage(message, category, filename, lineno, source=source)
    _showwarnmsg(msg)


class catch_warnings(object):
    """A context manager that copies and restores the warnings filter upon exiting the
    context, and with record=True collects the warnings shown inside it."""

    def __init__(self, *, record=False, module=None, action=None, category=Warning,
                 lineno=0, append=False):
        import warnings as _self

        self._record = record
        self._module = _self if module is None else module
        self._entered = False
        if action is None:
            self._filter = None
        else:
            self._filter = (action, category, lineno, append)

    if sys.version_info < (3, 11):

        def __init__(self, *, record=False, module=None):
            import warnings as _self

            self._record = record
            self._module = _self if module is None else module
            self._entered = False
            self._filter = None

    def __repr__(self):
        import warnings as _self

        args = []
        if self._record:
            args.append("record=True")
        if self._module is not _self:
            args.append("module=%r" % self._module)
        name = type(self).__name__
        return "%s(%s)" % (name, ", ".join(args))

    def __enter__(self):
        if self._entered:
            raise RuntimeError("Cannot enter %r twice" % self)
        self._entered = True
        self._filters = self._module.filters
        self._module.filters = self._filters[:]
        self._module._filters_mutated()
        self._showwarning = self._module.showwarning
        self._showwarnmsg_impl = self._module._showwarnmsg_impl
        if self._filter is not None:
            simplefilter(*self._filter)
        if self._record:
            log = []
            self._module._showwarnmsg_impl = log.append
            self._module.showwarning = self._module._showwarning_orig
            return log
        return None

    def __exit__(self, *exc_info):
        if not self._entered:
            raise RuntimeError("Cannot exit %r without entering first" % self)
        self._module.filters = self._filters
        self._module._filters_mutated()
        self._module.showwarning = self._showwarning
        self._module._showwarnmsg_impl = self._showwarnmsg_impl


if sys.version_info >= (3, 13):

    class deprecated:
        """Indicate that a class, function or overload is deprecated: using it emits
        `category` (DeprecationWarning by default) with `message`."""

        def __init__(self, message, /, *, category=DeprecationWarning, stacklevel=1):
            if not isinstance(message, str):
                raise TypeError(
                    f"Expected an object of type str for 'message', not "
                    f"{type(message).__name__!r}")
            self.message = message
            self.category = category
            self.stacklevel = stacklevel

        def __call__(self, arg, /):
            msg = self.message
            category = self.category
            stacklevel = self.stacklevel
            if category is None:
                arg.__deprecated__ = msg
                return arg
            if isinstance(arg, type):
                original_init = arg.__init__

                def __init__(self, *args, **kwargs):
                    warn(msg, category=category, stacklevel=stacklevel)
                    return original_init(self, *args, **kwargs)

                arg.__init__ = __init__
                arg.__deprecated__ = msg
                return arg
            if callable(arg):
                def wrapper(*args, **kwargs):
                    warn(msg, category=category, stacklevel=stacklevel)
                    return arg(*args, **kwargs)

                arg.__deprecated__ = wrapper.__deprecated__ = msg
                wrapper.__wrapped__ = arg
                return wrapper
            raise TypeError(
                "@deprecated decorator with non-None category must be applied to "
                f"a class or callable, not {arg!r}")


_filters_version = 1
_sys_registry = {}
defaultaction = "default"
onceregistry = {}
filters = [("default", None, DeprecationWarning, "__main__", 0),
           ("ignore", None, DeprecationWarning, None, 0),
           ("ignore", None, PendingDeprecationWarning, None, 0),
           ("ignore", None, ImportWarning, None, 0),
           ("ignore", None, ResourceWarning, None, 0)]
