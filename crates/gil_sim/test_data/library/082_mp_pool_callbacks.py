import multiprocessing

results = []
errors = []


def inverse(x):
    return 1 / x


def on_result(value):
    results.append(value)


def on_error(exc):
    errors.append(f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    pool = multiprocessing.Pool(processes=2)
    for x in [1, 2, 0, 4, 5, 0]:
        pool.apply_async(inverse, (x,), callback=on_result, error_callback=on_error)
    pool.close()
    pool.join()
    print("results:", sorted(results))
    print("errors:", errors)

    with multiprocessing.Pool(2) as pool:
        batch = pool.map_async(inverse, [2, 4, 8], callback=on_result)
        batch.wait()
    print("map_async callback got the whole list:", results[-1])
