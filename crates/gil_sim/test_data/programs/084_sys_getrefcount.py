import sys

a = []
print(sys.getrefcount(a))
b = a
print(sys.getrefcount(a))
del b
print(sys.getrefcount(a))


def inside():
    x = [1, 2, 3]
    print(sys.getrefcount(x))
    y = x
    print(sys.getrefcount(x))
    del y
    print(sys.getrefcount(x))


inside()
holder = [a]
print(sys.getrefcount(a))
