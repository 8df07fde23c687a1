import contextlib
import queue
import threading

events = []


@contextlib.contextmanager
def locked(lock, name):
    lock.acquire()
    events.append(f"{name}: acquired")
    try:
        yield name.upper()
    finally:
        lock.release()
        events.append(f"{name}: released")


db_lock = threading.Lock()
cache_lock = threading.RLock()


def update(use_lock):
    guard = locked(db_lock, "db") if use_lock else contextlib.nullcontext("no lock")
    with guard as label:
        events.append(f"working under {label}")


t = threading.Thread(target=update, args=(True,))
t.start()
t.join()
update(False)

with contextlib.ExitStack() as stack:
    names = [stack.enter_context(locked(lk, nm)) for lk, nm in ((db_lock, "db"), (cache_lock, "cache"))]
    stack.callback(events.append, "callback registered last runs first")
    events.append(f"holding {names}")
print("\n".join(events))

q = queue.Queue()
with contextlib.suppress(queue.Empty):
    q.get_nowait()
    print("not reached")
print("queue.Empty was suppressed")

try:
    with locked(db_lock, "db"):
        raise KeyError("boom")
except KeyError as e:
    print("error passed through, lock released:", not db_lock.locked(), e)
