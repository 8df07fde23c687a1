v = [10, 20, 30, 40]
v[0] += 1
v[1] -= 2
v[2] *= 3
v[3] //= 7
print(v)
v[0] %= 4
v[1] **= 2
v[2] /= 9
print(v)
w = [6, 6, 6, 6, 6]
w[0] <<= 1
w[1] >>= 1
w[2] &= 3
w[3] |= 9
w[4] ^= 5
print(w)
d = {"n": 1}
d["n"] += 10
print(d)
nested = [[1, 2], [3, 4]]
nested[1][0] += 100
print(nested)
lst = [1]
alias = lst
lst += [2, 3]
print(alias, lst is alias)
t = (1,)
t2 = t
t += (2,)
print(t, t2)
