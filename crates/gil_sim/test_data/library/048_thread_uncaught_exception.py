import threading


def worker(values):
    total = 0
    for v in values:
        total += v
    print("total", total)


good = threading.Thread(target=worker, args=([1, 2, 3],))
bad = threading.Thread(target=worker, args=([1, "2", 3],))
good.start()
good.join()
bad.start()
bad.join()
print("main thread keeps running; bad thread alive:", bad.is_alive())
