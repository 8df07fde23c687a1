import threading

results = []


def work(n):
    total = 0
    for i in range(3000):
        total += i * n
    results.append(n)


threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
