"""GIL Lab's model of CPython's C accelerator _json: the scanner and the encoder loop."""

import sys as _sys

_TRAILING_COMMA = _sys.version_info >= (3, 13)

_ESCAPES = {'\\': '\\\\', '"': '\\"', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r',
            '\t': '\\t'}


def _encode_str(s, ensure_ascii):
    out = ['"']
    for ch in s:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
            continue
        n = ord(ch)
        if n < 0x20 or (ensure_ascii and n > 0x7e):
            if n > 0xffff:
                n -= 0x10000
                out.append('\\u%04x\\u%04x' % (0xd800 | (n >> 10), 0xdc00 | (n & 0x3ff)))
            else:
                out.append('\\u%04x' % n)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def _is_namedtuple(o):
    return hasattr(o, '_fields') and type(getattr(o, '_tuple', None)) is tuple



class make_encoder:
    """The encoder loop for a JSONEncoder (its options and its default method)."""

    def __init__(self, owner, indent):
        self.skipkeys = owner.skipkeys
        self.ensure_ascii = owner.ensure_ascii
        self.check_circular = owner.check_circular
        self.allow_nan = owner.allow_nan
        self.sort_keys = owner.sort_keys
        self.item_separator = owner.item_separator
        self.key_separator = owner.key_separator
        self.default = owner.default
        self.indent = indent

    def __call__(self, o):
        out = []
        self._encode(o, out, self.indent, 0, {} if self.check_circular else None)
        return out

    def _float(self, o):
        if o != o:
            text = 'NaN'
        elif o == float('inf'):
            text = 'Infinity'
        elif o == -float('inf'):
            text = '-Infinity'
        else:
            return repr(float(o))
        if not self.allow_nan:
            raise ValueError('Out of range float values are not JSON compliant: ' + repr(o))
        return text

    def _encode(self, o, out, indent, level, markers):
        if isinstance(o, str):
            out.append(_encode_str(o, self.ensure_ascii))
        elif o is None:
            out.append('null')
        elif o is True:
            out.append('true')
        elif o is False:
            out.append('false')
        elif isinstance(o, int):
            out.append(repr(int(o)))
        elif isinstance(o, float):
            out.append(self._float(o))
        elif isinstance(o, (list, tuple)) or _is_namedtuple(o):
            self._encode_list(o, out, indent, level, markers)
        elif isinstance(o, dict):
            self._encode_dict(o, out, indent, level, markers)
        else:
            marker = self._enter(o, markers)
            self._encode(self.default(o), out, indent, level, markers)
            self._leave(marker, markers)

    def _enter(self, o, markers):
        if markers is None:
            return None
        marker = id(o)
        if marker in markers:
            raise ValueError('Circular reference detected')
        markers[marker] = o
        return marker

    def _leave(self, marker, markers):
        if marker is not None:
            del markers[marker]

    def _encode_list(self, o, out, indent, level, markers):
        if not o:
            out.append('[]')
            return
        marker = self._enter(o, markers)
        out.append('[')
        if indent is not None:
            level += 1
            newline = '\n' + indent * level
            separator = self.item_separator + newline
            out.append(newline)
        else:
            separator = self.item_separator
        first = True
        for value in o:
            if not first:
                out.append(separator)
            first = False
            self._encode(value, out, indent, level, markers)
        if indent is not None:
            level -= 1
            out.append('\n' + indent * level)
        out.append(']')
        self._leave(marker, markers)

    def _encode_dict(self, o, out, indent, level, markers):
        if not o:
            out.append('{}')
            return
        marker = self._enter(o, markers)
        out.append('{')
        if indent is not None:
            level += 1
            newline = '\n' + indent * level
            separator = self.item_separator + newline
            out.append(newline)
        else:
            separator = self.item_separator
        items = sorted(o.items()) if self.sort_keys else o.items()
        first = True
        for key, value in items:
            if isinstance(key, str):
                pass
            elif isinstance(key, float):
                key = self._float(key)
            elif key is True:
                key = 'true'
            elif key is False:
                key = 'false'
            elif key is None:
                key = 'null'
            elif isinstance(key, int):
                key = repr(int(key))
            elif self.skipkeys:
                continue
            else:
                raise TypeError(f'keys must be str, int, float, bool or None, '
                                f'not {key.__class__.__name__}')
            if not first:
                out.append(separator)
            first = False
            out.append(_encode_str(key, self.ensure_ascii))
            out.append(self.key_separator)
            self._encode(value, out, indent, level, markers)
        if indent is not None:
            level -= 1
            out.append('\n' + indent * level)
        out.append('}')
        self._leave(marker, markers)




_WHITESPACE = ' \t\n\r'
_NUMBER_START = '-0123456789'
_DIGITS = '0123456789'
_BACKSLASH = {'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r',
              't': '\t'}



