import threading

counter = 0
lock = threading.Lock()


def increment(times):
    global counter
    for _ in range(times):
        with lock:
            counter += 1


def increment_manually(times):
    global counter
    for _ in range(times):
        lock.acquire()
        try:
            counter += 1
        finally:
            lock.release()


threads = [threading.Thread(target=increment, args=(2000,)) for _ in range(3)]
threads.append(threading.Thread(target=increment_manually, args=(1000,)))
for t in threads:
    t.start()
for t in threads:
    t.join()

print("expected:", 3 * 2000 + 1000)
print("counter: ", counter)
print("lock is free:", not lock.locked())
