a, b = 1, 2
print(a, b)
a, b = b, a
print("swapped", a, b)
(x, y), z = (3, 4), 5
print(x, y, z)
p, q, r = "abc"
print(p, q, r)
first, second = [10, 20]
print(first, second)
for i, (k, v) in enumerate([("a", 1), ("b", 2)]):
    print(i, k, v)
t = 7, 8, 9
m, n, o = t
print(m + n + o)
x, y, z = y, z, x
print(x, y, z)
