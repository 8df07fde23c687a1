import time
from concurrent.futures import ThreadPoolExecutor

results = []


def work(n):
    time.sleep(0.1)
    results.append(n)
    return n


executor = ThreadPoolExecutor(max_workers=2)
futures = [executor.submit(work, n) for n in (1, 2)]
executor.shutdown(wait=False)
print("shutdown(wait=False) returned at once")
print("finished so far:", results)

try:
    executor.submit(work, 3)
except RuntimeError as e:
    print("RuntimeError:", e)

print("results:", [f.result() for f in futures])
print("finished now:", sorted(results))
