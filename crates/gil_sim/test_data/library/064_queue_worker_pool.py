import queue
import threading

NUM_WORKERS = 4
tasks = queue.Queue()
results = queue.Queue()


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def worker():
    while True:
        n = tasks.get()
        try:
            results.put((n, collatz_steps(n)))
        finally:
            tasks.task_done()


for _ in range(NUM_WORKERS):
    threading.Thread(target=worker, daemon=True).start()

for n in range(1, 21):
    tasks.put(n)
tasks.join()

table = dict(results.get() for _ in range(results.qsize()))
best = max(table, key=lambda n: (table[n], -n))
print("steps:", [table[n] for n in sorted(table)])
print(f"longest chain below 21 starts at {best} ({table[best]} steps)")
