print("before")
x = 1
print(x + undefined_variable)
print("never printed")
