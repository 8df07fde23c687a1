import random
import threading
import time

random.seed(42)
urls = [f"https://example.org/item/{n}" for n in range(6)]
delays = [random.choice([0.0, 0.01, 0.02, 0.03]) for _ in urls]
sizes = [random.randint(100, 999) for _ in urls]
results = [None] * len(urls)


def download(index):
    time.sleep(delays[index])
    results[index] = (urls[index].rsplit("/", 1)[1], sizes[index])


threads = []
for i in range(len(urls)):
    t = threading.Thread(target=download, args=(i,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()

for item, size in results:
    print(f"item {item}: {size} bytes")
print("total:", sum(size for _, size in results), "bytes")
print("delays used:", delays)
