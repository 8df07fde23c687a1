import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait


def validate(record):
    time.sleep(record["delay"])
    if record["age"] < 0:
        raise ValueError(f"negative age for {record['name']}")
    return record["name"].title()


records = [
    {"name": "ada", "age": 36, "delay": 0.0},
    {"name": "bob", "age": -1, "delay": 0.05},
    {"name": "cy", "age": 50, "delay": 0.15},
]

with ThreadPoolExecutor(max_workers=3) as executor:
    futures = [executor.submit(validate, r) for r in records]
    names = {f: r["name"] for f, r in zip(futures, records)}
    done, not_done = wait(futures, return_when=FIRST_EXCEPTION)
    print("done:", sorted(names[f] for f in done))
    print("not done:", sorted(names[f] for f in not_done))
    for fut in sorted(done, key=names.get):
        if fut.exception() is not None:
            print(names[fut], "failed:", fut.exception())
        else:
            print(names[fut], "ok:", fut.result())

print("cy finished after the with block:", futures[2].result())