class make_scanner:
    """The scanner for a JSONDecoder: scanner(s, idx) returns (value, end)."""

    def __init__(self, owner, error):
        self.object_hook = owner.object_hook
        self.parse_float = owner.parse_float
        self.parse_int = owner.parse_int
        self.parse_constant = owner.parse_constant
        self.strict = owner.strict
        self.object_pairs_hook = owner.object_pairs_hook
        self.error = error

    def __call__(self, s, idx):
        return self._value(s, idx)

    def _skip(self, s, i):
        n = len(s)
        while i < n and s[i] in _WHITESPACE:
            i += 1
        return i

    def _value(self, s, i):
        ch = s[i:i + 1]
        if ch == '"':
            return self._string(s, i + 1)
        if ch == '{':
            return self._object(s, i + 1)
        if ch == '[':
            return self._array(s, i + 1)
        if ch == 'n' and s.startswith('null', i):
            return None, i + 4
        if ch == 't' and s.startswith('true', i):
            return True, i + 4
        if ch == 'f' and s.startswith('false', i):
            return False, i + 5
        if ch == 'N' and s.startswith('NaN', i):
            return self.parse_constant('NaN'), i + 3
        if ch == 'I' and s.startswith('Infinity', i):
            return self.parse_constant('Infinity'), i + 8
        if ch == '-' and s.startswith('-Infinity', i):
            return self.parse_constant('-Infinity'), i + 9
        if ch and ch in _NUMBER_START:
            return self._number(s, i)
        raise self.error('Expecting value', s, i)

    def _number(self, s, i):
        start = i
        n = len(s)
        if s[i] == '-':
            i += 1
        if i < n and s[i] == '0':
            i += 1
        elif i < n and s[i] in _DIGITS:
            while i < n and s[i] in _DIGITS:
                i += 1
        else:
            raise self.error('Expecting value', s, start)
        integer = True
        if i + 1 < n and s[i] == '.' and s[i + 1] in _DIGITS:
            integer = False
            i += 2
            while i < n and s[i] in _DIGITS:
                i += 1
        if i < n and s[i] in 'eE':
            j = i + 1
            if j < n and s[j] in '+-':
                j += 1
            if j < n and s[j] in _DIGITS:
                integer = False
                i = j
                while i < n and s[i] in _DIGITS:
                    i += 1
        text = s[start:i]
        return (self.parse_int(text) if integer else self.parse_float(text)), i

    def _string(self, s, i):
        begin = i - 1
        chunks = []
        n = len(s)
        while True:
            j = i
            while j < n and s[j] != '"' and s[j] != '\\' and (s[j] >= ' ' or not self.strict):
                j += 1
            chunks.append(s[i:j])
            if j >= n:
                raise self.error('Unterminated string starting at', s, begin)
            ch = s[j]
            if ch == '"':
                return ''.join(chunks), j + 1
            if ch != '\\':
                raise self.error('Invalid control character at', s, j)
            esc = s[j + 1:j + 2]
            if not esc:
                raise self.error('Unterminated string starting at', s, begin)
            if esc != 'u':
                if esc not in _BACKSLASH:
                    raise self.error('Invalid \\escape', s, j)
                chunks.append(_BACKSLASH[esc])
                i = j + 2
                continue
            code = self._hex4(s, j)
            i = j + 6
            if 0xd800 <= code <= 0xdbff and s[i:i + 2] == '\\u':
                low = self._hex4(s, i)
                if 0xdc00 <= low <= 0xdfff:
                    code = 0x10000 + (((code - 0xd800) << 10) | (low - 0xdc00))
                    i += 6
            chunks.append(chr(code))

    def _hex4(self, s, j):
        digits = s[j + 2:j + 6]
        if len(digits) == 4 and all(c in '0123456789abcdefABCDEF' for c in digits):
            return int(digits, 16)
        raise self.error('Invalid \\uXXXX escape', s, j)

    def _object(self, s, i):
        pairs = []
        i = self._skip(s, i)
        if s[i:i + 1] == '}':
            return self._finish_object(pairs), i + 1
        while True:
            if s[i:i + 1] != '"':
                raise self.error('Expecting property name enclosed in double quotes', s, i)
            key, i = self._string(s, i + 1)
            i = self._skip(s, i)
            if s[i:i + 1] != ':':
                raise self.error("Expecting ':' delimiter", s, i)
            i = self._skip(s, i + 1)
            value, i = self._value(s, i)
            pairs.append((key, value))
            i = self._skip(s, i)
            ch = s[i:i + 1]
            if ch == '}':
                return self._finish_object(pairs), i + 1
            if ch != ',':
                raise self.error("Expecting ',' delimiter", s, i)
            comma = i
            i = self._skip(s, i + 1)
            if _TRAILING_COMMA and s[i:i + 1] == '}':
                raise self.error('Illegal trailing comma before end of object', s, comma)

    def _finish_object(self, pairs):
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs)
        result = dict(pairs)
        if self.object_hook is not None:
            return self.object_hook(result)
        return result

    def _array(self, s, i):
        values = []
        i = self._skip(s, i)
        if s[i:i + 1] == ']':
            return values, i + 1
        while True:
            value, i = self._value(s, i)
            values.append(value)
            i = self._skip(s, i)
            ch = s[i:i + 1]
            if ch == ']':
                return values, i + 1
            if ch != ',':
                raise self.error("Expecting ',' delimiter", s, i)
            comma = i
            i = self._skip(s, i + 1)
            if _TRAILING_COMMA and s[i:i + 1] == ']':
                raise self.error('Illegal trailing comma before end of array', s, comma)




def encode_basestring_ascii(s):
    return _encode_str(s, True)


def encode_basestring(s):
    return _encode_str(s, False)
