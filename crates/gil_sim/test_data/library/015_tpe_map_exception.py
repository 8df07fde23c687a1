from concurrent.futures import ThreadPoolExecutor


def parse(record):
    key, value = record.split("=")
    return key, int(value)


records = ["a=1", "b=2", "c=x", "d=4"]

with ThreadPoolExecutor(max_workers=2) as executor:
    results = executor.map(parse, records)
    try:
        for key, value in results:
            print(key, "->", value)
    except ValueError as e:
        print("stopped at a bad record:", e)

# map() is lazy about errors: they surface only when that result is reached.
with ThreadPoolExecutor(max_workers=2) as executor:
    results = executor.map(parse, ["x=1", "y", "z=3"])
    print("first:", next(results))
    try:
        next(results)
    except ValueError as e:
        print("second:", e)
