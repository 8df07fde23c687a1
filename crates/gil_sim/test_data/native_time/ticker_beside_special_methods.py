import threading
import time

ticks = 0
done = False


def ticker():
    global ticks
    while not done:
        ticks += 1
        time.sleep(0.001)


class Slow:
    def __init__(self, n):
        self.n = n

    def __str__(self):
        total = 0
        for i in range(1_000_000):
            total += i
        return f"Slow({self.n})"

    def __lt__(self, other):
        total = 0
        for i in range(100_000):
            total += i
        return self.n < other.n


t = threading.Thread(target=ticker)
t.start()
start = time.perf_counter()
text = str(Slow(1))
ordered = sorted([Slow(3), Slow(1), Slow(2), Slow(5), Slow(4)])
print(f"{Slow(9)}")
elapsed = time.perf_counter() - start
done = True
t.join()
print(text, [s.n for s in ordered])
print(ticks, round(elapsed, 3))
