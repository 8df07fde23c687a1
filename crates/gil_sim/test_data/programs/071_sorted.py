words = ["banana", "Apple", "cherry", "date"]
print(sorted(words))
print(sorted(words, reverse=True))
print(sorted(words, key=len))
print(sorted(words, key=str.lower))


def second(pair):
    return pair[1]


pairs = [("a", 3), ("b", 1), ("c", 2), ("d", 1)]
print(sorted(pairs, key=second))
print(sorted(pairs, key=second, reverse=True))
print(sorted([3, 1, 2]))
print(sorted("hello"))
print(sorted({"z": 1, "a": 2}))
print(sorted((5, -1, 3), key=abs))
print(words)
