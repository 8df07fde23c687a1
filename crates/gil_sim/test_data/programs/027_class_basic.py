class Counter:
    def __init__(self, start):
        self.value = start

    def increment(self):
        self.value += 1

    def get(self):
        return self.value


c = Counter(10)
c.increment()
c.increment()
print(c.get())
print(c.value)
d = Counter(0)
print(d.get(), c.get())
print(type(c).__name__)
print(Counter.__name__)
