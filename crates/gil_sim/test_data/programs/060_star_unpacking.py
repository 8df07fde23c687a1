a, *b = [1, 2, 3, 4]
print(a, b)
*init, last = "hello"
print(init, last)
first, *middle, end = range(6)
print(first, middle, end)
x, *rest = (9,)
print(x, rest)
head, *_ = [5, 6, 7]
print(head)
combined = [*b, *"xy", 0]
print(combined)
print(*[1, 2, 3], sep="-")
t = (*range(3), 99)
print(t)
