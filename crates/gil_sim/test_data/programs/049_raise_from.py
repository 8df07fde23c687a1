class ConfigError(Exception):
    pass


def load(key):
    data = {"a": 1}
    try:
        return data[key]
    except KeyError as e:
        raise ConfigError("missing config " + key) from e


try:
    load("b")
except ConfigError as err:
    print("caught:", err)
    print("cause:", type(err.__cause__).__name__, err.__cause__)
    print("suppress context:", err.__suppress_context__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during handling")
except ValueError as err:
    print("context:", type(err.__context__).__name__)
    print("cause:", err.__cause__)

try:
    raise RuntimeError("no cause") from None
except RuntimeError as err:
    print(err, err.__cause__, err.__suppress_context__)
