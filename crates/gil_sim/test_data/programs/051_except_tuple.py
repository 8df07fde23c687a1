def trial(kind):
    try:
        if kind == 1:
            raise TypeError("type problem")
        elif kind == 2:
            raise ValueError("value problem")
        elif kind == 3:
            raise KeyError("key")
        return "no error"
    except (TypeError, ValueError) as e:
        return "tuple handler: " + type(e).__name__ + ": " + str(e)
    except LookupError as e:
        return "lookup handler: " + repr(e)


print(trial(0))
print(trial(1))
print(trial(2))
print(trial(3))
