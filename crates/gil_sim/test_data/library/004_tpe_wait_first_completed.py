import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def task(name, delay):
    time.sleep(delay)
    return name


with ThreadPoolExecutor(max_workers=3) as executor:
    pending = {
        executor.submit(task, "slow", 0.16),
        executor.submit(task, "fast", 0.01),
        executor.submit(task, "medium", 0.08),
    }
    rounds = 0
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        rounds += 1
        for fut in done:
            print(f"round {rounds}: {fut.result()} finished, {len(pending)} still pending")
print("rounds:", rounds)
