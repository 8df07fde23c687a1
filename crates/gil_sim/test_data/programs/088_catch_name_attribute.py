import sys


def report(e):
    print(type(e).__name__ + ":", str(e))


try:
    print(undefined_name)
except NameError as e:
    report(e)


def uses_missing():
    return missing_in_function + 1


try:
    uses_missing()
except NameError as e:
    report(e)


class Widget:
    def __init__(self):
        self.size = 3


try:
    Widget().colour
except AttributeError as e:
    report(e)

try:
    sys.no_such_thing
except AttributeError as e:
    report(e)
