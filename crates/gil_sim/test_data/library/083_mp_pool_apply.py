import multiprocessing


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def fail(message):
    raise KeyError(message)


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        print("apply:", pool.apply(fib, (30,)))
        async_result = pool.apply_async(fib, args=(50,))
        print("get:", async_result.get(timeout=5))
        print("ready:", async_result.ready(), "successful:", async_result.successful())

        many = [pool.apply_async(fib, (n,)) for n in range(10)]
        print("fibs:", [r.get() for r in many])

        bad = pool.apply_async(fail, ("missing-key",))
        bad.wait()
        print("bad ready:", bad.ready(), "successful:", bad.successful())
        try:
            bad.get()
        except KeyError as e:
            print("get() re-raised KeyError:", e)
