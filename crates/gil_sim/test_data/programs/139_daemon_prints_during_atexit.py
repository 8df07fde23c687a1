import atexit
import threading
import time


def ticker():
    n = 0
    while True:
        print("tick", n)
        n += 1
        time.sleep(0.05)


def slow_goodbye():
    print("atexit: start")
    time.sleep(0.11)
    print("atexit: end")


atexit.register(slow_goodbye)
threading.Thread(target=ticker, daemon=True).start()
time.sleep(0.025)
print("main: done")
