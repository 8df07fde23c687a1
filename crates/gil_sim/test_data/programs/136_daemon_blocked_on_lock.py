import threading
import time

lock = threading.Lock()
lock.acquire()


def grab():
    print("daemon: acquiring a lock main holds")
    lock.acquire()
    print("daemon: never printed")


threading.Thread(target=grab, daemon=True).start()
time.sleep(0.05)
print("main: exiting with the lock held")
