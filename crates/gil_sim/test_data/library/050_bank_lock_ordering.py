import threading


class Account:
    def __init__(self, number, balance):
        self.number = number
        self.balance = balance
        self.lock = threading.Lock()


def transfer(source, target, amount, times):
    # Always lock the lower account number first, so two opposite
    # transfers can never wait for each other forever.
    first, second = sorted((source, target), key=lambda a: a.number)
    for _ in range(times):
        with first.lock:
            with second.lock:
                source.balance -= amount
                target.balance += amount


a = Account(1, 1000)
b = Account(2, 1000)
threads = [
    threading.Thread(target=transfer, args=(a, b, 3, 200)),
    threading.Thread(target=transfer, args=(b, a, 2, 300)),
    threading.Thread(target=transfer, args=(a, b, 1, 100)),
]
for t in threads:
    t.start()
for t in threads:
    t.join()

print("account 1:", a.balance)
print("account 2:", b.balance)
print("total unchanged:", a.balance + b.balance == 2000)
