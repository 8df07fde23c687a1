import threading
from concurrent.futures import ThreadPoolExecutor


def whoami(n):
    return f"task {n} ran on {threading.current_thread().name}"


with ThreadPoolExecutor(max_workers=1, thread_name_prefix="downloader") as ex:
    for line in ex.map(whoami, range(3)):
        print(line)

with ThreadPoolExecutor(max_workers=1) as ex:
    print(ex.submit(whoami, 9).result())

with ThreadPoolExecutor(max_workers=3, thread_name_prefix="io") as ex:
    prefixes = set(ex.map(lambda _: threading.current_thread().name.split("_")[0], range(6)))
print("prefixes seen:", prefixes)
print("back in", threading.current_thread().name)
