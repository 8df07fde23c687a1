import threading

cond = threading.Condition()
waiting = 0
tickets = 0
served = []


def customer(name):
    global waiting, tickets
    with cond:
        waiting += 1
        cond.notify_all()
        while tickets == 0:
            cond.wait()
        tickets -= 1
        served.append(name)
        cond.notify_all()


customers = [threading.Thread(target=customer, args=(f"c{i}",)) for i in range(4)]
for t in customers:
    t.start()

with cond:
    cond.wait_for(lambda: waiting == 4)
    print("everyone is waiting")
    tickets = 1
    cond.notify()  # wakes a single waiter

with cond:
    cond.wait_for(lambda: tickets == 0)
    print("served after notify():", len(served))
    tickets += 3
    cond.notify_all()  # wakes all of the rest

for t in customers:
    t.join()
print("served after notify_all():", sorted(served))
