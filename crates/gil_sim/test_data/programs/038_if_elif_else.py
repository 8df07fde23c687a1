def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"


for v in [-5, 0, 3, 42]:
    print(v, classify(v))

x = 7
if x % 2:
    print("odd")
if not x % 2:
    print("even")
else:
    print("not even")
if x > 5 and x < 10:
    print("between")
if []:
    print("empty list is true")
elif "":
    print("empty string is true")
else:
    print("both falsy")
