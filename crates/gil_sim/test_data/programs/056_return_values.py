def nothing():
    return


def implicit():
    pass


def pair():
    return 1, 2


def early(n):
    if n > 0:
        return "positive"
    return "not positive"


def loop_return(items):
    for x in items:
        if x > 10:
            return x
    return -1


print(nothing(), implicit())
print(pair())
a, b = pair()
print(a, b)
print(early(3), early(-3))
print(loop_return([1, 20, 30]), loop_return([1]))
