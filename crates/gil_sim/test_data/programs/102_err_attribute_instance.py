class Car:
    def __init__(self):
        self.speed = 10


car = Car()
print(car.speed)
print(car.colour)
