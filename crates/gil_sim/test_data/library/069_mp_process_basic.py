import multiprocessing
import time


def worker(name, delay):
    time.sleep(delay)
    print(f"worker {name} done", flush=True)


if __name__ == "__main__":
    p = multiprocessing.Process(target=worker, args=("A", 0.01))
    print("name:", p.name, "alive:", p.is_alive(), "exitcode:", p.exitcode)
    p.start()
    p.join()
    print("alive:", p.is_alive(), "exitcode:", p.exitcode)

    procs = [
        multiprocessing.Process(target=worker, args=("B", 0.1)),
        multiprocessing.Process(target=worker, args=("C", 0.0), name="fast-one"),
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    print("names:", [proc.name for proc in procs])
    print("exit codes:", [proc.exitcode for proc in procs])
