import threading


class ConnectionPool:
    def __init__(self, size):
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self.in_use = 0

    def acquire(self, timeout=None):
        if not self._slots.acquire(timeout=timeout):
            return False
        with self._lock:
            self.in_use += 1
        return True

    def release(self):
        with self._lock:
            self.in_use -= 1
        self._slots.release()


pool = ConnectionPool(2)
print("first:", pool.acquire())
print("second:", pool.acquire())
print("third (timeout 0.02):", pool.acquire(timeout=0.02))
pool.release()
pool.release()
print("in use:", pool.in_use)

try:
    pool._slots.release()
except ValueError as e:
    print("ValueError:", e)

plain = threading.Semaphore(1)
plain.release()  # a plain Semaphore does not complain
print("plain semaphore now allows two:", plain.acquire(False), plain.acquire(False), plain.acquire(False))
