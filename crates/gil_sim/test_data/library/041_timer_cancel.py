import threading
import time


def remind(message):
    print("reminder:", message)


first = threading.Timer(0.03, remind, args=["stand up and stretch"])
second = threading.Timer(0.2, remind, kwargs={"message": "drink some water"})
first.start()
second.start()
print("timers started; second alive:", second.is_alive())

time.sleep(0.08)
second.cancel()
second.join()
first.join()
print("second cancelled; alive:", second.is_alive(), "finished flag:", second.finished.is_set())

# Cancelling before the timer is started means it never fires.
never = threading.Timer(0.01, remind, args=["never shown"])
never.cancel()
never.start()
never.join()
print("done")
