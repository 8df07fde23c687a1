import concurrent.futures
import time


def download(name, size_kb):
    """Pretend to download a file: bigger files take a little longer."""
    time.sleep(0.01 * size_kb)
    return f"{name}: {size_kb * 1024} bytes"


files = [("index.html", 3), ("style.css", 1), ("app.js", 5), ("logo.png", 2)]

with concurrent.futures.ThreadPoolExecutor(max_workers=3) as executor:
    futures = [executor.submit(download, name, size) for name, size in files]
    for future in futures:
        print(future.result())

print("all done:", all(f.done() for f in futures))
