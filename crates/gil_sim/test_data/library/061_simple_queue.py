import queue
import threading

sq = queue.SimpleQueue()
print("empty:", sq.empty(), "size:", sq.qsize())
for n in range(5):
    sq.put(n * n)
print("size after puts:", sq.qsize())


def consume(out):
    while True:
        item = sq.get()
        if item is None:
            return
        out.append(item)


collected = []
t = threading.Thread(target=consume, args=(collected,))
t.start()
sq.put(None)
t.join()
print("collected:", collected)

try:
    sq.get(timeout=0.01)
except queue.Empty:
    print("SimpleQueue.get timed out with queue.Empty")
try:
    sq.get_nowait()
except queue.Empty:
    print("get_nowait on an empty SimpleQueue raises queue.Empty")
print("has task_done:", hasattr(sq, "task_done"))
