def t(name):
    print("call", name)
    return True


def f(name):
    print("call", name)
    return False


print(t("a") and f("b") and t("c"))
print(f("d") and t("e"))
print(t("g") or f("h"))
print(f("i") or f("j") or t("k"))
print(not t("l"))
print(0 or "" or [] or "last")
print(1 and "x" and [1])
print(0 and 1 / 0)
print(None or 0)
x = 0
y = x or 10
print(y)
print(not 0, not 1, not "", not [0])
if f("m") or t("n") and f("o"):
    print("branch taken")
else:
    print("branch not taken")
