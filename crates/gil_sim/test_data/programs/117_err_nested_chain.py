def third(data):
    return data["key"] / data["zero"]


def second(data):
    print("second")
    return third(data) + 1


def first():
    print("first")
    return second({"key": 1, "zero": 0})


first()
