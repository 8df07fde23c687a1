total = 10
count = 0
print("dividing")
print(total // count)
