from concurrent.futures import ThreadPoolExecutor


def square(n):
    return n * n


def power(base, exponent):
    return base ** exponent


with ThreadPoolExecutor(max_workers=4) as pool:
    print(list(pool.map(square, range(10))))
    print(list(pool.map(power, [2, 3, 4], [10, 3, 2])))

    words = ["thread", "pool", "executor", "map"]
    for word, length in zip(words, pool.map(len, words)):
        print(f"{word!r} has {length} letters")

    total = sum(pool.map(square, range(100)))

print("sum of squares below 100:", total)
