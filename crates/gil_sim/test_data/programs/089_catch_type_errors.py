def report(e):
    print(type(e).__name__ + ":", str(e))


def two(a, b):
    return a + b


try:
    1 + "a"
except TypeError as e:
    report(e)

try:
    x = 5
    x()
except TypeError as e:
    report(e)

try:
    two(1)
except TypeError as e:
    report(e)

try:
    two(1, 2, 3)
except TypeError as e:
    report(e)

try:
    two(1, 2, z=3)
except TypeError as e:
    report(e)

try:
    len(5)
except TypeError as e:
    report(e)
