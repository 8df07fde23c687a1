for i in range(1, 4):
    row = ""
    for j in range(1, 4):
        row += str(i * j) + " "
    print(row)

pairs = []
for a in "ab":
    for b in [1, 2, 3]:
        if b == 2:
            continue
        pairs.append(a + str(b))
print(pairs)

found = None
for x in range(5):
    for y in range(5):
        if x * y == 6:
            found = (x, y)
            break
    if found:
        break
print(found)
