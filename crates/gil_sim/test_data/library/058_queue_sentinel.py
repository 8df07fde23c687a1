import queue
import threading

SENTINEL = None
NUM_WORKERS = 3
jobs = queue.Queue()
results = queue.Queue()


def worker(worker_id):
    handled = 0
    while True:
        n = jobs.get()
        if n is SENTINEL:
            results.put(("worker done", worker_id, handled))
            break
        results.put(("square", n, n * n))
        handled += 1


threads = [threading.Thread(target=worker, args=(i,)) for i in range(NUM_WORKERS)]
for t in threads:
    t.start()
for n in range(1, 9):
    jobs.put(n)
for _ in threads:
    jobs.put(SENTINEL)  # one stop signal per worker
for t in threads:
    t.join()

squares = []
finished = 0
total_handled = 0
while not results.empty():
    kind, a, b = results.get()
    if kind == "square":
        squares.append((a, b))
    else:
        finished += 1
        total_handled += b
print("squares:", sorted(squares))
print("workers finished:", finished, "items handled:", total_handled)
