import multiprocessing


def add_many(counter, times):
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1


def add_fast(counter, times):
    # Each worker adds its own total once, under the lock.
    with counter.get_lock():
        counter.value += times


if __name__ == "__main__":
    counter = multiprocessing.Value("i", 0)
    procs = [multiprocessing.Process(target=add_many, args=(counter, 500)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("with get_lock():", counter.value)

    counter.value = 0
    procs = [multiprocessing.Process(target=add_fast, args=(counter, 250)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("one update per process:", counter.value)

    raw = multiprocessing.Value("i", 7, lock=False)
    print("lock=False has get_lock:", hasattr(raw, "get_lock"), "value:", raw.value)
