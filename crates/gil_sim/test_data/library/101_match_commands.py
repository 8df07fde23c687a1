# gil-lab: requires 3.10
import queue
import threading
from dataclasses import dataclass


@dataclass
class Move:
    x: int
    y: int


commands = queue.Queue()
log = []


def handle():
    while True:
        match commands.get():
            case None:
                log.append("stopping")
                return
            case "quit" | "exit":
                log.append("ignoring quit, use None")
            case ("say", text):
                log.append(f"saying {text!r}")
            case ("add", *numbers) if numbers:
                log.append(f"sum is {sum(numbers)}")
            case Move(x=0, y=0):
                log.append("staying put")
            case Move(x=x, y=y) if x == y:
                log.append(f"diagonal move by {x}")
            case Move(x, y):
                log.append(f"moving to ({x}, {y})")
            case {"cmd": "config", **options}:
                log.append(f"config with {sorted(options)}")
            case other:
                log.append(f"unknown command {other!r}")


worker = threading.Thread(target=handle)
worker.start()
for cmd in ["quit", ("say", "hi"), ("add", 1, 2, 3), ("add",), Move(0, 0), Move(2, 2), Move(1, 5),
            {"cmd": "config", "debug": True, "level": 3}, 42, None]:
    commands.put(cmd)
worker.join()
print("\n".join(log))
