import threading
import time

lock = threading.Lock()
held = threading.Event()
attempts = []


def holder():
    with lock:
        held.set()
        time.sleep(0.1)


def impatient():
    attempts.append(("non-blocking", lock.acquire(blocking=False)))
    attempts.append(("timeout=0.02", lock.acquire(timeout=0.02)))
    got_it = lock.acquire(timeout=1)
    attempts.append(("timeout=1", got_it))
    if got_it:
        lock.release()


h = threading.Thread(target=holder)
h.start()
held.wait()
print("locked while the holder sleeps:", lock.locked())
i = threading.Thread(target=impatient)
i.start()
h.join()
i.join()
for kind, ok in attempts:
    print(f"{kind:>12}: {ok}")

try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
