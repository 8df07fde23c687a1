# threading.local: one object, a separate set of attributes in each thread. Each worker
# opens its own "connection" the first time it needs one and reuses it afterwards, so no
# two threads ever share a connection and no lock is needed.
import threading

state = threading.local()
opened = []
opened_lock = threading.Lock()


def connection():
    if not hasattr(state, "conn"):
        state.conn = f"conn-{threading.current_thread().name}"
        with opened_lock:
            opened.append(state.conn)
    return state.conn


def handle(requests):
    for r in requests:
        conn = connection()
        assert conn.endswith(threading.current_thread().name)


workers = [threading.Thread(target=handle, args=(range(5),), name=f"worker-{i}") for i in range(3)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print("connections opened:", sorted(opened))
print("main thread has one:", hasattr(state, "conn"))
