for i in range(10):
    if i % 2 == 0:
        continue
    if i > 7:
        break
    print("odd", i)

total = 0
n = 0
while True:
    n += 1
    if n == 3:
        continue
    if n > 6:
        break
    total += n
print("total", total)
