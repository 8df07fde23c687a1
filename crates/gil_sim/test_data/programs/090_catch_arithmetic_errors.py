def report(e):
    print(type(e).__name__ + ":", str(e))


try:
    1 // 0
except ZeroDivisionError as e:
    report(e)

try:
    1 / 0
except ZeroDivisionError as e:
    report(e)

try:
    1.5 / 0.0
except ZeroDivisionError as e:
    report(e)

try:
    7 % 0
except ZeroDivisionError as e:
    report(e)

try:
    divmod(3, 0)
except ArithmeticError as e:
    report(e)

try:
    5.0 % 0.0
except ZeroDivisionError as e:
    report(e)
