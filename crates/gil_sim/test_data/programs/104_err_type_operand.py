print("adding")
total = 1 + "a"
print(total)
