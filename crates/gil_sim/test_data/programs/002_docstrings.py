"""Module docstring for the docstrings test."""


def greet(name):
    """Return a greeting for name."""
    return "Hello, " + name


class Box:
    """A box that holds one value."""

    def get(self):
        """Return nothing in particular."""
        return None


print(__doc__)
print(greet.__doc__)
print(greet("Ann"))
print(Box.__doc__)
print(Box.get.__doc__)
print(Box().get())
