# CPU-bound work on a pool of processes. Each worker (ForkPoolWorker-1, -2, ...) is a
# process with its own interpreter and its own GIL, so on several cores they compute at
# the same time. Pool.map splits the inputs into chunks and returns results in order.
import multiprocessing


def count_primes(limit):
    count = 0
    for n in range(2, limit):
        if all(n % d for d in range(2, int(n ** 0.5) + 1)):
            count += 1
    return count


if __name__ == "__main__":
    limits = [2_000, 4_000, 6_000, 8_000]
    with multiprocessing.Pool(processes=2) as pool:
        counts = pool.map(count_primes, limits)
    for limit, count in zip(limits, counts):
        print(f"primes below {limit:,}: {count}")
