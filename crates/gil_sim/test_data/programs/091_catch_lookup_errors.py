def report(e):
    print(type(e).__name__ + ":", str(e))


items = [1, 2, 3]
try:
    items[10]
except IndexError as e:
    report(e)

try:
    (1, 2)[-5]
except IndexError as e:
    report(e)

try:
    "abc"[3]
except IndexError as e:
    report(e)

try:
    [].pop()
except IndexError as e:
    report(e)

d = {"present": 1}
try:
    d["missing"]
except KeyError as e:
    report(e)
    print(repr(e), e.args)

try:
    d[42]
except LookupError as e:
    report(e)
