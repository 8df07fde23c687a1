def helper(n):
    return n * 2


def main():
    print("running main")
    print(helper(21))
    print(__name__)


if __name__ == "__main__":
    main()
else:
    print("imported, not run")
