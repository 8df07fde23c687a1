def search(values, target):
    i = 0
    while i < len(values):
        if values[i] == target:
            print("index", i)
            break
        i += 1
    else:
        print("missing", target)


search([5, 6, 7], 7)
search([5, 6, 7], 8)
n = 0
while n < 3:
    n += 1
else:
    print("while finished normally, n =", n)
