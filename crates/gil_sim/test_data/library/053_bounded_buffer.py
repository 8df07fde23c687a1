import threading
import time


class BoundedBuffer:
    def __init__(self, capacity):
        self.capacity = capacity
        self.items = []
        lock = threading.Lock()
        self.not_full = threading.Condition(lock)
        self.not_empty = threading.Condition(lock)
        self.max_seen = 0

    def put(self, item):
        with self.not_full:
            while len(self.items) >= self.capacity:
                self.not_full.wait()
            self.items.append(item)
            self.max_seen = max(self.max_seen, len(self.items))
            self.not_empty.notify()

    def get(self):
        with self.not_empty:
            while not self.items:
                self.not_empty.wait()
            item = self.items.pop(0)
            self.not_full.notify()
            return item


buf = BoundedBuffer(3)
received = []


def producer():
    for i in range(10):
        buf.put(i)
    buf.put(None)


def consumer():
    while (item := buf.get()) is not None:
        time.sleep(0.005)
        received.append(item)


threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("received:", received)
print("never more than capacity:", buf.max_seen <= buf.capacity)
