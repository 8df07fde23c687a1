import atexit
import threading
import time

slots = threading.Semaphore(0)


def consumer(n):
    slots.acquire()
    print("consumer", n, "got a slot")


for n in range(3):
    threading.Thread(target=consumer, args=(n,), daemon=True).start()
time.sleep(0.02)
slots.release()
time.sleep(0.02)
atexit.register(print, "atexit: two consumers still wait")
print("main: released one slot")
