import time
N = 3_000_000
def gen():
    for i in range(N):
        yield i

def best(f):
    r = []
    for _ in range(5):
        s = time.perf_counter(); f(); r.append(time.perf_counter() - s)
    return min(r) / N * 1e9

def py_loop_gen():
    for x in gen():
        pass
def sum_gen():
    sum(gen())
def sum_genexpr():
    sum(i * i for i in range(N))
def list_gen():
    list(gen())
def py_loop_range():
    t = 0
    for i in range(N):
        t += i * i
def key(x):
    return -x
def sorted_key():
    sorted(range(N), key=key)
def listcomp_key():
    [key(x) for x in range(N)]
def sorted_plain():
    sorted(range(N))
def max_key():
    max(range(N), key=key)
for f in [py_loop_gen, sum_gen, sum_genexpr, list_gen, py_loop_range, sorted_key, listcomp_key, sorted_plain, max_key]:
    print(f"{f.__name__:16} {best(f):6.1f} ns/item")
