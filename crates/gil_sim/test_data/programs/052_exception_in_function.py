def level3(x):
    if x < 0:
        raise ValueError("negative: " + str(x))
    return x * 2


def level2(x):
    print("level2 start")
    r = level3(x)
    print("level2 end")
    return r


def level1(x):
    return level2(x) + 1


print(level1(5))
try:
    print(level1(-1))
except ValueError as e:
    print("caller caught:", e)
print("program continues")
