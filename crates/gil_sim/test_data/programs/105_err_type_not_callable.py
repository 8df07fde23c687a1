value = 42
print("calling an int")
value()
