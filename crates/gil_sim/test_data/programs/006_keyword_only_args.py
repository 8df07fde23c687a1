def connect(host, *, port=80, secure=False):
    scheme = "https" if secure else "http"
    return scheme + "://" + host + ":" + str(port)


def scale(value, *, factor):
    return value * factor


print(connect("example.org"))
print(connect("example.org", port=8080))
print(connect("example.org", secure=True, port=443))
print(scale(3, factor=4))
print(connect.__kwdefaults__)
