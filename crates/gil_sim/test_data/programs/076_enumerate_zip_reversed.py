names = ["ann", "bob", "cy"]
ages = [31, 25, 40]
for i, name in enumerate(names):
    print(i, name)
for i, name in enumerate(names, start=1):
    print(i, name)
for name, age in zip(names, ages):
    print(name, age)
print(list(zip(names, ages, "xyz")))
print(list(zip([1, 2, 3], "ab")))
for x in reversed(names):
    print(x)
print(list(reversed(range(4))))
print(list(enumerate("ab")))
print(dict(zip(names, ages)))
