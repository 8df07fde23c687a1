import threading
import time


class Inventory:
    def __init__(self):
        self.stock = 0
        self.cond = threading.Condition()

    def restock(self, amount):
        with self.cond:
            self.stock += amount
            self.cond.notify_all()

    def buy(self, amount, timeout=None):
        with self.cond:
            if not self.cond.wait_for(lambda: self.stock >= amount, timeout=timeout):
                return False
            self.stock -= amount
            return True


shop = Inventory()
outcome = {}


def customer(name, amount, timeout):
    outcome[name] = shop.buy(amount, timeout)


buyer = threading.Thread(target=customer, args=("patient", 3, None))
hasty = threading.Thread(target=customer, args=("hasty", 100, 0.05))
buyer.start()
hasty.start()
for _ in range(4):
    time.sleep(0.03)
    shop.restock(1)
buyer.join()
hasty.join()
print("patient bought:", outcome["patient"])
print("hasty bought:", outcome["hasty"])
print("stock left:", shop.stock)
