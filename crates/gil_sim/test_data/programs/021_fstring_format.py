pi = 3.14159265
n = 1234567
name = "Ann"
print(f"{pi:.2f}")
print(f"[{name:>10}]")
print(f"[{name:<5}]")
print(f"[{name:^7}]")
print(f"{n:,}")
print(f"{42:05d}")
print(f"{255:x} {255:X} {255:#x}")
print(f"{n:e}")
print(f"{0.256:%}")
print(f"{0.256:.1%}")
print(f"{name!r} {name!s}")
print(f"{pi:10.3f}|{-pi:+.1f}")
print(f"{'mid':*^9}")
print(f"{n:_}")
width = 6
print(f"[{name:>{width}}]")
print(f"{{braces}} {n // 1000}")
print(f"{3.5:g} {1e-10:g}")
