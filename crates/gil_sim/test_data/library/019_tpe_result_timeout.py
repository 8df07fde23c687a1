import concurrent.futures
import time


def slow_report():
    time.sleep(0.15)
    return "report ready"


with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
    future = executor.submit(slow_report)
    try:
        future.result(timeout=0.03)
    except concurrent.futures.TimeoutError:
        print("not ready after 0.03 s; done =", future.done())

    futures = [executor.submit(time.sleep, d) for d in (0.0, 0.18)]
    try:
        for f in concurrent.futures.as_completed(futures, timeout=0.08):
            print("one finished")
    except concurrent.futures.TimeoutError as e:
        print("as_completed:", e)
    print(future.result())
