# An older tutorial's style: camelCase names that newer Pythons deprecate.
import threading
import time

queue = []
cv = threading.Condition()
done = threading.Event()


def consumer():
    with cv:
        while not queue:
            cv.wait()
        print(threading.currentThread().getName(), "got", queue.pop())
    done.set()


t = threading.Thread(target=consumer, name="Consumer")
t.start()
time.sleep(0.02)
with cv:
    queue.append("message")
    cv.notifyAll()
t.join()
print("done flag set:", done.isSet())
