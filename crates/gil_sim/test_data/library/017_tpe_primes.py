import concurrent.futures
import math

NUMBERS = [97, 7919, 104729, 104730, 1299709, 1299711, 999983, 1000001]


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for i in range(3, math.isqrt(n) + 1, 2):
        if n % i == 0:
            return False
    return True


def main():
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as executor:
        for number, prime in zip(NUMBERS, executor.map(is_prime, NUMBERS)):
            print("%d is prime: %s" % (number, prime))


if __name__ == "__main__":
    main()
