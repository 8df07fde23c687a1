import threading
import time

ticks = 0
done = False


def ticker():
    global ticks
    while not done:
        ticks += 1
        time.sleep(0.001)


def key(x):
    return -x


t = threading.Thread(target=ticker)
t.start()
start = time.perf_counter()
ordered = sorted(range(1_000_000), key=key)
elapsed = time.perf_counter() - start
done = True
t.join()
print(ticks, round(elapsed, 3))
