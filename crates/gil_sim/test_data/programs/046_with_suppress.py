class Suppressor:
    def __enter__(self):
        print("enter")
        return "value"

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            print("exit suppressing", exc_type.__name__, exc)
        else:
            print("exit clean")
        return True


with Suppressor() as v:
    print("got", v)
    raise ValueError("boom")
    print("not reached")
print("continued after suppressed exception")

with Suppressor():
    print("no error")
print("done")
