class Dog:
    species = "canine"
    count = 0

    def __init__(self, name):
        self.name = name
        Dog.count += 1


a = Dog("Rex")
b = Dog("Fido")
print(Dog.count)
print(a.species, b.species)
a.species = "wolf"
print(a.species, b.species, Dog.species)
Dog.species = "dog"
print(a.species, b.species)
print(a.name, b.name)
print("name" in a.__dict__, "species" in b.__dict__)
