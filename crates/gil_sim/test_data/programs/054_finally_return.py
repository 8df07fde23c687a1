def f():
    try:
        return "from try"
    finally:
        print("finally runs before return")


def g():
    try:
        raise ValueError("lost")
    finally:
        return "finally overrides exception"


def h():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("x changed to", x)


print(f())
print(g())
print(h())
