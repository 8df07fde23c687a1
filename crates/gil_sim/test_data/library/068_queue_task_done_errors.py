import queue

q = queue.Queue()
q.put("only item")
q.get()
q.task_done()
print("unfinished tasks:", q.unfinished_tasks)
try:
    q.task_done()
except ValueError as e:
    print("ValueError:", e)

q.join()  # returns at once: nothing is unfinished
print("join returned")

drain = queue.Queue()
for ch in "queue":
    drain.put(ch)
letters = []
while True:
    try:
        letters.append(drain.get_nowait())
    except queue.Empty:
        break
print("drained:", "".join(letters), "size now:", drain.qsize())
print("Queue is not a subclass of SimpleQueue:", not issubclass(queue.Queue, queue.SimpleQueue))
print("maxsize of an unbounded queue:", drain.maxsize)
