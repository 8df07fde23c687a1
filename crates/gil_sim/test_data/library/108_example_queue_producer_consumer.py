# A producer puts eight jobs on a queue; two consumers take them off. queue.Queue does
# the locking: get() waits while the queue is empty, task_done() marks a job finished
# and join() waits until every job is. A None per consumer tells it to stop.
import queue
import threading
import time

jobs = queue.Queue(maxsize=3)
done = []
done_lock = threading.Lock()


def producer():
    for n in range(1, 9):
        jobs.put(n)  # waits while three jobs are already queued
    for _ in range(2):
        jobs.put(None)


def consumer():
    while True:
        n = jobs.get()
        if n is None:
            jobs.task_done()
            break
        time.sleep(0.01)  # the work
        with done_lock:
            done.append(n * n)
        jobs.task_done()


threads = [threading.Thread(target=producer, name="producer")]
threads += [threading.Thread(target=consumer, name=f"consumer-{i}") for i in (1, 2)]
for t in threads:
    t.start()
jobs.join()
for t in threads:
    t.join()
print("squares:", sorted(done))
print("jobs left:", jobs.qsize())
