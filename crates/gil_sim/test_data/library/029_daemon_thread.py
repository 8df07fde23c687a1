import threading
import time


def heartbeat():
    while True:
        time.sleep(0.01)


def worker():
    time.sleep(0.03)
    inner = threading.Thread(target=heartbeat)
    print("thread started by a daemon is a daemon:", inner.daemon)
    print("worker finished")


beat = threading.Thread(target=heartbeat, daemon=True, name="heartbeat")
beat.start()
print(beat.name, "daemon:", beat.daemon, "alive:", beat.is_alive())

helper = threading.Thread(target=worker, name="helper")
helper.daemon = True
helper.start()
helper.join()

try:
    beat.daemon = False
except RuntimeError as e:
    print("RuntimeError:", e)

print("main exits while", beat.name, "is still alive:", beat.is_alive())
