from concurrent.futures import ThreadPoolExecutor


def divide(a, b):
    return a / b


pairs = [(10, 2), (3, 0), (9, 3), (1, 0)]

with ThreadPoolExecutor() as executor:
    futures = [executor.submit(divide, a, b) for a, b in pairs]

for (a, b), fut in zip(pairs, futures):
    exc = fut.exception()
    if exc is not None:
        print(f"{a}/{b} raised {type(exc).__name__}: {exc}")
    else:
        print(f"{a}/{b} = {fut.result()}")

try:
    futures[1].result()
except ZeroDivisionError as e:
    print("result() raises it again:", e)
    print("traceback kept:", e.__traceback__ is not None)
