def show(**kwargs):
    for key, value in kwargs.items():
        print(key, "=", value)
    return len(kwargs)


def mixed(a, b=2, *args, c, d=4, **kwargs):
    print(a, b, args, c, d, kwargs)


print(show(x=1, y="two"))
opts = {"color": "red", "size": 3}
print(show(**opts))
mixed(1, c=3)
mixed(1, 5, 6, 7, c=8, e=9)
mixed(*[1, 2, 3], **{"c": 0, "z": 1})
