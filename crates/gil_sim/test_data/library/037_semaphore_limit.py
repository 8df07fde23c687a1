import threading
import time

MAX_CONNECTIONS = 2
pool = threading.Semaphore(MAX_CONNECTIONS)
lock = threading.Lock()
active = 0
peak = 0
log = []


def fetch(url):
    global active, peak
    with pool:
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
            log.append(url)


urls = [f"https://example.com/page{i}" for i in range(6)]
threads = [threading.Thread(target=fetch, args=(u,)) for u in urls]
for t in threads:
    t.start()
for t in threads:
    t.join()

print("fetched", len(log), "pages")
print("most connections at once:", peak)
print("semaphore free again:", pool.acquire(blocking=False) and pool.acquire(blocking=False))
