import threading
from concurrent.futures import ThreadPoolExecutor


class BankAccount:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self._lock = threading.Lock()

    def deposit(self, amount, *, note=""):
        with self._lock:
            self.balance += amount
        return note or f"deposit {amount}"

    def __repr__(self):
        return f"BankAccount(owner={self.owner!r}, balance={self.balance})"


account = BankAccount("alice", 100)
with ThreadPoolExecutor(max_workers=4) as executor:
    futures = [executor.submit(account.deposit, 10) for _ in range(20)]
    futures.append(executor.submit(account.deposit, 5, note="birthday gift"))
    futures.append(executor.submit(lambda: account.deposit(-50, note="rent")))

notes = [f.result() for f in futures]
print(notes[0], "...", notes[-2], "|", notes[-1])
print(account)
