import threading

lock = threading.Lock()
print(lock.acquire(), lock.locked())
print(lock.acquire(blocking=False))
print(lock.acquire(timeout=0.05))
lock.release()
print(lock.locked())
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    lock.acquire(False, 1)
except ValueError as e:
    print("ValueError:", e)

with lock:
    print("inside", lock.locked())
print("after", lock.locked())

r = threading.RLock()
r.acquire()
r.acquire()
r.release()
print("rlock still held:", r._is_owned())
r.release()
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)

sem = threading.Semaphore(2)
print(sem.acquire(), sem.acquire(), sem.acquire(blocking=False))
sem.release(2)
bounded = threading.BoundedSemaphore(1)
try:
    bounded.release()
except ValueError as e:
    print("ValueError:", e)

event = threading.Event()
print(event.is_set(), event.wait(0.01))
event.set()
print(event.is_set(), event.wait())

results = []
barrier = threading.Barrier(1, action=lambda: results.append("action"))
print(barrier.wait(), results, barrier.parties, barrier.broken)

cond = threading.Condition()
with cond:
    print(cond.wait(0.01))
try:
    cond.notify()
except RuntimeError as e:
    print("RuntimeError:", e)
