import threading
from collections import Counter, OrderedDict, defaultdict, deque, namedtuple

Event = namedtuple("Event", ["worker", "kind", "value"])
recent = deque(maxlen=3)
by_worker = defaultdict(list)
kinds = Counter()
lock = threading.Lock()


def worker(name, values):
    for v in values:
        event = Event(name, "even" if v % 2 == 0 else "odd", v)
        with lock:
            by_worker[name].append(v)
            kinds[event.kind] += 1


threads = [threading.Thread(target=worker, args=(n, vs)) for n, vs in
           (("alpha", [1, 2, 3]), ("beta", [4, 6]), ("gamma", [5, 7, 9, 10]))]
for t in threads:
    t.start()
for t in threads:
    t.join()

for name in sorted(by_worker):
    recent.append(Event(name, "done", sum(by_worker[name])))
print("recent:", list(recent))
print("maxlen:", recent.maxlen, "| oldest dropped:", recent[0].worker)
print("kinds:", sorted(kinds.items()), "most common:", kinds.most_common(1))
print("missing key gives a default:", by_worker["delta"], len(by_worker))
e = recent[-1]
print(e.worker, e._asdict(), e._replace(value=0))

cache = OrderedDict()
for key in ["a", "b", "c", "a", "d"]:
    if key in cache:
        cache.move_to_end(key)
    cache[key] = key.upper()
    if len(cache) > 3:
        cache.popitem(last=False)
print("LRU keys:", list(cache))

window = deque([1, 2, 3], maxlen=3)
window.append(4)
window.appendleft(0)
window.rotate(1)
print("deque:", window)
