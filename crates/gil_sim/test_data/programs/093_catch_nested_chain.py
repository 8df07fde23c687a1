def inner(x):
    print("inner", x)
    return 10 // x


def middle(x):
    print("middle", x)
    return inner(x) + 1


def outer(x):
    print("outer", x)
    return middle(x) * 2


print(outer(5))
try:
    outer(0)
except ZeroDivisionError as e:
    print(type(e).__name__, str(e))
print("after")
