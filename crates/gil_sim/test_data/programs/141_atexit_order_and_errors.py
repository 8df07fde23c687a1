import atexit


def first():
    print("registered first, runs last")


def second(word, times=1):
    print("registered second:", word * times)


class Broken:
    def __call__(self):
        print("this handler raises")
        raise ValueError("oops")

    def __repr__(self):
        return "<the broken handler>"


broken = Broken()


def removed():
    print("never: unregistered")


atexit.register(first)
atexit.register(second, "ab", times=2)
atexit.register(broken)
atexit.register(removed)
atexit.unregister(removed)


@atexit.register
def decorated():
    print("decorated handlers register too")


print("module done")
