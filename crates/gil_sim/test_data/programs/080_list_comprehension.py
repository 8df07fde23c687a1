squares = [x * x for x in range(6)]
print(squares)
evens = [x for x in range(10) if x % 2 == 0]
print(evens)
pairs = [(a, b) for a in range(3) for b in "xy"]
print(pairs)
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
print(matrix)
flat = [v for row in matrix for v in row if v % 2]
print(flat)
words = ["apple", "Bob", "cat"]
print([w.upper() for w in words if len(w) == 3])
lengths = {w: len(w) for w in words}
print(lengths)
print(sorted({n % 4 for n in range(10)}))
print(sum(x for x in range(5)))
x = "unchanged"
ys = [x for x in "ab"]
print(x, ys)
