import threading


class SumThread(threading.Thread):
    def __init__(self, name, limit):
        super().__init__(name=name)
        self.limit = limit
        self.total = None

    def run(self):
        self.total = sum(range(1, self.limit + 1))


class Plain(threading.Thread):
    def run(self):
        print("running as", self.name, "| daemon:", self.daemon)


workers = [SumThread(f"sum-{n}", n) for n in (10, 100, 1000)]
for w in workers:
    w.start()
for w in workers:
    w.join()
    print(f"{w.name}: total={w.total}")

p = Plain()
p.start()
p.join()

# Calling run() directly does not start a new thread.
direct = Plain()
direct.run()
print("is_alive after run():", direct.is_alive())
