import threading
from concurrent.futures import ThreadPoolExecutor

local = threading.local()
setup_calls = []


def init_worker(greeting):
    local.greeting = greeting
    local.count = 0
    setup_calls.append(threading.current_thread().name)


def greet(name):
    local.count += 1
    return f"{local.greeting}, {name}! (call #{local.count} in this worker)"


with ThreadPoolExecutor(max_workers=1, initializer=init_worker, initargs=("Hello",)) as ex:
    for message in ex.map(greet, ["Ann", "Ben", "Cat"]):
        print(message)
print("initializer ran in:", setup_calls)
print("main thread has a greeting:", hasattr(local, "greeting"))


def broken_init():
    raise ConnectionError("database unreachable")


executor = ThreadPoolExecutor(max_workers=1, initializer=broken_init)
future = executor.submit(greet, "Dan")
try:
    future.result()
except Exception as e:
    print(type(e).__name__ + ":", e)
executor.shutdown()
