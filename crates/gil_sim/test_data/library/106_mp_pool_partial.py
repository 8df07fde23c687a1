import functools
import itertools
import multiprocessing


def price(base, tax_rate, discount=0.0):
    return round(base * (1 + tax_rate) * (1 - discount), 2)


def area(width, height):
    return width * height


if __name__ == "__main__":
    with_tax = functools.partial(price, tax_rate=0.2)
    sale = functools.partial(price, tax_rate=0.2, discount=0.5)
    bases = [10, 19.99, 100]
    with multiprocessing.Pool(2) as pool:
        print("with tax:", pool.map(with_tax, bases))
        print("on sale:", pool.map(sale, bases))
        sizes = list(itertools.product([1, 2, 3], [10, 20]))
        areas = pool.starmap(area, sizes)
    for (w, h), a in zip(sizes, areas):
        print(f"{w}x{h} = {a}")
    print("biggest:", max(zip(areas, sizes)))
