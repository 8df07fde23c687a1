import queue
import threading

tasks = queue.Queue()
processed = []


def worker():
    while True:
        item = tasks.get()
        processed.append(item.upper())
        tasks.task_done()


for word in ["alpha", "beta", "gamma", "delta"]:
    tasks.put(word)
print("queued; unfinished tasks:", tasks.unfinished_tasks)

# The worker never returns, so it is a daemon: it dies with the program.
threading.Thread(target=worker, daemon=True).start()

tasks.join()  # blocks until task_done() was called for every item
print("all work completed:", processed)
print("queue empty:", tasks.empty(), "unfinished:", tasks.unfinished_tasks)
