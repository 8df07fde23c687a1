a = [1, 2, 3]
b = a
c = [1, 2, 3]
print(a is b, a is c, a == c)
print(a is not c)
x = None
print(x is None, x is not None)
print(True is True, False is not True)
print(2 in a, 5 in a, 5 not in a)
d = {"k": 1}
print("k" in d, 1 in d, "z" not in d)
print("ell" in "hello")
print(3 in (1, 2, 3))
print(4 in range(0, 10, 2), 5 in range(0, 10, 2))
print(not 2 in a)
print(type(a) is list)
