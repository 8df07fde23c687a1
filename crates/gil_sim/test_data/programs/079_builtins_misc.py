class Thing:
    colour = "red"


t = Thing()
print(hasattr(t, "colour"), hasattr(t, "size"))
print(getattr(t, "colour"), getattr(t, "size", "n/a"))
setattr(t, "size", 10)
print(t.size, getattr(t, "size"))
print(chr(65), chr(97), ord("A"), ord("z"))
print(hex(255), hex(-42), bin(10), bin(-3))
print(any([0, 0, 1]), any([]), all([1, 2, 3]), all([]), all([1, 0]))
print(bool(0), bool(3), bool(""), bool("x"), bool([]), bool(None))
print(str(5), repr("q"), int("9"), len([1, 2]))
print(list((1, 2)), tuple([3]), dict(a=1))
print(max(3, 9), min([4, 2]))
