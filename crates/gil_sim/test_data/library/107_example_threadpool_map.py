# Four downloads on a pool of three threads. map() hands each URL to a free worker
# (ThreadPoolExecutor-0_0, _1, _2) and returns the results in the order of the URLs,
# not in the order the downloads finished. While a worker waits for the network it
# lets go of the GIL, so the waits overlap: the run takes as long as the longest
# chain of waits on one worker (0.1 s + 0.2 s, or 0.3 s), not their sum (0.8 s).
import time
from concurrent.futures import ThreadPoolExecutor

URLS = ["https://example.com/index.html", "https://example.com/style.css",
        "https://example.com/app.js", "https://example.com/logo.png"]
SECONDS = [0.3, 0.1, 0.2, 0.2]


def download(url):
    time.sleep(SECONDS[URLS.index(url)])  # waiting for the server
    return f"{url.rsplit('/', 1)[1]}: {len(url) * 40} bytes"


start = time.perf_counter()
with ThreadPoolExecutor(max_workers=3) as pool:
    for line in pool.map(download, URLS):
        print(line)
print(f"4 downloads in about {round(time.perf_counter() - start, 1)} s")
