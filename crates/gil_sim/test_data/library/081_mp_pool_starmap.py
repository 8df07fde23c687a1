import multiprocessing
import operator


def describe(name, age, city="Paris"):
    return f"{name} ({age}) lives in {city}"


if __name__ == "__main__":
    people = [("Ada", 36, "London"), ("Linus", 54, "Portland"), ("Grace", 85, "Arlington")]
    with multiprocessing.Pool(2) as pool:
        for line in pool.starmap(describe, people):
            print(line)
        print(pool.starmap(operator.mul, zip(range(5), range(5, 10))))
        pending = pool.map_async(abs, [-3, -2, 1, -7])
        print("map_async:", pending.get(timeout=5))
        pending = pool.starmap_async(pow, [(2, 5), (3, 3), (10, 2)])
        pending.wait()
        print("starmap_async:", pending.get(), "successful:", pending.successful())
