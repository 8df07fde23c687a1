def power(base, exp=2):
    return base ** exp


def describe(name, greeting="Hi", punct="!"):
    return greeting + ", " + name + punct


print(power(3))
print(power(2, 10))
print(describe("Bob"))
print(describe("Bob", "Hello"))
print(describe("Bob", "Hey", "?"))
print(power.__defaults__)
print(describe.__defaults__)
