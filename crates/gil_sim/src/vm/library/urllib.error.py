"""GIL Lab's model of urllib.error: the exceptions urlopen can raise."""

__all__ = ['URLError', 'HTTPError']


class URLError(OSError):
    def __init__(self, reason, filename=None):
        self.args = (reason,)
        self.reason = reason
        if filename is not None:
            self.filename = filename

    def __str__(self):
        return '<urlopen error %s>' % self.reason


class HTTPError(URLError):
    def __init__(self, url, code, msg, hdrs, fp):
        self.code = code
        self.msg = msg
        self.hdrs = hdrs
        self.fp = fp
        self.filename = url
        self.reason = msg

    def __str__(self):
        return 'HTTP Error %s: %s' % (self.code, self.msg)
