import multiprocessing


def producer(q, count):
    for i in range(count):
        q.put({"id": i, "payload": "x" * i})
    q.put(None)


def consumer(q, out):
    total = 0
    seen = 0
    while True:
        msg = q.get()
        if msg is None:
            break
        total += len(msg["payload"])
        seen += 1
    out.put((seen, total))


if __name__ == "__main__":
    q = multiprocessing.Queue()
    out = multiprocessing.Queue()
    prod = multiprocessing.Process(target=producer, args=(q, 10))
    cons = multiprocessing.Process(target=consumer, args=(q, out))
    prod.start()
    cons.start()
    seen, total = out.get()
    prod.join()
    cons.join()
    print(f"consumer saw {seen} messages with {total} payload bytes")
    print("queue empty afterwards:", q.empty())
