import threading
import time


def report(delay):
    time.sleep(delay)
    me = threading.current_thread()
    print(f"{me.name}: main thread? {me is threading.main_thread()}")


print("main thread name:", threading.main_thread().name)
print("current is main:", threading.current_thread() is threading.main_thread())

threads = [
    threading.Thread(target=report, args=(0.0,)),
    threading.Thread(target=report, args=(0.05,), name="custom"),
    threading.Thread(target=report, args=(0.1,)),
]
for t in threads:
    t.start()
for t in threads:
    t.join()

renamed = threading.Thread(target=report, args=(0,))
renamed.name = "renamed-before-start"
renamed.start()
renamed.join()
report(0)
