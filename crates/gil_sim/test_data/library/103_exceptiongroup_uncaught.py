# gil-lab: requires 3.11
import threading

failures = []
lock = threading.Lock()


def task(n):
    try:
        if n % 2:
            raise ValueError(f"task {n} got an odd number")
    except Exception as e:
        with lock:
            failures.append((n, e))


threads = [threading.Thread(target=task, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()

print("failed tasks:", sorted(n for n, _ in failures))
raise ExceptionGroup("some tasks failed", [e for _, e in sorted(failures, key=lambda p: p[0])])
