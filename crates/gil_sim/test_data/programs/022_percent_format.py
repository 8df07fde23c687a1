name = "Bob"
age = 42
score = 3.14159
print("%s is %d years old" % (name, age))
print("repr: %r" % name)
print("score: %.2f" % score)
print("[%5d]" % age)
print("[%-5s]" % name)
print("hex: %x" % 255)
print("%d%% done" % 100)
print("%s" % [1, 2])
print("%05.1f|%+d|%o" % (score, age, 8))
print("%(a)s-%(b)s" % {"a": "x", "b": "y"})
print("%c%c" % (72, "i"))
print("%e" % 12345.678)
