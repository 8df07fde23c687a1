def divide(a, b):
    try:
        result = a / b
    except ZeroDivisionError:
        print("cannot divide by zero")
        result = None
    else:
        print("division ok")
    finally:
        print("finally runs")
    return result


print(divide(10, 2))
print(divide(1, 0))

try:
    print("no error here")
except Exception:
    print("never")
else:
    print("else branch")

try:
    [][1]
except IndexError:
    print("index error")
except Exception:
    print("generic")
