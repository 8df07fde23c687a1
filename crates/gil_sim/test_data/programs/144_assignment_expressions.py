# Assignment expressions: in conditions, loops, comprehensions (module and function scope)
# and a worker that drains a queue with `while (item := q.get()) is not None`.
import queue
import threading

data = [3, 1, 4, 1, 5]
if (n := len(data)) > 4:
    print("long list of", n)

rest = data[:]
while (chunk := rest[:2]):
    rest = rest[2:]
    print("chunk", chunk)

doubled = [last := x * 2 for x in data]
print("doubled", doubled, "last", last)
print([(k, sq) for k in range(4) if (sq := k * k) > 2], sq)


def stats(values):
    kept = [v for v in values if (big := v) > 2]
    running = [total := 0] + [total := total + v for v in values]
    return kept, big, running, total, (z := 7) + z


print(stats(data))
print((lambda a: (b := a + 1) * b)(4))

q = queue.Queue()
seen = []


def worker():
    while (item := q.get()) is not None:
        seen.append(item * 10)


t = threading.Thread(target=worker)
t.start()
for i in range(3):
    q.put(i)
q.put(None)
t.join()
print("seen", seen)
