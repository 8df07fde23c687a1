def add(a, b):
    return a + b


def square(x):
    result = x * x
    return result


def no_return():
    x = 1


print(add(2, 3))
print(add("ab", "cd"))
print(square(7))
print(no_return())
print(square(add(1, 2)))
