"""GIL Lab's model of urllib.request on the simulated network that requests uses: urlopen is a
round trip whose latency is a setting of the simulation, during which the thread releases the
GIL as a real socket read does. No data crosses it: every body is empty."""

import _sim
import urllib.error

__all__ = ['urlopen', 'Request']


class Request:
    def __init__(self, url, data=None, headers={}, method=None):
        self.full_url = url
        self.data = data
        self.headers = dict(headers)
        self.method = method or ('POST' if data is not None else 'GET')

    def get_method(self):
        return self.method


class HTTPResponse:
    def __init__(self, url):
        self.url = url
        self.status = 200
        self.reason = 'OK'
        self.headers = {}
        self.closed = False

    def read(self, amt=None):
        return b''

    def readline(self):
        return b''

    def readlines(self):
        return []

    def getcode(self):
        return self.status

    def geturl(self):
        return self.url

    def info(self):
        return self.headers

    def close(self):
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __iter__(self):
        return iter([])


def urlopen(url, data=None, timeout=None, *, context=None):
    if isinstance(url, Request):
        url = url.full_url
    if not isinstance(url, str) or '://' not in url:
        raise ValueError('unknown url type: %r' % (url,))
    _sim.network_io(url)
    return HTTPResponse(url)
