import multiprocessing
import os
import sys

counter = 100


def bump(q):
    global counter
    counter += 1
    q.put(("child", counter, os.getpid() != parent))


def leave(code):
    sys.exit(code)


def square(x):
    return x * x


if __name__ == "__main__":
    parent = os.getpid()
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=bump, args=(q,))
    print(p.exitcode, p.is_alive())
    p.start()
    print(q.get())
    p.join()
    print(p.exitcode, p.is_alive(), counter)
    quitter = multiprocessing.Process(target=leave, args=(3,))
    quitter.start()
    quitter.join()
    print("exit code", quitter.exitcode)
    with multiprocessing.Pool(2) as pool:
        print(pool.map(square, range(6)))
        print(pool.apply(square, (7,)))
        result = pool.apply_async(square, (8,))
        print(result.get(), result.ready(), result.successful())
    print(multiprocessing.current_process().name)
