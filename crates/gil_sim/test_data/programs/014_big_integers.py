def factorial(n):
    result = 1
    i = 2
    while i <= n:
        result *= i
        i += 1
    return result


print(2 ** 100)
print(10 ** 30 // 7)
print(10 ** 30 % 7)
print(factorial(30))
print(-(2 ** 70))
print(2 ** 64 - 1)
print((2 ** 64) * (2 ** 64))
print(3 ** 50 - 3 ** 49)
print(-(10 ** 20) // 3)
print(factorial(25) // factorial(23))
print(2 ** 100 == 1267650600228229401496703205376)
print(len(str(2 ** 1000)))
