import atexit
import threading

never = threading.Event()


def waiter():
    print("waiter: waiting for an event nobody sets")
    never.wait()
    print("waiter: never printed")


def goodbye():
    print("atexit: the daemon is still waiting")


atexit.register(goodbye)
t = threading.Thread(target=waiter, daemon=True)
t.start()
t.join(0.05)
print("main: done, alive =", t.is_alive())
