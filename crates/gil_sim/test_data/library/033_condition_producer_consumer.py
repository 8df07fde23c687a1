import threading
import time

items = []
condition = threading.Condition()


def producer(count):
    for i in range(count):
        time.sleep(0.05)
        with condition:
            items.append(f"item-{i}")
            print("produced", items[-1])
            condition.notify()


def consumer(count):
    for _ in range(count):
        with condition:
            while not items:
                condition.wait()
            item = items.pop(0)
        print("consumed", item)


c = threading.Thread(target=consumer, args=(4,))
p = threading.Thread(target=producer, args=(4,))
c.start()
p.start()
p.join()
c.join()
print("left over:", items)
