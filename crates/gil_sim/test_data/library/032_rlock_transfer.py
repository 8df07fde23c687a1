import threading


class Account:
    def __init__(self, name, balance):
        self.name = name
        self.balance = balance
        self.lock = threading.RLock()

    def withdraw(self, amount):
        with self.lock:
            if amount > self.balance:
                raise ValueError(f"{self.name}: insufficient funds")
            self.balance -= amount

    def deposit(self, amount):
        with self.lock:
            self.balance += amount

    def pay_fee_and_withdraw(self, amount, fee):
        with self.lock:  # re-entered by withdraw(): fine with an RLock
            self.withdraw(fee)
            self.withdraw(amount)


acct = Account("checking", 500)
threads = [threading.Thread(target=acct.pay_fee_and_withdraw, args=(40, 1)) for _ in range(5)]
threads += [threading.Thread(target=acct.deposit, args=(25,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(acct.name, "balance:", acct.balance)

try:
    acct.withdraw(10_000)
except ValueError as e:
    print("ValueError:", e)

plain = threading.Lock()
print("Lock re-acquire without blocking:", plain.acquire() and plain.acquire(blocking=False))
rlock = threading.RLock()
print("RLock re-acquire:", rlock.acquire() and rlock.acquire(blocking=False))
rlock.release()
rlock.release()
