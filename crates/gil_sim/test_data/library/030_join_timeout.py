import threading
import time


def slow_job():
    time.sleep(0.15)


t = threading.Thread(target=slow_job, name="slow")
try:
    t.join()
except RuntimeError as e:
    print("RuntimeError:", e)

t.start()
t.join(timeout=0.05)
print("after join(timeout=0.05): alive =", t.is_alive())
t.join()
print("after join(): alive =", t.is_alive())

try:
    t.start()
except RuntimeError as e:
    print("RuntimeError:", e)

try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)
