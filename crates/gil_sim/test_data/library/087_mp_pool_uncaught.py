import multiprocessing


def parse_row(row):
    name, amount = row.split(",")
    return name.strip(), float(amount)


if __name__ == "__main__":
    rows = ["rent, 950", "food, 320.5", "fun; 80"]
    with multiprocessing.Pool(2) as pool:
        print(pool.map(parse_row, rows[:2]))
        print(pool.map(parse_row, rows))
