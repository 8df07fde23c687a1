def greet(name):
    return "hi " + name


print(greet("a"))
print(greet("a", "b"))
