from multiprocessing import Pool
import time


def slow_double(n):
    time.sleep(0.01 * (5 - n))  # early items are slower
    return n * 2


if __name__ == "__main__":
    with Pool(3) as pool:
        ordered = list(pool.imap(slow_double, range(5)))
        print("imap keeps input order:", ordered)

        unordered = list(pool.imap_unordered(slow_double, range(5)))
        print("imap_unordered, sorted:", sorted(unordered))

        it = pool.imap(slow_double, range(6), chunksize=2)
        print("first:", next(it), "second:", next(it))
        print("rest:", list(it))
