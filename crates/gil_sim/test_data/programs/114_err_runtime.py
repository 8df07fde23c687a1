def check(state):
    if state != "ready":
        raise RuntimeError("system not ready: " + state)
    return "ok"


print(check("ready"))
print(check("broken"))
