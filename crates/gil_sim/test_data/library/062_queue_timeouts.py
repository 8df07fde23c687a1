import queue
import threading
import time

q = queue.Queue(maxsize=2)
q.put("a")
q.put("b")
print("full:", q.full(), "size:", q.qsize())

try:
    q.put("c", timeout=0.02)
except queue.Full:
    print("put timed out: queue.Full")

try:
    q.put_nowait("c")
except queue.Full:
    print("put_nowait: queue.Full")

print(q.get(), q.get())
try:
    q.get(timeout=0.02)
except queue.Empty:
    print("get timed out: queue.Empty")


def late_producer():
    time.sleep(0.1)
    q.put("late item")


threading.Thread(target=late_producer).start()
try:
    print("got:", q.get(timeout=0.01))
except queue.Empty:
    print("too early, nothing yet")
print("got:", q.get(timeout=1))
