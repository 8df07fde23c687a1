import atexit
import sys
import threading


def busy():
    total = 0
    while True:
        total += 1


atexit.register(print, "atexit still runs on sys.exit")
threading.Thread(target=busy, daemon=True).start()
print("main: exiting with status 3")
sys.exit(3)
