from multiprocessing import Array, Process, Value


def f(n, a):
    n.value = 3.1415927
    for i in range(len(a)):
        a[i] = -a[i]


if __name__ == "__main__":
    num = Value("d", 0.0)
    arr = Array("i", range(10))
    print("before:", num.value, arr[:])

    p = Process(target=f, args=(num, arr))
    p.start()
    p.join()

    print("after: ", num.value, arr[:])
    print("value type:", type(num.value).__name__, "length:", len(arr))
    letters = Array("c", b"hello")
    print("char array:", letters.value, letters[:])
