import threading
import time
from concurrent.futures import ThreadPoolExecutor

started = threading.Event()


def job(n):
    started.set()
    time.sleep(0.05)
    return n * 100


executor = ThreadPoolExecutor(max_workers=1)
futures = [executor.submit(job, i) for i in range(5)]
started.wait()  # job 0 is running, jobs 1-4 are still queued
executor.shutdown(wait=True, cancel_futures=True)

for i, fut in enumerate(futures):
    if fut.cancelled():
        print(f"job {i}: cancelled")
    else:
        print(f"job {i}: result {fut.result()}")

try:
    executor.submit(job, 99)
except RuntimeError as e:
    print("RuntimeError:", e)
