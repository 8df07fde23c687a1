import threading


class RequestContext(threading.local):
    created = 0  # class attribute, shared by every thread

    def __init__(self, app_name):
        super().__init__()
        RequestContext.created += 1
        self.app_name = app_name
        self.items = []

    def add(self, item):
        self.items.append(item)
        return len(self.items)


ctx = RequestContext("shop")
ctx.add("main-item")
results = {}


def worker(name, count):
    for i in range(count):
        ctx.add(f"{name}-{i}")
    results[name] = (ctx.app_name, list(ctx.items))


threads = [threading.Thread(target=worker, args=(n, c)) for n, c in (("a", 1), ("b", 2))]
for t in threads:
    t.start()
    t.join()

for name in sorted(results):
    print(name, results[name])
print("main", ctx.app_name, ctx.items)
print("__init__ ran", RequestContext.created, "times (once per thread that used it)")
