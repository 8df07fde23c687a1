def risky():
    try:
        raise KeyError("k")
    except KeyError:
        print("logging and re-raising")
        raise


try:
    risky()
except KeyError as e:
    print("outer caught", repr(e))

try:
    try:
        int("abc")
    except ValueError as e:
        print("inner:", e)
        raise
    finally:
        print("inner finally")
except ValueError:
    print("outer got it again")
