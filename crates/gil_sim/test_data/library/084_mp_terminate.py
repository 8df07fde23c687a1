import multiprocessing
import signal
import time


def spin_forever():
    while True:
        time.sleep(0.01)


if __name__ == "__main__":
    p = multiprocessing.Process(target=spin_forever, name="spinner")
    p.start()
    time.sleep(0.05)
    print(p.name, "alive:", p.is_alive(), "exitcode:", p.exitcode)
    p.terminate()
    p.join()
    print(p.name, "alive:", p.is_alive(), "exitcode:", p.exitcode)
    print("killed by SIGTERM:", p.exitcode == -signal.SIGTERM)

    k = multiprocessing.Process(target=spin_forever, name="victim")
    k.start()
    k.kill()
    k.join()
    print(k.name, "exitcode:", k.exitcode, "SIGKILL:", k.exitcode == -signal.SIGKILL)
    k.close()
    try:
        k.is_alive()
    except ValueError as e:
        print("ValueError:", e)
