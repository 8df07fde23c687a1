import threading

failures = []


def my_hook(args):
    failures.append((args.thread.name, args.exc_type.__name__, str(args.exc_value)))


def parse(text):
    return int(text)


threading.excepthook = my_hook
threads = [threading.Thread(target=parse, args=(t,), name=f"parser-{t}") for t in ("10", "ten", "")]
for t in threads:
    t.start()
    t.join()

for name, kind, message in failures:
    print(f"{name} failed with {kind}: {message}")

threading.excepthook = threading.__excepthook__
print("hook restored:", threading.excepthook is threading.__excepthook__)
