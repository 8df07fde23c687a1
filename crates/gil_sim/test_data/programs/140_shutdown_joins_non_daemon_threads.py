import atexit
import threading
import time


def slow(name, delay):
    time.sleep(delay)
    print(name, "finished")


def spinner():
    while True:
        time.sleep(0.03)


atexit.register(lambda: print("atexit runs after every non-daemon thread"))
threading.Thread(target=slow, args=("worker A", 0.1)).start()
threading.Thread(target=slow, args=("worker B", 0.05)).start()
threading.Thread(target=spinner, daemon=True).start()
print("main: end of the module")
