import functools
import queue
import threading


@functools.total_ordering
class Task:
    def __init__(self, priority, name):
        self.priority = priority
        self.name = name

    def __eq__(self, other):
        return (self.priority, self.name) == (other.priority, other.name)

    def __lt__(self, other):
        return (self.priority, self.name) < (other.priority, other.name)

    def __repr__(self):
        return f"Task({self.priority}, {self.name!r})"


tasks = queue.PriorityQueue()
for priority, name in [(2, "lint"), (1, "build"), (3, "deploy"), (1, "audit"), (2, "test")]:
    tasks.put(Task(priority, name))

order = []


def executor():
    while not tasks.empty():
        order.append(tasks.get())


t = threading.Thread(target=executor, name="executor")
t.start()
t.join()
print(order)
print(Task(1, "a") <= Task(1, "a"), Task(2, "a") > Task(1, "z"), Task(1, "b") >= Task(1, "c"))
print(max(order), min(order))
