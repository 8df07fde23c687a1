import threading
import time
from concurrent.futures import ThreadPoolExecutor

totals = []
lock = threading.Lock()


def compute(n):
    return sum(range(n))


def record(future):
    with lock:
        totals.append(future.result())


with ThreadPoolExecutor(max_workers=2) as executor:
    for n in (10, 100, 1000):
        executor.submit(compute, n).add_done_callback(record)
print("totals:", sorted(totals))


called = threading.Event()


def where(future):
    print("callback for", future.result(), "ran in", threading.current_thread().name)
    called.set()


def slow_compute(n):
    time.sleep(0.05)
    return compute(n)


with ThreadPoolExecutor(max_workers=1, thread_name_prefix="calc") as executor:
    pending = executor.submit(slow_compute, 5)
    pending.add_done_callback(where)  # still running: the worker calls it
    called.wait()
    called.clear()
    pending.add_done_callback(where)  # already done: called right here
    print("second callback already ran:", called.is_set())
