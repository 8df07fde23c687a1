def make_multiplier(n):
    def multiply(x):
        return x * n
    return multiply


def outer():
    message = "from outer"

    def inner():
        return message.upper()
    return inner()


double = make_multiplier(2)
triple = make_multiplier(3)
print(double(5), triple(5))
print(outer())
print(double.__name__)
print(double.__closure__[0].cell_contents)


def adder(a):
    def add_b(b):
        def add_c(c):
            return a + b + c
        return add_c
    return add_b


print(adder(1)(2)(3))
