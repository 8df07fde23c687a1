class Pizza:
    count = 0

    def __init__(self, toppings):
        self.toppings = toppings
        Pizza.count += 1

    @staticmethod
    def is_valid_topping(t):
        return t in ("cheese", "ham", "olive")

    @classmethod
    def margherita(cls):
        return cls(["cheese", "tomato"])

    @classmethod
    def how_many(cls):
        return cls.__name__ + ": " + str(cls.count)


print(Pizza.is_valid_topping("ham"))
print(Pizza.is_valid_topping("pineapple"))
p = Pizza.margherita()
print(p.toppings)
print(p.is_valid_topping("olive"))
print(Pizza.how_many())
Pizza(["ham"])
print(p.how_many())
