import multiprocessing
import sys


def ok():
    pass


def crash():
    raise RuntimeError("worker crashed")


def leave_with(code):
    sys.exit(code)


if __name__ == "__main__":
    jobs = [
        ("ok", ok, ()),
        ("crash", crash, ()),
        ("exit 3", leave_with, (3,)),
        ("exit with text", leave_with, ("bad config",)),
    ]
    for label, func, args in jobs:
        p = multiprocessing.Process(target=func, args=args)
        p.start()
        p.join()
        print(f"{label:>15}: {p.name} exitcode={p.exitcode}", flush=True)
