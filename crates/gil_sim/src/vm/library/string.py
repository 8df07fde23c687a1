"""GIL Lab's model of CPython's string module: the constants, capwords and Template."""

__all__ = ['ascii_letters', 'ascii_lowercase', 'ascii_uppercase', 'capwords', 'digits',
           'hexdigits', 'octdigits', 'printable', 'punctuation', 'whitespace', 'Template']

whitespace = ' \t\n\r\v\f'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    return (sep or ' ').join(map(str.capitalize, s.split(sep)))


def _is_id_start(ch):
    return ch == '_' or ch in ascii_letters


class Template:
    delimiter = '$'

    def __init__(self, template):
        self.template = template

    def _substitute(self, mapping, safe):
        text = self.template
        out = []
        i = 0
        n = len(text)
        while i < n:
            ch = text[i]
            if ch != self.delimiter:
                out.append(ch)
                i += 1
                continue
            nxt = text[i + 1:i + 2]
            if nxt == self.delimiter:
                out.append(nxt)
                i += 2
                continue
            if nxt == '{':
                end = text.find('}', i + 2)
                name = text[i + 2:end] if end != -1 else ''
                if end == -1 or not name.isidentifier():
                    if safe:
                        out.append(ch)
                        i += 1
                        continue
                    self._invalid(i)
                stop = end + 1
            elif nxt and _is_id_start(nxt):
                j = i + 1
                while j < n and (text[j] == '_' or text[j] in ascii_letters or text[j] in digits):
                    j += 1
                name = text[i + 1:j]
                stop = j
            else:
                if safe:
                    out.append(ch)
                    i += 1
                    continue
                self._invalid(i)
            if name in mapping:
                out.append(str(mapping[name]))
            elif safe:
                out.append(text[i:stop])
            else:
                raise KeyError(name)
            i = stop
        return ''.join(out)

    def _invalid(self, i):
        lines = self.template[:i].splitlines(keepends=True)
        if not lines:
            colno, lineno = 1, 1
        else:
            colno = i - len(''.join(lines[:-1]))
            lineno = len(lines)
        raise ValueError('Invalid placeholder in string: line %d, col %d' % (lineno, colno))

    def substitute(self, mapping=None, /, **kws):
        values = dict(mapping or {})
        values.update(kws)
        return self._substitute(values, False)

    def safe_substitute(self, mapping=None, /, **kws):
        values = dict(mapping or {})
        values.update(kws)
        return self._substitute(values, True)
