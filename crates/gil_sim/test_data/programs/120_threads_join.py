import threading

results = []


def work(n, scale=1):
    results.append(n * scale)


threads = [threading.Thread(target=work, args=(i,), kwargs={"scale": 10}) for i in range(3)]
print(threads[0].name, threads[0].is_alive())
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results), [t.is_alive() for t in threads])
print(threading.current_thread().name, threading.main_thread().name)
print(threading.active_count())

named = threading.Thread(target=work, args=(5,), name="worker")
print(named.name, named.daemon)
try:
    named.join()
except RuntimeError as e:
    print("RuntimeError:", e)
named.start()
named.join()
try:
    named.start()
except RuntimeError as e:
    print("RuntimeError:", e)
print(results[-1])


class Worker(threading.Thread):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.out = None

    def run(self):
        self.out = self.n * self.n


w = Worker(7)
w.start()
w.join()
print(w.out)
