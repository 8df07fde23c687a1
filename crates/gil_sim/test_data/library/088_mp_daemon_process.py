import multiprocessing
import time


def background():
    while True:
        time.sleep(0.01)


def spawner():
    child = multiprocessing.Process(target=background)
    try:
        child.start()
    except AssertionError as e:
        print("AssertionError in daemon:", e, flush=True)


if __name__ == "__main__":
    d = multiprocessing.Process(target=background, daemon=True, name="monitor")
    d.start()
    print(d.name, "daemon:", d.daemon, "alive:", d.is_alive())

    s = multiprocessing.Process(target=spawner, daemon=True)
    s.start()
    s.join()
    print("spawner exitcode:", s.exitcode)
    print("main exits; the daemon is terminated automatically")
