def report(e):
    print(type(e).__name__ + ":", str(e))


try:
    raise RuntimeError("explicit runtime error")
except RuntimeError as e:
    report(e)


def unbound():
    print(value)
    value = 1


try:
    unbound()
except UnboundLocalError as e:
    report(e)
    print(isinstance(e, NameError))

try:
    int("x")
except ValueError as e:
    report(e)

try:
    float("abc")
except ValueError as e:
    report(e)

try:
    [1, 2].index(3)
except ValueError as e:
    report(e)

try:
    a, b = [1, 2, 3]
except ValueError as e:
    report(e)
