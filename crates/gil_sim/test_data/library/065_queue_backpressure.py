import queue
import threading
import time

buffer = queue.Queue(maxsize=2)
high_water = []


def producer():
    for i in range(6):
        buffer.put(i)  # blocks while the buffer is full
        high_water.append(buffer.qsize())
    buffer.put(None)


def consumer():
    while True:
        item = buffer.get()
        if item is None:
            break
        time.sleep(0.01)  # slow consumer
        print("consumed", item)


threads = [threading.Thread(target=consumer), threading.Thread(target=producer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("queue never held more than 2:", max(high_water) <= 2)
