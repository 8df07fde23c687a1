import multiprocessing as mp


def work(q, n):
    q.put(n * n)


if __name__ == "__main__":
    q = mp.Queue()
    procs = [mp.Process(target=work, args=(q, n)) for n in range(4)]
    for p in procs:
        p.start()
    result = sorted(q.get() for _ in procs)
    for p in procs:
        p.join()
    print(result)
    print(max(q2 for q2 in [3, 1, 2]), sum(n for n in range(5)))
