import threading
import time

start_signal = threading.Event()
stop_signal = threading.Event()
finished = []


def runner(name):
    start_signal.wait()
    finished.append(name)


def ticker():
    ticks = 0
    while True:
        ticks += 1
        if stop_signal.wait(0.01):
            break
    print("ticker stopped after at least one tick:", ticks > 0)


runners = [threading.Thread(target=runner, args=(n,)) for n in ("ann", "bo", "cy")]
for r in runners:
    r.start()
time.sleep(0.02)
print("before the signal:", finished)
start_signal.set()
for r in runners:
    r.join()
print("after the signal:", sorted(finished))

print("wait with timeout on an unset event:", stop_signal.wait(0.01))
t = threading.Thread(target=ticker)
t.start()
time.sleep(0.05)
stop_signal.set()
t.join()
start_signal.clear()
print("cleared:", start_signal.is_set())
