import threading
import time

ticks = 0
done = False


def ticker():
    global ticks
    while not done:
        ticks += 1
        time.sleep(0.001)


t = threading.Thread(target=ticker)
t.start()
start = time.perf_counter()
total = sum(i * i for i in range(3_000_000))
elapsed = time.perf_counter() - start
done = True
t.join()
print(ticks, round(elapsed, 3))
