import threading

release = threading.Event()
ready = threading.Barrier(4)


def idle():
    ready.wait()
    release.wait()


print("before:", threading.active_count(), [t.name for t in threading.enumerate()])
workers = [threading.Thread(target=idle, name=f"idle-{i}") for i in range(3)]
for w in workers:
    w.start()
ready.wait()

print("while idling:", threading.active_count())
print("names:", sorted(t.name for t in threading.enumerate()))
print("daemon flags:", sorted({t.daemon for t in threading.enumerate()}))

release.set()
for w in workers:
    w.join()
print("after join:", threading.active_count(), [t.name for t in threading.enumerate()])
