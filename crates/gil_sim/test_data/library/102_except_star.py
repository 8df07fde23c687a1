# gil-lab: requires 3.11
from concurrent.futures import ThreadPoolExecutor


def check(item):
    name, value = item
    if value is None:
        raise ValueError(f"{name}: missing value")
    if not isinstance(value, int):
        raise TypeError(f"{name}: expected int, got {type(value).__name__}")
    return value


items = [("a", 1), ("b", None), ("c", "3"), ("d", 4), ("e", None)]
with ThreadPoolExecutor(max_workers=3) as executor:
    futures = [executor.submit(check, item) for item in items]

errors = [f.exception() for f in futures if f.exception() is not None]
good = [f.result() for f in futures if f.exception() is None]
print("good values:", good)

try:
    raise ExceptionGroup("validation failed", errors)
except* ValueError as group:
    print("ValueErrors:", [str(e) for e in group.exceptions])
except* TypeError as group:
    print("TypeErrors:", [str(e) for e in group.exceptions])

eg = ExceptionGroup("batch", [KeyError("k"), ValueError("v"), KeyError("j")])
matched, rest = eg.split(KeyError)
print("split:", [repr(e) for e in matched.exceptions], [repr(e) for e in rest.exceptions])
print("subgroup message:", eg.subgroup(ValueError).message)
