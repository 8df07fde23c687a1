x = 3.5
y = 0.0
print("dividing floats")
print(x / y)
