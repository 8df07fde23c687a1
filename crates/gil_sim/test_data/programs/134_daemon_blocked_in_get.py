import queue
import threading

q = queue.Queue()


def worker():
    while True:
        item = q.get()
        print("worker got", item)
        q.task_done()


threading.Thread(target=worker, daemon=True).start()
for item in range(3):
    q.put(item)
q.join()
print("all work done; the worker still waits in q.get()")
