import multiprocessing


def cube(x):
    return x ** 3


def word_stats(word):
    return word, len(word), word.count("s")


if __name__ == "__main__":
    with multiprocessing.Pool(processes=2) as pool:
        print(pool.map(cube, range(10)))
        print(pool.map(cube, range(20), chunksize=5)[-3:])
        for word, length, esses in pool.map(word_stats, ["process", "pools", "sum"]):
            print(f"{word}: {length} letters, {esses} s")
    print("pool closed; cpu_count is positive:", multiprocessing.cpu_count() > 0)
