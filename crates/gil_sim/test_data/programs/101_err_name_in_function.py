def compute():
    print("computing")
    return missing_value * 2


print("start")
compute()
print("never printed")
