import threading
import time


def work():
    total = 0
    for i in range(2_000_000):
        total += i


start = time.perf_counter()
work()
one = time.perf_counter() - start
threads = [threading.Thread(target=work) for _ in range(8)]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
eight = time.perf_counter() - start
print(round(eight / one, 2))
