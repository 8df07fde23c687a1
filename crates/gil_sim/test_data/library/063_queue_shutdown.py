import queue
import sys
import threading

q = queue.Queue()
for n in range(3):
    q.put(n)

if sys.version_info >= (3, 13):
    drained = []

    def consumer():
        while True:
            try:
                item = q.get()
            except queue.ShutDown:
                drained.append("shut down")
                return
            drained.append(item)
            q.task_done()

    t = threading.Thread(target=consumer)
    t.start()
    q.join()
    q.shutdown()  # consumers blocked in get() wake up with queue.ShutDown
    t.join()
    print("drained:", drained)
    try:
        q.put(99)
    except queue.ShutDown:
        print("put after shutdown raises queue.ShutDown")

    q2 = queue.Queue()
    q2.put("pending")
    q2.shutdown(immediate=True)
    print("immediate shutdown discards items; empty:", q2.empty())
else:
    drained = []
    while not q.empty():
        drained.append(q.get())
    print("drained:", drained)
    print("Queue.shutdown() needs Python 3.13; has it:", hasattr(q, "shutdown"))
