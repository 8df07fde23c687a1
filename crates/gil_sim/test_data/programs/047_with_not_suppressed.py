class Guard:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, exc_type, exc, tb):
        print("exit with", exc_type.__name__ if exc_type else None)
        return None


try:
    with Guard():
        print("about to fail")
        x = 1 // 0
        print("not reached")
except ZeroDivisionError as e:
    print("caught outside:", e)


def use():
    with Guard() as g:
        return "returned from inside with"


print(use())
