for i in range(5):
    try:
        if i == 2:
            print("breaking at", i)
            break
        print("body", i)
    finally:
        print("finally", i)

for i in range(3):
    try:
        if i == 1:
            continue
        print("kept", i)
    finally:
        print("cleanup", i)

try:
    try:
        raise KeyError("x")
    finally:
        print("inner finally during exception")
except KeyError:
    print("caught after finally")

for i in range(3):
    try:
        raise ValueError(i)
    finally:
        print("break in finally swallows the exception", i)
        break
print("after loop")
