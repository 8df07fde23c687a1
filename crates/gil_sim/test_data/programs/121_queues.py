import queue
import threading

q = queue.Queue()
for i in range(3):
    q.put(i)
print(q.qsize(), q.empty(), [q.get() for _ in range(3)], q.empty())
try:
    q.get_nowait()
except queue.Empty:
    print("Empty")
try:
    q.get(timeout=0.01)
except queue.Empty:
    print("Empty after timeout")

lifo = queue.LifoQueue()
for i in range(3):
    lifo.put(i)
print([lifo.get() for _ in range(3)])

bounded = queue.Queue(maxsize=1)
bounded.put("a")
try:
    bounded.put_nowait("b")
except queue.Full:
    print("Full")

jobs = queue.Queue()
done = []


def consumer():
    while True:
        item = jobs.get()
        if item is None:
            break
        done.append(item * 2)
        jobs.task_done()


t = threading.Thread(target=consumer)
t.start()
for i in range(5):
    jobs.put(i)
jobs.join()
jobs.put(None)
t.join()
print(done)
