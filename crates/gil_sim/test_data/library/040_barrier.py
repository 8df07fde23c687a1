import threading
import time

arrivals = []
departures = []


def all_here():
    print("barrier action: all", barrier.parties, "runners have arrived")


barrier = threading.Barrier(3, action=all_here)


def runner(name, delay):
    time.sleep(delay)
    arrivals.append(name)
    index = barrier.wait()
    departures.append(name)
    if index == 0:
        print("exactly one thread sees index 0")


threads = [threading.Thread(target=runner, args=(n, d)) for n, d in
           (("fast", 0.0), ("medium", 0.05), ("slow", 0.1))]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("arrived in order:", arrivals)
print("departed:", sorted(departures))
print("n_waiting:", barrier.n_waiting, "broken:", barrier.broken)

lonely = threading.Barrier(2)
try:
    lonely.wait(timeout=0.02)
except threading.BrokenBarrierError:
    print("timed out, barrier broken:", lonely.broken)
lonely.reset()
print("after reset, broken:", lonely.broken)
