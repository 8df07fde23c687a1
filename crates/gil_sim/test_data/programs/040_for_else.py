def find(items, target):
    for i in items:
        if i == target:
            print("found", target)
            break
    else:
        print("not found", target)


find([1, 2, 3], 2)
find([1, 2, 3], 5)
find([], 1)

for n in range(2, 12):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, "is prime")
