class Resource:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type)
        return False


with Resource("r1") as r:
    print("inside with", r.name)
print("after with")

with Resource("outer") as a, Resource("inner") as b:
    print("using", a.name, b.name)

with Resource("no-as"):
    print("body")
