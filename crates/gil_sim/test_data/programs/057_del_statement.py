x = 10
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)

items = [0, 1, 2, 3, 4, 5]
del items[0]
print(items)
del items[1:3]
print(items)
del items[-1]
print(items)

d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)


class Obj:
    pass


o = Obj()
o.attr = "here"
o.other = 5
del o.attr
print(hasattr(o, "attr"), hasattr(o, "other"))
a, b = 1, 2
del a, b


def f():
    y = 1
    del y
    return "local deleted"


print(f())
