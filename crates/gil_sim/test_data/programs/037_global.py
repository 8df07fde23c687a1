counter = 0
name = "start"


def bump():
    global counter
    counter += 1


def rename(new):
    global name
    name = new


def create():
    global created
    created = "made inside function"


def read_only():
    return counter * 10


bump()
bump()
print(counter)
rename("end")
print(name)
create()
print(created)
print(read_only())
