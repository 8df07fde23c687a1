import threading
import time
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor

gate = threading.Event()
executor = ThreadPoolExecutor(max_workers=1)
first = executor.submit(gate.wait)
second = executor.submit(pow, 2, 10)

while not first.running():
    time.sleep(0.005)

print("first:  running", first.running(), "done", first.done())
print("second: running", second.running(), "done", second.done())
print("cancel first ->", first.cancel())
print("cancel second ->", second.cancel())
print("second: cancelled", second.cancelled(), "done", second.done())

gate.set()
print("first result:", first.result())
executor.shutdown()
print("first: done", first.done(), "cancelled", first.cancelled())

try:
    second.result()
except CancelledError:
    print("second.result() raised CancelledError")

# A Future can also be completed by hand, as the executor does internally.
manual = Future()
print("manual pending:", manual.done())
threading.Timer(0.02, manual.set_result, args=["filled in by a timer"]).start()
print("manual result:", manual.result(timeout=2))
