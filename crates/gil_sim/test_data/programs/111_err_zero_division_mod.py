n = 17
m = 0
print("modulo")
print(n % m)
