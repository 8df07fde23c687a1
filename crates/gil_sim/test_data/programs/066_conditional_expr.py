for n in [3, 8, 0]:
    parity = "even" if n % 2 == 0 else "odd"
    print(n, parity)
x = 5
label = "big" if x > 100 else "medium" if x > 3 else "small"
print(label)
print("yes" if [] else "no")
print(abs(-2) if x else 0)
y = None
print(y if y is not None else "default")
