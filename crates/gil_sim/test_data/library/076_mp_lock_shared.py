import multiprocessing
import time


def report(lock, number, delay):
    time.sleep(delay)
    with lock:
        print(f"process {number} holds the lock", flush=True)


if __name__ == "__main__":
    lock = multiprocessing.Lock()
    procs = [multiprocessing.Process(target=report, args=(lock, n, 0.07 * n)) for n in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()

    print("parent can take it:", lock.acquire(timeout=1))
    print("second try without blocking:", lock.acquire(False))
    lock.release()
    rlock = multiprocessing.RLock()
    with rlock:
        with rlock:
            print("RLock taken twice by the same process")
