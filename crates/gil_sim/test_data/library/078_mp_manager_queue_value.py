import multiprocessing


def worker(jobs, done, counter, lock):
    while True:
        job = jobs.get()
        if job is None:
            break
        done.put(job * 10)
        with lock:
            counter.value += 1


if __name__ == "__main__":
    manager = multiprocessing.Manager()
    jobs = manager.Queue()
    done = manager.Queue()
    counter = manager.Value("i", 0)
    lock = manager.Lock()
    workers = [multiprocessing.Process(target=worker, args=(jobs, done, counter, lock))
               for _ in range(2)]
    for w in workers:
        w.start()
    for n in range(1, 8):
        jobs.put(n)
    for _ in workers:
        jobs.put(None)
    for w in workers:
        w.join()
    results = sorted(done.get() for _ in range(done.qsize()))
    print("results:", results)
    print("jobs counted:", counter.value)
    print("worker names:", [w.name for w in workers])
    manager.shutdown()
