import threading
import time


def ticker():
    n = 0
    while True:
        print("tick", n)
        n += 1
        time.sleep(0.05)


threading.Thread(target=ticker, daemon=True).start()
time.sleep(0.125)
print("main: done")
