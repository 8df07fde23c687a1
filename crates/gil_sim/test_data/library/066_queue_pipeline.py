import queue
import threading

DONE = object()
raw = queue.Queue()
cleaned = queue.Queue()
output = []


def clean():
    while (line := raw.get()) is not DONE:
        cleaned.put(line.strip().lower())
    cleaned.put(DONE)


def count():
    while (line := cleaned.get()) is not DONE:
        if line:
            output.append((line, len(line.split())))


stages = [threading.Thread(target=clean, name="clean"), threading.Thread(target=count, name="count")]
for s in stages:
    s.start()
for line in ["  Hello World  ", "", "Threads PASS messages", "  QUEUES connect stages "]:
    raw.put(line)
raw.put(DONE)
for s in stages:
    s.join()
for line, words in output:
    print(f"{words} words: {line!r}")
