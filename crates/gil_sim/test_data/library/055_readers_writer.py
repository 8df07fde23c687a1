import threading
import time


class ReadWriteLock:
    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0

    def acquire_read(self):
        with self._cond:
            self._readers += 1

    def release_read(self):
        with self._cond:
            self._readers -= 1
            if self._readers == 0:
                self._cond.notify_all()

    def acquire_write(self):
        self._cond.acquire()
        self._cond.wait_for(lambda: self._readers == 0)

    def release_write(self):
        self._cond.release()


rw = ReadWriteLock()
data = {"version": 0}
snapshots = []


def reader(n):
    for _ in range(n):
        rw.acquire_read()
        try:
            snapshots.append(data["version"])
            time.sleep(0.001)
        finally:
            rw.release_read()


def writer(n):
    for _ in range(n):
        rw.acquire_write()
        try:
            data["version"] += 1
        finally:
            rw.release_write()


threads = [threading.Thread(target=reader, args=(5,)) for _ in range(3)]
threads.append(threading.Thread(target=writer, args=(10,)))
for t in threads:
    t.start()
for t in threads:
    t.join()
print("final version:", data["version"])
print("reads:", len(snapshots), "all in range:", all(0 <= v <= 10 for v in snapshots))
