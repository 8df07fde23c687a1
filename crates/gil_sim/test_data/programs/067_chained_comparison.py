x = 5
print(1 < x < 10)
print(1 < x > 10)
print(0 <= x <= 5 < 6)
print(1 == 1.0 != 2)
print(3 > 2 > 1 > 0)
print(1 < 2 < 3 < 2)
print("a" < "b" < "c")


def val(n):
    print("eval", n)
    return n


print(val(1) < val(2) < val(0) < val(5))
print(val(5) < val(3) < val(9))
