def count_up(n):
    i = 0
    while i < n:
        print("yielding", i)
        yield i
        i += 1
    print("generator done")


for v in count_up(3):
    print("got", v)

gen = count_up(2)
print(next(gen))
print(next(gen))
try:
    next(gen)
except StopIteration:
    print("StopIteration")


def delegate():
    yield "start"
    yield from range(2)
    yield "end"


print(list(delegate()))
print(sum(x * x for x in range(4)))
g = (c.upper() for c in "ab")
print(next(g), list(g))
