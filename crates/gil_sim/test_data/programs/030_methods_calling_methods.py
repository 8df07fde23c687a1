class Account:
    def __init__(self, owner):
        self.owner = owner
        self.balance = 0

    def deposit(self, amount):
        self.balance += amount
        self.log("deposit", amount)

    def withdraw(self, amount):
        if amount > self.balance:
            self.log("refused", amount)
            return False
        self.balance -= amount
        self.log("withdraw", amount)
        return True

    def log(self, action, amount):
        print(self.owner, action, amount, "->", self.balance)


acct = Account("Eve")
acct.deposit(100)
print(acct.withdraw(30))
print(acct.withdraw(500))
print(acct.balance)
