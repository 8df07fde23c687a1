class Animal:
    def __init__(self, name, sound):
        self.name = name
        self.sound = sound

    def speak(self):
        return self.name + " says " + self.sound

    def kind(self):
        return "animal"


class Cat(Animal):
    def __init__(self, name):
        super().__init__(name, "meow")
        self.lives = 9

    def kind(self):
        return "cat, a kind of " + super().kind()


c = Cat("Tom")
print(c.speak())
print(c.kind())
print(c.lives)
print(isinstance(c, Animal), isinstance(c, Cat))
print(issubclass(Cat, Animal), issubclass(Animal, Cat))
print(Cat.__bases__[0].__name__)
print(Cat.__mro__[1].__name__)
