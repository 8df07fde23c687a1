import threading
import time


def greet(name, delay, punctuation="!"):
    time.sleep(delay)
    print(f"Hello, {name}{punctuation}")


t1 = threading.Thread(target=greet, args=("Alice", 0.1))
t2 = threading.Thread(target=greet, args=("Bob", 0.05), kwargs={"punctuation": "?"})
t3 = threading.Thread(target=greet, args=("Carol", 0.15), name="carol-thread")
threads = [t1, t2, t3]

for t in threads:
    t.start()
print("started", len(threads), "threads")
for t in threads:
    t.join()

print("names:", [t.name for t in threads])
print("alive:", [t.is_alive() for t in threads])
