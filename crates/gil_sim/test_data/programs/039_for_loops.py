for i in range(3):
    print("range", i)
for item in ["a", "b"]:
    print("list", item)
for t in (10, 20):
    print("tuple", t)
for ch in "xy":
    print("str", ch)
ages = {"ann": 31, "bob": 25}
for key in ages:
    print("key", key)
for key, value in ages.items():
    print("item", key, value)
for a, b in [(1, 2), (3, 4)]:
    print("pair", a + b)
for i in range(10, 0, -3):
    print("down", i)
for i in []:
    print("never")
print("loop var after:", i)
