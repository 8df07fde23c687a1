import math
from concurrent.futures import ProcessPoolExecutor, as_completed


def digit_sum_of_factorial(n):
    return n, sum(int(d) for d in str(math.factorial(n)))


if __name__ == "__main__":
    results = {}
    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = [executor.submit(digit_sum_of_factorial, n) for n in (10, 50, 100, 200)]
        for future in as_completed(futures):
            n, total = future.result()
            results[n] = total
    for n in sorted(results):
        print(f"digit sum of {n}! = {results[n]}")
