class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, item):
        super().__init__("not found: " + item)
        self.item = item


class Invalid(AppError):
    def __str__(self):
        return "invalid!"


for exc in [NotFound("x"), Invalid("ignored"), AppError("plain", 2)]:
    try:
        raise exc
    except NotFound as e:
        print("NotFound", e, e.item, e.args)
    except AppError as e:
        print(type(e).__name__, str(e), e.args)

print(issubclass(NotFound, Exception))
print(repr(AppError("a")))
