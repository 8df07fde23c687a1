"""GIL Lab's model of the requests library: no network. Each request is a simulated round
trip whose latency is a setting of the simulation; the thread releases the GIL while it
waits, as a real socket read does."""

import _sim


class Response:
    def __init__(self, url, status_code):
        self.url = url
        self.status_code = status_code
        self.ok = status_code < 400
        self.reason = "OK"
        self.text = ""

    def __repr__(self):
        return f"<Response [{self.status_code}]>"

    def json(self):
        return {}

    def raise_for_status(self):
        pass


def request(method, url, **kwargs):
    _sim.network_io(url)
    return Response(url, 200)


def get(url, params=None, **kwargs):
    return request("get", url, params=params, **kwargs)


def post(url, data=None, json=None, **kwargs):
    return request("post", url, data=data, json=json, **kwargs)
