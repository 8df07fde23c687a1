import threading
import time

context = threading.local()
context.user = "main-user"
seen = []
lock = threading.Lock()


def handle_request(user, delay):
    context.user = user
    time.sleep(delay)  # other threads set their own context.user meanwhile
    with lock:
        seen.append((threading.current_thread().name, context.user))


threads = [
    threading.Thread(target=handle_request, args=(u, d), name=f"request-{i}")
    for i, (u, d) in enumerate([("alice", 0.03), ("bob", 0.01), ("carol", 0.02)])
]
for t in threads:
    t.start()
for t in threads:
    t.join()

for name, user in sorted(seen):
    print(f"{name} saw user {user}")
print("main thread still sees", context.user)


def no_value():
    print("attribute in a new thread:", getattr(context, "user", "<missing>"))


t = threading.Thread(target=no_value)
t.start()
t.join()
