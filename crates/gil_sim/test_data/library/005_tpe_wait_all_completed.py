import time
from concurrent.futures import ALL_COMPLETED, ThreadPoolExecutor, wait


def checksum(block):
    time.sleep(0.02)
    return sum(block) % 256


blocks = [bytes(range(i, i + 16)) for i in range(0, 64, 16)]
executor = ThreadPoolExecutor(max_workers=2)
futures = [executor.submit(checksum, b) for b in blocks]
done, not_done = wait(futures, timeout=5, return_when=ALL_COMPLETED)
print(len(done), "done,", len(not_done), "not done")
print("checksums:", [f.result() for f in futures])

# With a short timeout, wait() returns before the slow task is finished.
slow = executor.submit(time.sleep, 0.15)
done, not_done = wait([slow], timeout=0.02)
print(len(done), "done,", len(not_done), "not done")
executor.shutdown(wait=True)
print("after shutdown the slow task is done:", slow.done())
