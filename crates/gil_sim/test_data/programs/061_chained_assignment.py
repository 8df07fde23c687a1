a = b = 0
print(a, b)
a += 5
print(a, b)
x = y = z = []
x.append(1)
print(y, z, x is z)


class C:
    pass


c = C()
c.p = c.q = "shared"
print(c.p, c.q)
lst = [0, 0, 0]
lst[0] = lst[2] = 7
print(lst)
m, n = k = (1, 2)
print(m, n, k)
