import functools
import threading

calls = []


def traced(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        calls.append((threading.current_thread().name, func.__name__, args))
        return func(*args, **kwargs)
    return wrapper


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@traced
def scaled_fib(n, factor=1):
    """Return fib(n) times factor."""
    return fib(n) * factor


print("fib(30) =", fib(30))
print(fib.cache_info())

results = {}
double = functools.partial(scaled_fib, factor=2)
workers = [threading.Thread(target=lambda n=n: results.update({n: double(n)}), name=f"w{n}")
           for n in (10, 20, 30)]
for w in workers:
    w.start()
    w.join()
print(results)
print("after threads:", fib.cache_info())
print("wrapped name and doc:", scaled_fib.__name__, "-", scaled_fib.__doc__)
print("calls:", calls)
print("partial:", double.func.__name__, double.args, double.keywords)
print("reduce:", functools.reduce(lambda acc, n: acc * n, range(1, 11), 1))


@functools.total_ordering
class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split("."))

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return "Version(%r)" % ".".join(map(str, self.parts))


versions = [Version(v) for v in ["3.12.1", "3.9.18", "3.11.7", "3.10.13"]]
print(sorted(versions))
print(Version("3.9") >= Version("3.10"), Version("3.11") <= Version("3.11.0"))
