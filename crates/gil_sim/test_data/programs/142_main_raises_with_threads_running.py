import threading
import time


def finish_later():
    time.sleep(0.05)
    print("non-daemon worker finishes after the traceback")


def forever():
    while True:
        time.sleep(0.01)


threading.Thread(target=finish_later).start()
threading.Thread(target=forever, daemon=True).start()
raise RuntimeError("main thread fails")
