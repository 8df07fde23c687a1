def total(*args):
    print("args:", args)
    s = 0
    for a in args:
        s += a
    return s


def first_and_rest(first, *rest):
    return first, rest


print(total())
print(total(1, 2, 3))
nums = [10, 20, 30]
print(total(*nums))
print(first_and_rest(1, 2, 3))
print(first_and_rest("only"))
