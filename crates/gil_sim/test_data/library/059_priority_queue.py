import queue
from dataclasses import dataclass, field
from typing import Any

pq = queue.PriorityQueue()
for priority, task in [(3, "write report"), (1, "fix outage"), (2, "review PR"), (1, "call boss")]:
    pq.put((priority, task))
while not pq.empty():
    priority, task = pq.get()
    print(priority, task)


@dataclass(order=True)
class PrioritizedItem:
    priority: int
    item: Any = field(compare=False)


jobs = queue.PriorityQueue()
jobs.put(PrioritizedItem(5, {"name": "backup"}))
jobs.put(PrioritizedItem(0, {"name": "security patch"}))
jobs.put(PrioritizedItem(2, {"name": "resize images"}))
while not jobs.empty():
    job = jobs.get()
    print(job.priority, job.item["name"])

try:
    bad = queue.PriorityQueue()
    bad.put({"name": "a"})
    bad.put({"name": "b"})
except TypeError as e:
    print("TypeError:", e)
