import concurrent.futures
import threading

release = threading.Event()


def square(n):
    if n == 8:
        release.wait()  # this one hangs until we let it go
    return n * n


with concurrent.futures.ThreadPoolExecutor(max_workers=4) as executor:
    results = executor.map(square, [0, 1, 2, 8], timeout=0.1)
    try:
        for value in results:
            print("got", value)
    except concurrent.futures.TimeoutError:
        print("timed out waiting for the next result")
        release.set()

print("the with block waited for the hanging task")
